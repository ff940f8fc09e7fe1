#pragma once
// Helpers for the air's tests: atsim-air as a supervised child (started, announced, stopped
// with a deadline), and a test radio (AirClient on a local EventLoop) whose waits are bounded.
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/air/air_client.hpp"
#include "sim/event_loop.hpp"

namespace atsim_test {

using namespace std::chrono_literals;

// A child process with its stdin and stdout on pipes; killed (SIGTERM, then SIGKILL) and reaped
// when destroyed.
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  // The next stdout line within `timeout`, without its newline; "" on timeout or EOF.
  std::string read_line(std::chrono::milliseconds timeout);
  void write_stdin(const std::string& text);
  void close_stdin();
  // The exit status within `timeout` (-signal if killed), or nullopt if still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, pidfd_ = -1;
  std::string buf_;
  std::optional<int> status_;
};

// atsim-air on a fresh socket in a fresh directory; `extra` arguments after --socket.
struct Air {
  std::string dir, socket, truth;
  std::unique_ptr<Child> child;
  explicit Air(std::vector<std::string> extra = {}, bool with_truth = true);
  ~Air();
  std::vector<std::string> truth_lines() const;
};

// Runs `loop` until `done()` or the timeout; true if done.
bool run_until(atsim::EventLoop& loop, const std::function<bool()>& done,
               std::chrono::milliseconds timeout);

// A radio under test control: every frame it receives is kept.
struct TestRadio {
  atsim::EventLoop& loop;
  std::unique_ptr<atsim::air::AirClient> client;
  std::vector<atsim::air::Frame> frames;
  bool closed = false;
  TestRadio(atsim::EventLoop& l, const std::string& socket, const std::string& addr, int conns = 1);
  void send(const std::string& text);
  // The first kept frame with this verb (and, if given, a field key=value) arriving within
  // the timeout; it is removed from the list. nullopt on timeout.
  std::optional<atsim::air::Frame> wait(const std::string& verb, std::chrono::milliseconds timeout,
                                        const std::string& key = "", const std::string& value = "");
  std::size_t count(const std::string& verb) const;
};

std::string air_path();
std::string source_dir();

}  // namespace atsim_test
