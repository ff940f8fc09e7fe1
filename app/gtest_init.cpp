#include "app/gtest_init.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "harness/testing/rig_hygiene.hpp"
#include "harness/testing/test_spec.hpp"

namespace atc::app {

std::string with_rig_hygiene(const std::string& filter) {
  // POSITIVE[-NEGATIVE]: the check joins the positive patterns (an empty positive part already
  // selects everything); a negative pattern that names it still leaves it out.
  const auto dash = filter.find('-');
  const std::string positive = filter.substr(0, dash);
  if (positive.empty()) return filter;
  return positive + ":" + std::string(kRigHygieneTest) +
         (dash == std::string::npos ? std::string() : filter.substr(dash));
}

void init_googletest(const Options& o) {
  std::vector<std::string> arg_store{"atconform"};
  if (o.filter) arg_store.push_back("--gtest_filter=" + with_rig_hygiene(*o.filter));
  for (const auto& a : o.gtest_args) arg_store.push_back(a);
  std::vector<char*> args;
  for (auto& a : arg_store) args.push_back(a.data());
  int argc = static_cast<int>(args.size());
  args.push_back(nullptr);  // GoogleTest, like main(), relies on argv[argc] == nullptr
  testing::InitGoogleTest(&argc, args.data());
}

void check_definitions() {
  const auto& problems = TestCatalog::instance().problems();
  if (problems.empty()) return;
  std::string all = "the program's test definitions are wrong:";
  for (const auto& p : problems) all += "\n  " + p;
  throw std::runtime_error(all);
}

}  // namespace atc::app
