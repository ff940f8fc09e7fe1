// esp32 §3.2.4, esp8266 §3.2.4: AT+GSLP — enters Deep-sleep mode.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

namespace {
constexpr int kSleepMs = 600;
}

ATC_TEST(Basic, GslpSleepsForTheTimeThenWakes,
         {.purpose = "Ensure that AT+GSLP=<time> answers <time> and OK, ignores commands while "
                     "asleep, and boots to ready after about <time> ms",
          .clauses = {"esp32 §3.2.4", "esp8266 §3.2.4"}}) {
  dut().clear_urcs();
  Response r = dut().command("AT+GSLP=" + std::to_string(kSleepMs));
  ASSERT_TRUE(is_ok(r));
  // Both documents (and the esp-at docs): the response is "<time>" then OK.
  EXPECT_TRUE(info_matches(r, {"^" + std::to_string(kSleepMs) + "$"}))
      << "the response does not repeat the time";
  // Asleep: a command gets no answer (well inside the sleep time).
  Response asleep = dut().command("AT", Millis{kSleepMs / 3});
  EXPECT_TRUE(asleep.timed_out()) << "the device answered while it should sleep: "
                                  << asleep.describe();
  std::optional<Event> ready;
  ASSERT_TRUE(got_urc(dut(), "ready", Millis{kSleepMs} + dut().timing().boot, &ready))
      << "after AT+GSLP";
  auto woke_after = std::chrono::duration_cast<Millis>(ready->at - r.done).count();
  measure("wake_ms", static_cast<double>(woke_after), "ms");
  EXPECT_GE(woke_after, kSleepMs * 9 / 10) << "woke before the sleep time was over";
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

ATC_TEST(Basic, GslpRejectsBadTimes,
         {.purpose = "Ensure that AT+GSLP with a negative, non-numeric or missing time is "
                     "answered ERROR and the device stays awake",
          .clauses = {"esp32 §3.2.4", "esp8266 §3.2.4"}}) {
  for (const char* bad : {"AT+GSLP=-1", "AT+GSLP=abc", "AT+GSLP=", "AT+GSLP=100,1", "AT+GSLP"}) {
    EXPECT_TRUE(is_error(dut().command(bad))) << bad;
    EXPECT_TRUE(is_ok(dut().command("AT", Millis{500}))) << "asleep after \"" << bad << "\"";
  }
}

}  // namespace atc::basic
