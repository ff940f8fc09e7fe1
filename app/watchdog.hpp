#pragma once
// The last line of defence against a hung run: every wait in the harness has a deadline, but a
// test that loops (or a driver stuck in the kernel) must still end with a verdict. When one test
// runs past its limit, the watchdog calls `on_expiry` (which writes the report so far, with the
// test as an error) and ends the process with status 2.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace atc::app {

class Watchdog : public testing::EmptyTestEventListener {
 public:
  using Expiry = std::function<void(const std::string& test, std::chrono::seconds limit)>;
  Watchdog(std::chrono::seconds limit, Expiry on_expiry);
  ~Watchdog() override;

  // The test running now ("Suite.Name"), "" between tests.
  std::string current_test();

  void OnTestStart(const testing::TestInfo& info) override;
  void OnTestEnd(const testing::TestInfo& info) override;

 private:
  void run(std::stop_token st);

  std::chrono::seconds limit_;
  Expiry on_expiry_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::string test_;  // running test, "" between tests
  std::chrono::steady_clock::time_point started_{};
  std::jthread thread_;
};

}  // namespace atc::app
