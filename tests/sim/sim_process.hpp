#pragma once
// Runs atsim as a child process, as the harness does: reads the `atsim: pty ...` line, talks
// on stdin (the control channel), and waits for its exit with a deadline.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace atsim_test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class SimProcess {
 public:
  // `args` after the program name. Fails the test (throws) if atsim does not announce its PTY
  // within 5 s.
  explicit SimProcess(std::vector<std::string> args);
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  const std::string& pty_path() const { return pty_path_; }
  std::optional<int> tcp_port() const { return tcp_port_; }
  pid_t pid() const { return pid_; }

  void control(const std::string& line);  // one control line, newline added
  void close_stdin();
  // The exit code once the process has exited within `timeout`; nullopt if still running.
  // -signal when killed by a signal.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

 private:
  std::string read_stdout_line(Clock::time_point deadline);

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string stdout_buf_;
  std::string pty_path_;
  std::optional<int> tcp_port_;
  std::optional<int> exit_code_;
};

struct RunResult {
  int code = -1;
  std::string out, err;
};
// Runs atsim to its end (for --help, --list-defects, bad arguments), stdin at EOF.
RunResult run_atsim(const std::vector<std::string>& args, std::chrono::milliseconds timeout);

}  // namespace atsim_test
