#include "harness/testing/test_spec.hpp"

namespace atc {

std::string clause_text(const Clause& c) {
  return std::string(to_string(c.chip)) + " §" + c.section;
}

TestSpecRegistry& TestSpecRegistry::instance() {
  static TestSpecRegistry registry;
  return registry;
}

void TestSpecRegistry::add(std::string suite, std::string name, TestSpec spec) {
  specs_[suite + "." + name] = std::move(spec);
}

const TestSpec* TestSpecRegistry::find(const std::string& suite, const std::string& name) const {
  auto it = specs_.find(suite + "." + name);
  return it == specs_.end() ? nullptr : &it->second;
}

}  // namespace atc
