#pragma once
// Runs atsim as a child process through the project's child-process helper, as the harness
// does: reads the `atsim: pty ...` line, talks on stdin (the control channel), and waits for
// its exit with a deadline.
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace atc {
class ChildProcess;
}

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
  pid_t pid() const;

  void control(const std::string& line);  // one control line, newline added
  void close_stdin();
  // The exit code once the process has exited within `timeout`; nullopt if still running.
  // -signal when killed by a signal.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<atc::ChildProcess> child_;
  std::string pty_path_;
  std::optional<int> tcp_port_;
};

struct RunResult {
  int code = -1;
  std::string out, err;
};
// Runs atsim to its end (for --help, --list-defects, bad arguments), stdin at EOF.
RunResult run_atsim(const std::vector<std::string>& args, std::chrono::milliseconds timeout);

}  // namespace atsim_test
