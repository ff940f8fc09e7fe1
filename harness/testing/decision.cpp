#include "harness/testing/decision.hpp"

#include "harness/testing/pixit.hpp"

namespace atc {

Decision decide(const TestDefinition& def, const Rig& rig) {
  Decision d;
  const DutConfig& main = rig.main();
  d.clause = def.clause_for(main.profile.chip);
  if (!d.clause) {
    d.kind = Decision::Kind::not_applicable;
    d.reason = "not in the " + std::string(to_string(main.profile.chip)) + " document";
    return d;
  }
  auto skip = [&](std::string reason) {
    d.kind = Decision::Kind::skipped;
    d.reason = std::move(reason);
    return d;
  };
  for (const std::string& role : def.spec.roles) {
    const DutConfig* other = rig.dut(role);
    if (!other) return skip("PIXIT: the rig has no DUT of role '" + role + "'");
    if (!def.clause_for(other->profile.chip))
      return skip("PIXIT: the DUT of role '" + role + "' is an " +
                  std::string(to_string(other->profile.chip)) +
                  ", whose document has no clause of this test");
  }
  for (const std::string& f : def.spec.features) {
    if (!main.profile.claims(f)) return skip("PICS: " + f + " not claimed");
    for (const std::string& role : def.spec.roles)
      if (!rig.dut(role)->profile.claims(f))
        return skip("PICS: " + f + " not claimed by the profile of role '" + role + "'");
  }
  for (const std::string& item : def.pixit)
    if (auto why = pixit_missing(rig, main, item)) return skip(*why);
  return d;
}

const char* to_string(Decision::Kind k) {
  switch (k) {
    case Decision::Kind::runs:
      return "runs";
    case Decision::Kind::not_applicable:
      return "n/a";
    case Decision::Kind::skipped:
      return "skip";
  }
  return "runs";
}

}  // namespace atc
