#include "suites/nvs/nvs_pass.hpp"

#include "harness/at/at_syntax.hpp"
#include "harness/process/child_process.hpp"
#include "verdict/rig_error.hpp"

namespace atc::nvs {
namespace {

const Millis kSettle{20000};  // a DUT re-joining a saved AP at boot answers busy p... meanwhile
const Millis kPowerCycleLimit{30000};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return out;
}

// AT until OK after a boot (a saved AP may be joined meanwhile, busy p... answered).
std::optional<PassProblem> settle(Dut& d, const std::string& after, const std::string& clause) {
  const auto deadline = Clock::now() + kSettle;
  while (Clock::now() < deadline) {
    if (d.command("AT", Millis{1000}).ok()) return std::nullopt;
    d.wait_quiet(Millis{300}, Millis{3000});
  }
  return PassProblem{"no OK to AT within 20 s of " + after, clause};
}

}  // namespace

std::optional<std::string> read(Dut& d, const std::string& name, bool address, std::size_t n) {
  Response r = d.command("AT+" + name + "?");
  if (!r.ok()) return std::nullopt;
  auto v = r.values(name);
  // ESP8266 §4.1.25 prints the AT+CIPSTA_DEF? answer as "+CIPSTA:" (errata).
  if (v.empty() && name.size() > 4 && name.substr(name.size() - 4) == "_DEF")
    v = r.values(name.substr(0, name.size() - 4));
  if (v.empty()) return std::nullopt;
  if (address) return address_of(v);
  auto f = values_of(split_fields(v.front()));
  if (n && f.size() > n) f.resize(n);
  return lower(join(f));
}

std::optional<PassProblem> reset_and_settle(Dut& d, const std::string& chip) {
  auto r = d.reset_by_command();
  if (!r.ready)
    return PassProblem{
        "no ready within " + std::to_string(d.timing().boot.count()) + " ms of AT+RST",
        chip + " \u00a73.2.2"};
  return settle(d, "ready after AT+RST", chip + " \u00a73.2.1");
}

std::optional<PassProblem> power_cycle_and_settle(Dut& d, const std::string& command,
                                                  const std::string& chip) {
  d.clear_urcs();
  d.transcript().add(Transcript::Dir::note, "power cycle: " + command);
  ChildRun run = run_to_end({"/bin/sh", "-c", command}, kPowerCycleLimit, d.link().environment());
  if (run.exit_code != 0)
    throw RigError("the rig's power-cycle command " +
                   std::string(run.timed_out ? "did not end within 30 s" : "failed") + ": " +
                   command + "\n" + run.output());
  // Both documents: the firmware prints ready once booted, power-on included.
  if (!d.wait_urc("ready", d.timing().boot))
    return PassProblem{"no ready after the power cycle", chip + " \u00a73.2.2"};
  return settle(d, "the power cycle", chip + " \u00a73.2.1");
}

std::optional<PassProblem> run_pass(Dut& d, const DutConfig& dut, std::vector<Setting>& items,
                                    const std::vector<std::string>& prep,
                                    std::map<std::string, Observation>& obs) {
  std::vector<Setting*> active;
  for (auto& s : items) {
    Observation& o = obs[s.key];
    o.clause = s.clause;
    o.query = "AT+" + s.query + "?";
    o.expected = s.expected;
    o.is_volatile = s.is_volatile;
    if (!s.feature.empty() && !dut.profile.claims(s.feature)) {
      o.skip = "PICS: " + s.feature + " not claimed";
      continue;
    }
    active.push_back(&s);
  }
  for (const auto& p : prep) d.command(p);
  for (Setting* s : active) {
    Observation& o = obs[s->key];
    for (const auto& c : s->set) {
      Response r = d.command(c, Millis{5000});
      if (!r.ok() && o.set_problem.empty()) o.set_problem = c + " answered " + r.describe();
    }
    o.before_reset = read(d, s->query, s->address, s->fields);
    if (!s->def_query.empty()) {
      auto def = read(d, s->def_query, s->address, s->fields);
      if (def != s->def_expected)
        o.saved_check = "after " + s->set.back() + ", AT+" + s->def_query + "? reports \"" +
                        def.value_or("<nothing>") + "\" instead of \"" + s->def_expected + "\"";
    }
  }
  const std::string chip(to_string(dut.profile.chip));
  if (auto problem = reset_and_settle(d, chip)) return problem;
  for (Setting* s : active) obs[s->key].after_reset = read(d, s->query, s->address, s->fields);
  if (dut.power_cycle_command) {
    if (auto problem = power_cycle_and_settle(d, *dut.power_cycle_command, chip)) return problem;
    for (Setting* s : active)
      obs[s->key].after_power_cycle = read(d, s->query, s->address, s->fields);
  }
  return std::nullopt;
}

}  // namespace atc::nvs
