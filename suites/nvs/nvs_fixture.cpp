#include "suites/nvs/nvs_fixture.hpp"

#include "harness/at/at_syntax.hpp"
#include "suites/nvs/nvs_plan.hpp"
#include "verdict/rig_error.hpp"

namespace atc::nvs {

void Nvs::preamble() {
  pass_ = &env().shared<PassResult>("nvs.pass", [this] { return run_suite_pass(); });
}

std::unique_ptr<PassResult> Nvs::run_suite_pass() {
  auto result = std::make_unique<PassResult>();
  Dut& d = dut();
  const DutConfig& cfg = dut_config();
  const bool esp32 = chip() == Chip::esp32;
  try {
    Snapshot snapshot = take_snapshot(d, cfg);
    // Written back after the last Nvs test, whatever the pass found.
    // Runs in the TearDown of the suite's last test, long after this fixture is gone: it
    // reaches the DUT through the run's environment, not through `this`.
    on_suite_end("the NVS snapshot written back",
                 [env = &env(), chip = std::string(to_string(chip())), snapshot] {
                   Dut& d = env->session(kMainRole).dut();
                   for (const auto& c : snapshot.restore) d.command(c, Millis{5000});
                   if (snapshot.reset_after_restore) reset_and_settle(d, chip);
                 });
    const Values values = choose_values(snapshot);
    std::vector<Setting> pass = esp32 ? esp32_settings(values) : esp8266_settings(values);
    result->problem =
        run_pass(d, cfg, pass, {esp32 ? "AT+CWMODE=3" : "AT+CWMODE_CUR=3"}, result->observed);
    if (!result->problem && !esp32) {
      std::vector<Setting> old = esp8266_deprecated_settings(values);
      result->problem = run_pass(d, cfg, old, {"AT+CWMODE_CUR=3"}, result->observed);
    }
  } catch (const RigError& e) {
    result->rig_problem = std::string("the persistence pass could not run: ") + e.what();
  }
  return result;
}

void Nvs::check(const std::string& key) {
  if (!pass_->rig_problem.empty()) throw RigError(pass_->rig_problem);
  if (pass_->problem) {
    failed_clause(pass_->problem->clause);
    FAIL() << "the persistence pass could not finish: " << pass_->problem->what << " ["
           << pass_->problem->clause << "]";
  }
  auto it = pass_->observed.find(key);
  if (it == pass_->observed.end())
    throw RigError("the persistence pass did not record " + key + " (a bug of the suite)");
  const Observation& o = it->second;
  if (!o.skip.empty()) GTEST_SKIP() << o.skip;
  const std::string where = "[" + o.clause + "] " + o.query;
  EXPECT_TRUE(o.set_problem.empty()) << where << ": " << o.set_problem;
  EXPECT_TRUE(o.saved_check.empty())
      << where << ": a current-only set changed the saved value: " << o.saved_check;
  if (!o.is_volatile) {
    EXPECT_EQ(o.before_reset.value_or("<nothing>"), o.expected)
        << where << " does not report the value just set";
  }
  EXPECT_EQ(o.after_reset.value_or("<nothing>"), o.expected)
      << where
      << (o.is_volatile ? " after AT+RST: the setting must not be saved (it survived)"
                        : " after AT+RST: the setting was not saved");
  if (o.after_power_cycle) {
    EXPECT_EQ(*o.after_power_cycle, o.expected) << where << " after a power cycle";
  }
}

void Nvs::dhcp_survives_reset(const std::string& command) {
  const bool esp32 = chip() == Chip::esp32;
  const int station_bit = esp32 ? 1 : 2;  // ESP32 §4.2.8 bit 0; ESP8266 §4.1.13 bit 1
  ASSERT_TRUE(is_ok(dut().command(esp32 ? "AT+CWMODE=3" : "AT+CWMODE_CUR=3")));
  auto value = [&](Response& q) -> std::optional<int> {
    q = dut().command("AT+CWDHCP?");
    auto v = q.values("CWDHCP");
    if (!q.ok() || v.size() != 1) return std::nullopt;
    auto n = to_number(v.front());
    return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
  };
  Response q;
  auto before = value(q);
  ASSERT_TRUE(before) << "AT+CWDHCP? does not report the state" << is_ok(q).message();
  const bool on = (*before & station_bit) == 0;  // the other way round
  const std::string set = esp32 ? "AT+" + command + "=" + (on ? "1" : "0") + ",1"
                                : "AT+" + command + "=1," + (on ? "1" : "0");
  // The tests after this one join APs: station DHCP on (the factory state), whatever it was;
  // the saved addresses and DHCP as they were before the suite are its snapshot's to put back.
  const std::string back = "AT+" + command + "=1,1";  // both orders: station, enable
  on_teardown("station DHCP on", [this, back] { dut().command(back); });
  ASSERT_TRUE(is_ok(dut().command(set)));
  auto now = value(q);
  ASSERT_TRUE(now) << "AT+CWDHCP? does not report the state" << is_ok(q).message();
  ASSERT_EQ((*now & station_bit) != 0, on)
      << "[" << clause().text() << "] " << set << " did not change the station bit";
  if (auto problem = reset_and_settle(dut(), std::string(to_string(chip())))) {
    failed_clause(problem->clause);
    FAIL() << problem->what << " [" << problem->clause << "]";
  }
  auto after = value(q);
  ASSERT_TRUE(after) << "AT+CWDHCP? does not report the state" << is_ok(q).message();
  EXPECT_EQ(*after, *now) << "[" << clause().text() << "] AT+CWDHCP? after AT+RST: " << set
                          << " was not saved";
}

}  // namespace atc::nvs
