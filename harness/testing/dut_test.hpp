#pragma once
// The base of every conformance test (ATC_TEST). SetUp: records the clause, purpose and chapter;
// skips what the profile does not claim or the rig does not offer (decision.hpp); brings every
// DUT the test drives to a responsive state; then the fixture's preamble(). TearDown: runs the
// postambles the test registered (even after a failure), attaches each DUT's transcript, and
// runs the suite's postambles after its last test.
//
// Verdicts: a RigError anywhere in the test (body, preamble, postamble) is an `error`, carried by
// the `atc.verdict` property, never recognised from text; anything else that fails is the
// firmware's `failure`. A failure seen on a command other than the test's own (a preamble's
// AT+RST without `ready`) also names that command's clause (failed_clause()).
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "harness/dut.hpp"
#include "harness/session.hpp"
#include "harness/testing/rig_environment.hpp"
#include "harness/testing/test_spec.hpp"

namespace atc {

class DutTest : public ::testing::Test {
 public:
  // Called by the registration when GoogleTest creates the test.
  void attach(RigEnvironment& env, const TestDefinition& def) {
    env_ = &env;
    def_ = &def;
  }
  // The PIXIT items every test of a fixture needs (pixit.hpp); fixtures hide this.
  static std::vector<std::string> fixture_pixit() { return {}; }

 protected:
  void SetUp() final;
  void TearDown() final;
  // The fixture's own preamble, after the DUTs are ready (a RigError in it is an error).
  virtual void preamble() {}

  RigEnvironment& env() { return *env_; }
  const Rig& rig() { return env_->rig(); }
  Session& session(std::string_view role = kMainRole) { return env_->session(role); }
  Dut& dut(std::string_view role = kMainRole) { return session(role).dut(); }
  const DutConfig& dut_config(std::string_view role = kMainRole) { return session(role).config(); }
  const Profile& profile(std::string_view role = kMainRole) { return session(role).profile(); }
  Chip chip(std::string_view role = kMainRole) { return session(role).chip(); }
  const Clause& clause() const { return clause_; }
  const TestDefinition& definition() const { return *def_; }

  // Runs at TearDown, last registered first, whether the test passed or not.
  void on_teardown(std::string what, std::function<void()> action);
  // Runs once after the last test of this suite (whatever its verdict), in that test's
  // TearDown: `action` must not capture `this` (the fixture that registered it is gone by then);
  // reach the DUT through env().
  void on_suite_end(std::string what, std::function<void()> action);
  // A measured figure, kept as a JUnit property "atc.measure.<name>".
  void measure(const std::string& name, double value, const std::string& unit);
  // Something the DUT did that the documents allow but do not show (an extra field, a known
  // variant real modules print), kept as "atc.observe.<name>" instead of failing.
  void observe(const std::string& name, const std::string& what);
  // What a peer fixture saw at `at` (a datagram, a connection, a TLS handshake), for the
  // report's timeline beside the DUT's transcript: "udp peer", "datagram 2048 B".
  void peer_saw(const std::string& peer, std::string_view what, Clock::time_point at);
  // The clause of a command that misbehaved when it is not the test's own: recorded as
  // "atc.clause.failed" (e.g. "esp32 §3.2.2" for AT+RST without ready in a preamble).
  void failed_clause(const std::string& clause_text);
  // The clause of the main DUT's document for `section` ("3.2.2" -> "esp32 §3.2.2").
  std::string clause_of(std::string_view section) const;

 private:
  void TestBody() final;
  virtual void body() = 0;
  // Runs `part`; a RigError escaping it becomes the error verdict.
  void guarded(const char* part, const std::function<void()>& fn);
  void rig_error(const std::string& what);
  bool bring_up(const std::string& role);
  // A test that sent AT+RESTORE: the saved settings it wiped are put back (rig_hygiene.hpp).
  void repair_factory_resets();
  // The test's mandated waits and the rest of its time (mandated_waits.hpp), as properties.
  void record_waits();

  RigEnvironment* env_ = nullptr;
  const TestDefinition* def_ = nullptr;
  struct Postamble {
    std::string what;
    std::function<void()> action;
  };
  std::vector<Postamble> postambles_;
  std::vector<std::string> roles_;  // the DUTs this test drives
  struct Mark {
    unsigned link = 0;  // Session::links_opened() then: a reopen makes a new transcript
    std::size_t at = 0;
  };
  std::map<std::string, Mark> marks_;  // where each role's transcript stood at SetUp
  struct PeerEvent {
    Clock::time_point at;
    std::string peer, what;
  };
  std::vector<PeerEvent> peer_events_;
  bool error_recorded_ = false;
  bool listing_ = false;
  Clause clause_;
};

// Registers one ATC_TEST with GoogleTest, its fixture `Fixture`, created as a `T`.
template <typename Fixture, typename T>
void register_atc_test(RigEnvironment& env, const TestDefinition& def) {
  ::testing::RegisterTest(def.suite.c_str(), def.name.c_str(), nullptr, nullptr, def.file.c_str(),
                          def.line, [&env, &def]() -> Fixture* {
                            auto* t = new T;
                            t->attach(env, def);
                            return t;
                          });
}

}  // namespace atc

// A conformance test: its metadata (test_spec.hpp) and its body, on fixture `Suite` (DutTest or
// a chapter's fixture derived from it).
#define ATC_TEST(Suite, Name, ...)                                                            \
  class Suite##_##Name##_AtcTest final : public Suite {                                       \
    void body() override;                                                                     \
  };                                                                                          \
  static const ::atc::TestRegistration atc_registration_##Suite##_##Name(                     \
      #Suite, #Name, __FILE__, __LINE__, ::atc::TestSpec __VA_ARGS__, Suite::fixture_pixit(), \
      &::atc::register_atc_test<Suite, Suite##_##Name##_AtcTest>);                            \
  void Suite##_##Name##_AtcTest::body()
