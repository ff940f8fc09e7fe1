#include "harness/process/child_process.hpp"

#include "harness/process/live_processes.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

extern char** environ;

namespace atc {
namespace {

[[noreturn]] void fail_errno(const std::string& what) {
  throw ProcessError(what + ": " + std::strerror(errno));
}

void keep_tail(std::string& tail, std::string_view more, std::size_t limit) {
  tail.append(more);
  if (tail.size() > limit) tail.erase(0, tail.size() - limit);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void nonblocking(int fd) {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0 || ::fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) fail_errno("fcntl");
}

int poll_ms(ChildProcess::Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ChildProcess::Clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<long long>(left.count(), 60'000) + 1);
}

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

// The parent's environment with `extra` ("NAME=value") replacing or adding entries.
std::vector<std::string> environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view v(*e);
    bool replaced = false;
    for (const auto& x : extra) {
      auto eq = x.find('=');
      if (eq != std::string::npos && v.substr(0, eq + 1) == std::string_view(x).substr(0, eq + 1))
        replaced = true;
    }
    if (!replaced) env.emplace_back(v);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

}  // namespace

ChildProcess::ChildProcess(ChildSpec spec)
    : stderr_log_(spec.stderr_log), tail_limit_(spec.tail_limit) {
  if (spec.argv.empty()) throw ProcessError("no program to start");
  name_ = std::filesystem::path(spec.argv[0]).filename().string();
  try {
    spawn(spec);
  } catch (...) {
    stop();
    throw;
  }
}

ChildProcess::~ChildProcess() {
  stop();
}

void ChildProcess::spawn(const ChildSpec& spec) {
  int in[2] = {-1, -1}, out[2], err[2];
  if (spec.control) {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0) fail_errno("socketpair");
  } else {
    in[0] = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in[0] < 0) fail_errno("open /dev/null");
  }
  if (::pipe2(out, O_CLOEXEC) != 0) fail_errno("pipe");
  if (::pipe2(err, O_CLOEXEC) != 0) fail_errno("pipe");
  if (!stderr_log_.empty()) {
    log_ = ::open(stderr_log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_ < 0) fail_errno("open " + stderr_log_);
  }
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::vector<std::string> env_store = environment(spec.env);
  std::vector<char*> envp;
  for (const auto& e : env_store) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const int child_in = spec.control ? in[1] : in[0];
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(child_in, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close_range(3, ~0U, 0);
    ::execve(argv[0], argv.data(), envp.data());
    const char msg[] = "exec failed\n";
    [[maybe_unused]] ssize_t n = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(child_in);
  ::close(out[1]);
  ::close(err[1]);
  control_ = spec.control ? in[0] : -1;
  out_ = out[0];
  err_ = err[0];
  if (pid < 0) {
    errno = fork_errno;
    fail_errno("fork");
  }
  pid_ = pid;
  if (!live::add_process(pid_)) throw ProcessError("the run is stopping: no new process");
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));  // -1: fall back to polling
  if (control_ >= 0) nonblocking(control_);
  nonblocking(out_);
  nonblocking(err_);
}

bool ChildProcess::pump(int fd, std::string& tail, std::string* lines) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      std::string_view got(buf, static_cast<std::size_t>(n));
      if (fd == err_ && log_ >= 0) {
        [[maybe_unused]] ssize_t w = ::write(log_, buf, static_cast<std::size_t>(n));
      }
      std::lock_guard lk(mu_);
      keep_tail(tail, got, tail_limit_);
      if (lines) lines->append(got);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

std::optional<std::string> ChildProcess::await_line(std::string_view prefix,
                                                    Clock::time_point deadline) {
  bool out_open = out_ >= 0, err_open = err_ >= 0;
  for (;;) {
    for (std::size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.starts_with(prefix)) return line.substr(prefix.size());
    }
    if (!out_open) return std::nullopt;
    pollfd p[2] = {{out_, POLLIN, 0}, {err_open ? err_ : -1, POLLIN, 0}};
    int n = ::poll(p, 2, poll_ms(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    if (p[1].revents) err_open = pump(err_, err_tail_, nullptr);
    if (p[0].revents) out_open = pump(out_, out_tail_, &pending_);
  }
}

void ChildProcess::drain() {
  if (drain_.joinable() || pid_ < 0) return;
  if (::pipe2(stop_, O_CLOEXEC | O_NONBLOCK) != 0) fail_errno("pipe");
  drain_ = std::thread([this] { drain_loop(); });
}

void ChildProcess::drain_loop() {
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
    if (p[0].revents) out_open = pump(out_, out_tail_, nullptr);
    if (p[1].revents) err_open = pump(err_, err_tail_, nullptr);
    if (p[2].revents) {
      // Stopping: take what is still buffered, then leave.
      if (out_open) pump(out_, out_tail_, nullptr);
      if (err_open) pump(err_, err_tail_, nullptr);
      return;
    }
  }
}

