#pragma once
// One helper for every child process the project starts and supervises: the simulated DUT
// (atsim), and the BLE stand-ins (dbus-daemon, atsim-air, atsim-bluez) under a run, the
// simulator in its own tests, atconform itself in the end-to-end tests.
//
// A child dies with the thread that started it (PR_SET_PDEATHSIG is tied to the creating
// thread, not the process: start children from a thread that outlives them), its output never
// blocks it (drain()), and it is always reaped: stop() asks politely (end of the control input),
// then SIGTERM, then SIGKILL, each after a grace period. Nothing is left running.
#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace atc {

class ProcessError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is the executable's path
  // stdin: a socket the parent writes to (send(); a dead child is EPIPE, not SIGPIPE), or
  // /dev/null. Closing it (end of file) is how the project's programs are asked to quit.
  bool control = false;
  // stderr also goes to this file (appended), for logs kept beside the report; "" only the tail.
  std::string stderr_log;
  // Extra environment variables for the child ("NAME=value").
  std::vector<std::string> env;
  // How much of stdout and stderr each is kept (the last bytes) for messages.
  std::size_t tail_limit = 8192;
};

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;
  using Millis = std::chrono::milliseconds;

  // Forks and execs. Throws ProcessError when the process cannot be started; a program that
  // cannot be executed exits 127 with "exec failed" on its stderr.
  explicit ChildProcess(ChildSpec spec);
  ~ChildProcess();  // stop()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }  // argv[0]'s file name

  // Reads stdout until a line starting with `prefix` arrives; returns the rest of that line.
  // nullopt at the deadline or at end of output (exit_description() and stderr_tail() say why).
  // Other lines are kept in the stdout tail. Only before drain().
  std::optional<std::string> await_line(std::string_view prefix, Clock::time_point deadline);
  // From now on a thread keeps reading stdout and stderr into the tails, so a child that
  // writes never blocks on a full pipe.
  void drain();

  // Writes to the control input. False when the child does not read it by `deadline` or has
  // gone.
  bool send(std::string_view bytes, Clock::time_point deadline);
  void close_control();

  // Reaps the child if it has exited within `limit`; true once it has.
  bool wait_exit(Millis limit);
  // The decoded status once reaped: the exit code, or -signal when killed by a signal.
  std::optional<int> exit_code() const;
  // "exited with status 2", "was killed by signal Killed", "is still running".
  std::string exit_description();

  // End of the control input, `grace` to exit, SIGTERM, `term_grace`, SIGKILL; always reaps.
  void stop(Millis grace = Millis{1000}, Millis term_grace = Millis{500}) noexcept;

  std::string stdout_tail() const;
  std::string stderr_tail() const;

 private:
  void spawn(const ChildSpec& spec);
  bool pump(int fd, std::string& tail, std::string* lines);  // false at end of file
  void drain_loop();

  std::string name_;
  std::string stderr_log_;
  std::size_t tail_limit_ = 8192;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int control_ = -1;
  int out_ = -1;
  int err_ = -1;
  int log_ = -1;
  int stop_[2] = {-1, -1};
  std::string pending_;  // stdout read by await_line past its line
  mutable std::mutex mu_;
  std::string out_tail_, err_tail_;
  std::mutex reap_mu_;
  std::optional<int> status_;  // raw waitpid status once reaped
  std::thread drain_;
};

// Runs a program to its end with a deadline (killed past it), stdin at end of file.
struct ChildRun {
  int exit_code = -1;  // -signal when killed by a signal; -1 with timed_out at the deadline
  bool timed_out = false;
  std::chrono::milliseconds took{0};
  std::string out, err;
  std::string output() const { return out + err; }
};
ChildRun run_to_end(std::vector<std::string> argv, std::chrono::milliseconds deadline,
                    std::vector<std::string> env = {});

}  // namespace atc
