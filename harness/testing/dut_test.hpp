#pragma once
// The base of every conformance test. SetUp: records the clause, purpose and chapter; skips
// what the profile does not claim or the chip's document does not define; brings the DUT to a
// responsive state (or ends the test as an `error`). TearDown: runs the postambles the test
// registered (even after a failure), attaches the transcript, and leaves a responsive DUT.
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/dut.hpp"
#include "harness/testing/session.hpp"
#include "harness/testing/test_spec.hpp"

namespace atc {

class DutTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  Dut& dut() { return session().dut(); }
  Session& session();
  const Profile& profile() { return session().profile(); }
  Chip chip() { return session().chip(); }
  const Clause& clause() const { return clause_; }

  // Runs at TearDown, last registered first, whether the test passed or not.
  void on_teardown(std::string what, std::function<void()> action);
  // A measured figure, kept as a JUnit property "atc.measure.<name>".
  void measure(const std::string& name, double value, const std::string& unit);

 private:
  struct Postamble {
    std::string what;
    std::function<void()> action;
  };
  std::vector<Postamble> postambles_;
  std::size_t transcript_mark_ = 0;
  Clause clause_{Chip::esp32, ""};
};

}  // namespace atc
