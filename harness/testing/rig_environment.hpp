#pragma once
// The run's GoogleTest environment: it owns the rig and one Session per DUT role, brings them
// up before the first test and closes them after the last, and holds what a suite shares
// between its tests (the NVS pass). Tests reach it through their fixture (DutTest::env()),
// which the registration hands it when GoogleTest creates the test: no global.
//
// In listing mode nothing is opened: every test only records the decision it would make.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "harness/rig.hpp"
#include "harness/session.hpp"
#include "harness/testing/decision.hpp"

namespace atc {

class RigEnvironment : public ::testing::Environment {
 public:
  enum class Mode { run, list };
  RigEnvironment(Rig rig, Mode mode);
  ~RigEnvironment() override;

  const Rig& rig() const { return rig_; }
  Mode mode() const { return mode_; }

  // Brings every DUT up (its problems are kept: each test then ends with the verdict they
  // mean); records the DUTs' AT+GMR lines as run properties. Never fails by itself.
  void SetUp() override;
  void TearDown() override;  // closes every link (stops the simulators)

  // The session of `role`; throws RigError for a role the rig does not have.
  Session& session(std::string_view role);
  std::vector<std::string> roles() const;

  // A value a suite's tests share (created by `make` on first use, kept until the run ends).
  template <typename T>
  T& shared(const std::string& key, const std::function<std::unique_ptr<T>()>& make) {
    auto it = shared_.find(key);
    if (it == shared_.end())
      it = shared_
               .emplace(key, std::shared_ptr<void>(make().release(),
                                                   [](void* p) { delete static_cast<T*>(p); }))
               .first;
    return *static_cast<T*>(it->second.get());
  }

  // Suite postambles: run once, at the TearDown of the last test of `suite` that runs.
  void on_suite_end(const std::string& suite, std::string what, std::function<void()> action);
  struct Postamble {
    std::string what;
    std::function<void()> action;
  };
  // Counts a finished test of `suite`; returns the suite's postambles when it was the last.
  std::vector<Postamble> test_finished(const std::string& suite, int tests_to_run);

  // Listing: what each test would do (filled by DutTest in Mode::list).
  struct Listed {
    std::string test;
    Decision decision;
  };
  void record(std::string test, Decision d) { listed_.push_back({std::move(test), d}); }
  const std::vector<Listed>& listed() const { return listed_; }

 private:
  Rig rig_;
  Mode mode_;
  std::map<std::string, std::unique_ptr<Session>, std::less<>> sessions_;
  std::map<std::string, std::shared_ptr<void>> shared_;
  std::map<std::string, std::vector<Postamble>> suite_postambles_;
  std::map<std::string, int> finished_;
  std::vector<Listed> listed_;
};

// Registers with GoogleTest every catalog test that applies to the environment's rig (all of
// them when listing); returns the tests left out as not applicable.
std::vector<std::string> register_tests(RigEnvironment& env);

}  // namespace atc
