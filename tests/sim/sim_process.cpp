#include "tests/sim/sim_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace atsim_test {
namespace {

pid_t spawn(const std::vector<std::string>& args, int in_fd, int out_fd, int err_fd) {
  std::vector<char*> argv;
  std::string prog = ATSIM_PATH;
  argv.push_back(prog.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    if (err_fd >= 0) ::dup2(err_fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

int decode_status(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

SimProcess::SimProcess(std::vector<std::string> args) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_ = spawn(args, in[0], out[1], -1);
  ::close(in[0]);
  ::close(out[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));

  const auto deadline = Clock::now() + 5s;
  std::string first = read_stdout_line(deadline);
  const std::string pty_prefix = "atsim: pty ";
  if (!first.starts_with(pty_prefix)) {
    throw std::runtime_error("atsim did not announce its pty; first line: '" + first + "'");
  }
  pty_path_ = first.substr(pty_prefix.size());
  for (const auto& a : args) {
    if (a == "--tcp") {
      std::string second = read_stdout_line(deadline);
      auto colon = second.rfind(':');
      if (!second.starts_with("atsim: tcp 127.0.0.1:") || colon == std::string::npos) {
        throw std::runtime_error("atsim did not announce its tcp port: '" + second + "'");
      }
      tcp_port_ = std::stoi(second.substr(colon + 1));
    }
  }
}

SimProcess::~SimProcess() {
  if (!exit_code_ && pid_ > 0) {
    ::kill(pid_, SIGTERM);
    if (!wait_exit(3000ms)) {
      ::kill(pid_, SIGKILL);
      wait_exit(3000ms);
    }
  }
  for (int fd : {pidfd_, stdin_fd_, stdout_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

std::string SimProcess::read_stdout_line(Clock::time_point deadline) {
  for (;;) {
    auto nl = stdout_buf_.find('\n');
    if (nl != std::string::npos) {
      std::string line = stdout_buf_.substr(0, nl);
      stdout_buf_.erase(0, nl + 1);
      return line;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n <= 0) return "(timeout) " + stdout_buf_;
    char buf[256];
    ssize_t r = ::read(stdout_fd_, buf, sizeof buf);
    if (r <= 0) return "(eof) " + stdout_buf_;
    stdout_buf_.append(buf, static_cast<std::size_t>(r));
  }
}

void SimProcess::control(const std::string& line) {
  std::string l = line + "\n";
  if (::write(stdin_fd_, l.data(), l.size()) != static_cast<ssize_t>(l.size())) {
    throw std::runtime_error("control write failed");
  }
}

void SimProcess::close_stdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

std::optional<int> SimProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  // pidfd becomes readable when the process exits: a wait with a deadline and no sleeping.
  pollfd p{pidfd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
  int status = 0;
  if (::waitpid(pid_, &status, 0) != pid_) return std::nullopt;
  exit_code_ = decode_status(status);
  return exit_code_;
}

RunResult run_atsim(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = spawn(args, devnull, out[1], err[1]);
  ::close(devnull);
  ::close(out[1]);
  ::close(err[1]);
  RunResult r;
  const auto deadline = Clock::now() + timeout;
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && Clock::now() < deadline) {
    pollfd p[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}};
    if (::poll(p, 2, remaining_ms(deadline)) <= 0) break;
    char buf[4096];
    for (int i = 0; i < 2; ++i) {
      if (!p[i].revents) continue;
      ssize_t n = ::read(p[i].fd, buf, sizeof buf);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  ::close(out[0]);
  ::close(err[0]);
  if (out_open || err_open) ::kill(pid, SIGKILL);  // overran its deadline
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.code = (out_open || err_open) ? -1000 : decode_status(status);
  return r;
}

}  // namespace atsim_test
