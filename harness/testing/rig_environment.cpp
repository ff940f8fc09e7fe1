#include "harness/testing/rig_environment.hpp"

#include "harness/link/link_error.hpp"
#include "harness/testing/rig_hygiene.hpp"
#include "harness/testing/test_spec.hpp"

namespace atc {

RigEnvironment::RigEnvironment(Rig rig, Mode mode) : rig_(std::move(rig)), mode_(mode) {
  for (const DutConfig& d : rig_.duts) sessions_.emplace(d.role, std::make_unique<Session>(d));
}

RigEnvironment::~RigEnvironment() = default;

void RigEnvironment::SetUp() {
  if (mode_ == Mode::list) return;
  for (auto& [role, s] : sessions_) {
    const std::string prefix = role == kMainRole ? "" : role + ".";
    Readiness r = s->start();
    if (!r.ready()) {
      ::testing::Test::RecordProperty(prefix + "rig.problem", r.problem);
      continue;
    }
    for (std::size_t i = 0; i < s->gmr().size(); ++i)
      ::testing::Test::RecordProperty(prefix + "gmr." + std::to_string(i + 1), s->gmr()[i]);
  }
}

void RigEnvironment::TearDown() {
  for (auto& [role, s] : sessions_) s->close();
}

Session& RigEnvironment::session(std::string_view role) {
  auto it = sessions_.find(role);
  if (it == sessions_.end())
    throw RigError("the rig " + rig_.name + " has no DUT of role '" + std::string(role) + "'");
  return *it->second;
}

std::vector<std::string> RigEnvironment::roles() const {
  std::vector<std::string> out;
  for (const auto& [role, s] : sessions_) out.push_back(role);
  return out;
}

void RigEnvironment::on_suite_end(const std::string& suite, std::string what,
                                  std::function<void()> action) {
  suite_postambles_[suite].push_back({std::move(what), std::move(action)});
}

std::vector<RigEnvironment::Postamble> RigEnvironment::test_finished(const std::string& suite,
                                                                     int tests_to_run) {
  if (++finished_[suite] < tests_to_run) return {};
  auto it = suite_postambles_.find(suite);
  if (it == suite_postambles_.end()) return {};
  auto out = std::move(it->second);
  suite_postambles_.erase(it);
  return out;
}

std::vector<std::string> register_tests(RigEnvironment& env) {
  std::vector<std::string> not_applicable;
  // GoogleTest runs suites in the order they were registered: the rig-hygiene check, which
  // compares the rig with how the run found it, goes last.
  for (const bool hygiene : {false, true}) {
    for (const auto& def : TestCatalog::instance().all()) {
      if ((def->suite == kRigHygieneSuite) != hygiene) continue;
      if (env.mode() == RigEnvironment::Mode::run &&
          decide(*def, env.rig()).kind == Decision::Kind::not_applicable) {
        not_applicable.push_back(def->full_name());
        continue;
      }
      def->register_with(env, *def);
    }
  }
  return not_applicable;
}

}  // namespace atc