bool ChildProcess::send(std::string_view bytes, Clock::time_point deadline) {
  while (!bytes.empty()) {
    if (control_ < 0) return false;
    ssize_t n = ::send(control_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      pollfd p{control_, POLLOUT, 0};
      if (::poll(&p, 1, poll_ms(deadline)) <= 0) return false;
    } else {
      return false;
    }
  }
  return true;
}

void ChildProcess::close_control() {
  close_fd(control_);
}

bool ChildProcess::wait_exit(Millis limit) {
  std::lock_guard lk(reap_mu_);
  if (status_ || pid_ <= 0) return true;
  const auto deadline = Clock::now() + limit;
  for (;;) {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = st;
      live::remove_process(pid_);
      return true;
    }
    if (r < 0 && errno != EINTR) {  // not our child any more (reaped elsewhere): give up
      status_ = -1;
      live::remove_process(pid_);
      return true;
    }
    if (Clock::now() >= deadline) return false;
    if (pidfd_ >= 0) {
      pollfd p{pidfd_, POLLIN, 0};
      ::poll(&p, 1, poll_ms(deadline));
    } else {
      pollfd none{-1, 0, 0};  // no pidfd (old kernel): re-check at a 5 ms pace
      ::poll(&none, 1, 5);
    }
  }
}

std::optional<int> ChildProcess::exit_code() const {
  std::lock_guard lk(const_cast<std::mutex&>(reap_mu_));
  if (!status_) return std::nullopt;
  return *status_ == -1 ? -1 : decode(*status_);
}

std::string ChildProcess::exit_description() {
  if (!wait_exit(Millis(200)))
    return name_ + " (pid " + std::to_string(pid_) + ") is still running";
  int st;
  {
    std::lock_guard lk(reap_mu_);
    st = *status_;
  }
  if (st == -1) return name_ + " was reaped elsewhere";
  if (WIFEXITED(st)) return name_ + " exited with status " + std::to_string(WEXITSTATUS(st));
  if (WIFSIGNALED(st)) return name_ + " was killed by signal " + ::strsignal(WTERMSIG(st));
  return name_ + " stopped";
}

void ChildProcess::stop(Millis grace, Millis term_grace) noexcept {
  try {
    if (pid_ > 0) {
      const bool had_control = control_ >= 0;
      close_control();  // end of input: the polite way of saying quit
      if (!wait_exit(had_control ? grace : Millis{0})) {
        ::kill(pid_, SIGTERM);
        if (!wait_exit(term_grace)) {
          ::kill(pid_, SIGKILL);
          wait_exit(Millis{5000});  // SIGKILL cannot be refused; only a D-state could delay it
        }
      }
    }
  } catch (...) {
  }
  {
    // Whatever happened above, no zombie is left behind.
    std::lock_guard lk(reap_mu_);
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
      }
      status_ = st;
      live::remove_process(pid_);
    }
  }
  if (drain_.joinable()) {
    const char c = 'x';
    [[maybe_unused]] ssize_t n = ::write(stop_[1], &c, 1);
    drain_.join();
  }
  close_fd(control_);
  close_fd(out_);
  close_fd(err_);
  close_fd(log_);
  close_fd(pidfd_);
  close_fd(stop_[0]);
  close_fd(stop_[1]);
}

std::string ChildProcess::stdout_tail() const {
  std::lock_guard lk(mu_);
  return out_tail_;
}

std::string ChildProcess::stderr_tail() const {
  std::lock_guard lk(mu_);
  return err_tail_;
}

ChildRun run_to_end(std::vector<std::string> argv, std::chrono::milliseconds deadline,
                    std::vector<std::string> env) {
  const auto start = ChildProcess::Clock::now();
  ChildProcess child(
      {.argv = std::move(argv), .env = std::move(env), .tail_limit = std::size_t{64} << 20});
  ChildRun r;
  // Read everything it writes, however much (await_line keeps nothing we ask for here).
  const auto end = start + deadline;
  const bool ended = !child.await_line(std::string_view("\x01\x02no-such-line"), end) &&
                     ChildProcess::Clock::now() < end;
  r.timed_out = !ended || !child.wait_exit(std::chrono::duration_cast<ChildProcess::Millis>(
                              end - ChildProcess::Clock::now()));
  if (r.timed_out) child.stop(ChildProcess::Millis{0}, ChildProcess::Millis{0});
  // What it wrote to stderr after its stdout closed: read to the end, then reap.
  child.drain();
  child.stop(ChildProcess::Millis{0}, ChildProcess::Millis{0});
  r.out = child.stdout_tail();
  r.err = child.stderr_tail();
  r.exit_code = r.timed_out ? -1 : child.exit_code().value_or(-1);
  r.took =
      std::chrono::duration_cast<std::chrono::milliseconds>(ChildProcess::Clock::now() - start);
  return r;
}

}  // namespace atc
