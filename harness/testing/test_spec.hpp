#pragma once
// A conformance test's static metadata (its purpose, the clauses it checks, what it needs of the
// profile and the rig) and the catalog of every test the program defines. Known without running
// anything, so `atconform list` can say what each test will do on a rig, and each test's clauses
// are checked against the documents' section list when it registers.
//
//   ATC_TEST(Basic, EchoCanBeSwitchedOff,
//            {.purpose = "Ensure that ...",
//             .clauses = {"esp32 §3.2.5", "esp8266 §3.2.5"},
//             .features = {"sysflash"},     // PICS: skipped unless the profile claims them
//             .pixit = {"reset-lines"},     // PIXIT items (pixit.hpp), beyond the fixture's
//             .roles = {"b"}}) {            // DUT roles beyond `dut` the test drives
//     ...body...
//   }
#include <memory>
#include <string>
#include <vector>

#include "spec/clause.hpp"

namespace atc {

class RigEnvironment;

struct TestSpec {
  std::string purpose;                // "Ensure that ..."
  std::vector<std::string> clauses;   // "esp32 §3.2.7"; a chip without a clause here: n/a
  std::vector<std::string> features;  // PICS features the test needs
  std::vector<std::string> pixit;     // PIXIT items the test needs (pixit.hpp)
  std::vector<std::string> roles;     // DUT roles besides `dut` the test drives
};

struct TestDefinition {
  using Register = void (*)(RigEnvironment&, const TestDefinition&);

  std::string suite, name, file;
  int line = 0;
  TestSpec spec;
  std::vector<Clause> clauses;     // spec.clauses, parsed
  std::vector<std::string> pixit;  // the fixture's items and the test's own
  Register register_with = nullptr;

  std::string full_name() const { return suite + "." + name; }
  const Clause* clause_for(Chip chip) const;  // nullptr: not in that chip's document
};

// Every ATC_TEST of the program, in definition order. A catalog of code (like GoogleTest's own
// registry), filled by static registration; run state lives in the RigEnvironment.
class TestCatalog {
 public:
  static TestCatalog& instance();
  const TestDefinition& add(TestDefinition def);
  const std::vector<std::unique_ptr<TestDefinition>>& all() const { return defs_; }
  const TestDefinition* find(const std::string& suite, const std::string& name) const;
  // What was wrong with the definitions (an unknown clause, a clause written another way, an
  // unknown PIXIT item): the program refuses to run while this is not empty.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::unique_ptr<TestDefinition>> defs_;
  std::vector<std::string> problems_;
};

struct TestRegistration {
  TestRegistration(const char* suite, const char* name, const char* file, int line, TestSpec spec,
                   std::vector<std::string> fixture_pixit, TestDefinition::Register reg);
};

}  // namespace atc
