#pragma once
// Static metadata of a conformance test: its purpose, the clause it checks in each chip's
// document, and the profile features it needs. Known without running the test, so
// `atconform list` can print it and the fixture can skip what the profile does not claim.
#include <map>
#include <string>
#include <vector>

#include "harness/profile.hpp"

namespace atc {

struct Clause {
  Chip chip;
  std::string section;  // "3.2.7", as the document numbers it
};

struct TestSpec {
  std::string purpose;                // "Ensure that ..."
  std::vector<Clause> clauses;        // a chip without a clause here skips the test
  std::vector<std::string> features;  // PICS features the test needs
};

// "esp32 §3.2.7"
std::string clause_text(const Clause& c);

class TestSpecRegistry {
 public:
  static TestSpecRegistry& instance();
  void add(std::string suite, std::string name, TestSpec spec);
  const TestSpec* find(const std::string& suite, const std::string& name) const;
  const std::map<std::string, TestSpec>& all() const { return specs_; }  // key "Suite.Name"

 private:
  std::map<std::string, TestSpec> specs_;
};

struct TestSpecRegistration {
  TestSpecRegistration(const char* suite, const char* name, TestSpec spec) {
    TestSpecRegistry::instance().add(suite, name, std::move(spec));
  }
};

}  // namespace atc

// A conformance test: TEST_F plus its metadata. Usage:
//   ATC_TEST(Basic, EchoCanBeSwitchedOff,
//            {.purpose = "Ensure that ...",
//             .clauses = {{atc::Chip::esp32, "3.2.5"}, {atc::Chip::esp8266, "3.2.5"}}}) {
//     ...body...
//   }
#define ATC_TEST(Suite, Name, ...)                                                                 \
  static const ::atc::TestSpecRegistration atc_spec_##Suite##_##Name{#Suite, #Name,                \
                                                                     ::atc::TestSpec __VA_ARGS__}; \
  TEST_F(Suite, Name)
