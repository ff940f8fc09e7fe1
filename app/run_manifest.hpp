#pragma once
// The run manifest: what this run of atconform started, written beside the report
// (<report>.manifest, e.g. junit-sim-esp32.manifest) so that whoever ran it can check that
// nothing is left behind once it ended (the e2e tests do, for every run: tests run in parallel,
// so a look at `ps` would not say whose a process is). One record per line:
//   run <pid> <start time>                   atconform itself
//   process <pid> <start time> <name>        a descendant (atsim, dbus-daemon, a helper)
//   socket <inode> <proto> <local address>   a listening TCP or bound UDP socket one held
//   dir <path>                               the run's temporary root (its $TMPDIR)
// Processes are named by pid and start time (/proc/<pid>/stat field 22) because pids are
// reused. The census (harness/process/census.hpp) runs once the rig is up and after every test;
// every child the run registers is recorded when it starts, however short its life.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "harness/process/census.hpp"

namespace atc::app {

class RunManifest : public testing::EmptyTestEventListener {
 public:
  RunManifest(std::string path, std::string temp_root);

  void OnEnvironmentsSetUpEnd(const testing::UnitTest&) override { update(); }
  // After a test, at most once a second: a census reads /proc (every process, the sockets of
  // ours), milliseconds a test, as much as the rest of a short test's own cost. Every child the
  // run registers is on record from its start anyway (live::started()); what the throttle can
  // miss is only an unregistered descendant that lived under a second.
  void OnTestEnd(const testing::TestInfo&) override;

  // A census now, and the file rewritten (atomically). Safe from any thread; never throws.
  void update() noexcept;
  const std::string& path() const { return path_; }

  // <report without .xml>.manifest
  static std::string path_for(const std::string& junit);

 private:
  void write_locked();

  std::mutex mu_;
  std::chrono::steady_clock::time_point last_update_{};
  std::string path_;
  std::string temp_root_;
  census::Process self_;
  std::map<std::pair<pid_t, std::uint64_t>, census::Process> processes_;
  std::map<std::uint64_t, census::Socket> sockets_;
};

}  // namespace atc::app
