#pragma once
// A run that is stopped keeps what it has. SIGINT and SIGTERM (Ctrl-C, a CI job's timeout) are
// taken by one thread of their own (every other thread blocks them): the first calls `on_stop`
// (which ends the running test as an error, writes the report of every test so far, stops the
// children and exits 2); a second one while that runs ends the process at once.
#include <functional>
#include <string>
#include <thread>

namespace atc::app {

class StopSignals {
 public:
  using OnStop = std::function<void(const std::string& signal_name)>;
  // Blocks SIGINT and SIGTERM in the calling thread (and so in every thread it creates later)
  // and starts the thread that waits for them. Create it before any other thread.
  explicit StopSignals(OnStop on_stop);
  ~StopSignals();  // the run ended normally: the waiting thread is woken and joined
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  void run();
  OnStop on_stop_;
  std::thread thread_;
};

}  // namespace atc::app
