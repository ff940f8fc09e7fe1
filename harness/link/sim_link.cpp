#include "harness/link/sim_link.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "harness/link/link_error.hpp"
#include "harness/link/posix_io.hpp"

namespace atc {

namespace {

constexpr auto kAnnounceLimit = std::chrono::seconds(5);
constexpr auto kQuitLimit = Millis(1000);
constexpr std::size_t kTailMax = 4096;
const std::string kAnnounce = "atsim: pty ";

void keep_tail(std::string& tail, std::string_view more) {
  tail.append(more);
  if (tail.size() > kTailMax) tail.erase(0, tail.size() - kTailMax);
}

bool executable(const std::string& path) {
  return ::access(path.c_str(), X_OK) == 0;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string SimLink::find_atsim(const std::optional<std::string>& option, const std::string& uri) {
  if (option) {
    if (executable(*option)) return *option;
    throw LinkError(uri + ": atsim=" + *option + " is not an executable file");
  }
  std::string tried;
  if (const char* env = std::getenv("ATSIM"); env && *env) {
    if (executable(env)) return env;
    tried = std::string(env) + " ($ATSIM), ";
  }
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = (self.parent_path() / "atsim").string();
    if (executable(beside)) return beside;
    tried += beside + " (beside " + self.filename().string() + ")";
  }
  throw LinkError(uri + ": cannot find atsim; tried " + (tried.empty() ? "nothing" : tried) +
                  "; build the atsim target, set ATSIM, or pass atsim=PATH");
}

SimLink::SimLink(Options o, const SerialSettings& s, std::string uri) : uri_(std::move(uri)) {
  const std::string exe = find_atsim(o.atsim, uri_);
  try {
    // A private directory for this link: the NVS file (unless the URI names one: NVS must
    // survive AT+RST, a restart inside atsim, but not this link) and the power switch.
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/atsim-XXXXXX";
    if (!::mkdtemp(templ.data())) throw_errno(uri_ + ": mkdtemp " + templ);
    tmpdir_ = templ;
    nvs_ = o.nvs ? *o.nvs : tmpdir_ + "/nvs";
    power_switch_ = tmpdir_ + "/power";
    // The rig's <power_cycle command="echo cycle > &quot;$ATC_SIM_POWER_SWITCH&quot;"/> finds
    // it here (the command runs in a shell started by this process).
    ::setenv("ATC_SIM_POWER_SWITCH", power_switch_.c_str(), 1);
    std::vector<std::string> args = {exe,  "--chip",         o.chip,       "--nvs",
                                     nvs_, "--power-switch", power_switch_};
    for (const auto& d : o.defects) {
      args.push_back("--defect");
      args.push_back(d);
    }
    auto add = [&args](const char* flag, const std::optional<std::string>& v) {
      if (v) args.insert(args.end(), {flag, *v});
    };
    add("--world", o.world);
    add("--truth", o.truth);
    add("--pki", o.pki);
    add("--dns", o.dns);
    add("--ota", o.ota);
    if (o.low_port_offset) add("--low-port-offset", std::to_string(*o.low_port_offset));
    if (o.boot_ms) {
      args.push_back("--boot-ms");
      args.push_back(std::to_string(*o.boot_ms));
    }
    spawn(exe, args);
    std::string pty = await_pty(Clock::now() + kAnnounceLimit);
    try {
      tty_ = std::make_unique<TtyLink>(pty, s, uri_);
    } catch (const LinkError& e) {
      fail(std::string("cannot open the PTY atsim announced: ") + e.what());
    }
    if (::pipe2(stop_, O_CLOEXEC | O_NONBLOCK) != 0) throw_errno(uri_ + ": pipe");
    drain_ = std::thread([this] { drain_loop(); });
  } catch (...) {
    shutdown();
    throw;
  }
}

SimLink::~SimLink() {
  shutdown();
}

void SimLink::spawn(const std::string& exe, const std::vector<std::string>& args) {
  int ctl[2], out[2], err[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ctl) != 0)
    throw_errno(uri_ + ": socketpair");
  ctl_ = ctl[0];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(ctl[1]);
    throw_errno(uri_ + ": pipe");
  }
  out_ = out[0];
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(ctl[1]);
    ::close(out[1]);
    throw_errno(uri_ + ": pipe");
  }
  err_ = err[0];

  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(ctl[1], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close_range(3, ~0U, 0);
    ::execv(exe.c_str(), argv.data());
    const char msg[] = "atsim: exec failed\n";
    [[maybe_unused]] ssize_t n = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(ctl[1]);
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    errno = fork_errno;
    throw_errno(uri_ + ": fork");
  }
  pid_ = pid;
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));  // -1: fall back to polling
  make_nonblocking(ctl_, uri_);
  make_nonblocking(out_, uri_);
  make_nonblocking(err_, uri_);
}

bool SimLink::pump(int fd, std::string& tail, std::string* lines) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      std::lock_guard lk(mu_);
      keep_tail(tail, std::string_view(buf, static_cast<std::size_t>(n)));
      if (lines) lines->append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

std::string SimLink::await_pty(Clock::time_point deadline) {
  std::string lines;
  bool out_open = true, err_open = true;
  while (out_open) {
    pollfd p[2] = {{out_, POLLIN, 0}, {err_open ? err_ : -1, POLLIN, 0}};
    if (poll_until(p, 2, deadline, uri_) == 0)
      fail("atsim did not announce its PTY (\"" + kAnnounce + "/dev/pts/N\") within " +
           std::to_string(kAnnounceLimit.count()) + " s");
    if (p[1].revents) err_open = pump(err_, err_tail_, nullptr);
    if (p[0].revents) out_open = pump(out_, out_tail_, &lines);
    for (std::size_t nl; (nl = lines.find('\n')) != std::string::npos; lines.erase(0, nl + 1)) {
      std::string line = lines.substr(0, nl);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind(kAnnounce, 0) == 0) return line.substr(kAnnounce.size());
    }
  }
  if (err_open) pump(err_, err_tail_, nullptr);
  fail("atsim closed its stdout without announcing its PTY");
}

void SimLink::drain_loop() {
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd p[3] = {{out_open ? out_ : -1, POLLIN, 0},
                   {err_open ? err_ : -1, POLLIN, 0},
                   {stop_[0], POLLIN, 0}};
    int r = ::poll(p, 3, -1);  // ends with the stop pipe or both ends closed
    if (r < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (p[2].revents) return;
    if (p[0].revents) out_open = pump(out_, out_tail_, nullptr);
    if (p[1].revents) err_open = pump(err_, err_tail_, nullptr);
  }
}

bool SimLink::wait_exit(Millis limit) {
  std::lock_guard lk(reap_mu_);
  if (status_) return true;
  if (pid_ <= 0) return true;
  const auto deadline = Clock::now() + limit;
  for (;;) {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = st;
      return true;
    }
    if (r < 0 && errno != EINTR) {  // not our child any more (someone reaped it): give up
      status_ = -1;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    if (pidfd_ >= 0) {
      pollfd p{pidfd_, POLLIN, 0};
      poll_until(&p, 1, deadline, uri_);
    } else {
      pollfd none{-1, 0, 0};  // no pidfd (old kernel): re-check at a 5 ms pace
      poll_until(&none, 1, std::min(deadline, Clock::now() + Millis(5)), uri_);
    }
  }
}

std::string SimLink::exit_description() {
  if (!wait_exit(Millis(200))) return "atsim (pid " + std::to_string(pid_) + ") is still running";
  int st;
  {
    std::lock_guard lk(reap_mu_);
    st = *status_;
  }
  if (st == -1) return "atsim was reaped elsewhere";
  if (WIFEXITED(st)) return "atsim exited with status " + std::to_string(WEXITSTATUS(st));
  if (WIFSIGNALED(st))
    return std::string("atsim was killed by signal ") + ::strsignal(WTERMSIG(st));
  return "atsim stopped";
}

std::string SimLink::stderr_tail() const {
  std::lock_guard lk(mu_);
  return err_tail_;
}

void SimLink::fail(const std::string& why) {
  if (err_ >= 0 && !drain_.joinable()) pump(err_, err_tail_, nullptr);
  std::string tail = stderr_tail();
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  throw LinkError(uri_ + ": " + why + "; " + exit_description() +
                  (tail.empty() ? "; its stderr is empty" : "; its stderr ends:\n" + tail));
}

std::optional<Chunk> SimLink::read(Clock::time_point deadline) {
  try {
    return tty_->read(deadline);
  } catch (const LinkError& e) {
    fail(e.what());
  }
}

void SimLink::write(std::string_view bytes) {
  try {
    tty_->write(bytes);
  } catch (const LinkError& e) {
    fail(e.what());
  }
}

bool SimLink::set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
  std::string cmd;
  {
    std::lock_guard lk(mu_);
    if (dtr) dtr_ = *dtr;
    if (rts) rts_ = *rts;
    cmd = std::string("LINES ") + (dtr_ ? '1' : '0') + ' ' + (rts_ ? '1' : '0') + '\n';
  }
  std::string_view rest = cmd;
  const auto deadline = Clock::now() + Millis(1000);
  while (!rest.empty()) {
    ssize_t n = ::send(ctl_, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n > 0) {
      rest.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      pollfd p{ctl_, POLLOUT, 0};
      if (poll_until(&p, 1, deadline, uri_) == 0) fail("atsim does not read its control input");
    } else {
      fail(std::string("cannot send to atsim's control input: ") + std::strerror(errno));
    }
  }
  return true;
}

void SimLink::shutdown() noexcept {
  try {
    if (pid_ > 0) {
      if (ctl_ >= 0) {
        [[maybe_unused]] ssize_t n = ::send(ctl_, "QUIT\n", 5, MSG_NOSIGNAL | MSG_DONTWAIT);
        close_fd(ctl_);  // end of input: the other way of saying quit
      }
      if (!wait_exit(kQuitLimit)) {
        ::kill(pid_, SIGKILL);
        if (!wait_exit(Millis(5000))) {  // SIGKILL cannot be refused; only a D-state could
          int st = 0;
          while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
          }
        }
      }
    }
  } catch (...) {
    // A poll failure while waiting: make sure there is no zombie, whatever it costs.
    std::lock_guard lk(reap_mu_);
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
      }
    }
  }
  if (drain_.joinable()) {
    const char c = 'x';
    [[maybe_unused]] ssize_t n = ::write(stop_[1], &c, 1);
    drain_.join();
  }
  tty_.reset();
  close_fd(ctl_);
  close_fd(out_);
  close_fd(err_);
  close_fd(pidfd_);
  close_fd(stop_[0]);
  close_fd(stop_[1]);
  if (!tmpdir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(tmpdir_, ec);
    tmpdir_.clear();
  }
}

}  // namespace atc
