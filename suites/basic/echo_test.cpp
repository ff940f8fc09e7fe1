// esp32 §3.2.5, esp8266 §3.2.5: ATE — AT commands echoing.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, EchoIsOnAfterReset,
         {.purpose = "Ensure that the device echoes command lines after a reset (ATE1 is the "
                     "default)",
          .clauses = {"esp32 §3.2.5", "esp8266 §3.2.5"}}) {
  ASSERT_TRUE(dut().command("ATE0").ok());
  on_teardown("echo back on", [this] { dut().command("ATE1"); });
  auto reset = dut().reset_by_command();
  ASSERT_TRUE(came_ready(dut(), reset)) << "after AT+RST";
  Response r = dut().command("AT");
  EXPECT_TRUE(is_ok(r));
  EXPECT_TRUE(was_echoed(r)) << "after the reset";
}

ATC_TEST(Basic, Ate0SwitchesEchoOffAndAte1On,
         {.purpose = "Ensure that after ATE0 command lines are no longer echoed and after ATE1 "
                     "they are again",
          .clauses = {"esp32 §3.2.5", "esp8266 §3.2.5"}}) {
  on_teardown("echo back on", [this] { dut().command("ATE1"); });
  ASSERT_TRUE(is_ok(dut().command("ATE0")));
  Response off = dut().command("AT");
  EXPECT_TRUE(is_ok(off));
  EXPECT_TRUE(was_echoed(off, false)) << "after ATE0";

  ASSERT_TRUE(is_ok(dut().command("ATE1")));
  Response on = dut().command("AT");
  EXPECT_TRUE(is_ok(on));
  EXPECT_TRUE(was_echoed(on)) << "after ATE1";
}

ATC_TEST(Basic, AteRejectsOtherValues,
         {.purpose = "Ensure that ATE with a parameter other than 0 or 1 is answered ERROR and "
                     "leaves echo as it was",
          .clauses = {"esp32 §3.2.5", "esp8266 §3.2.5"}}) {
  on_teardown("echo back on", [this] { dut().command("ATE1"); });
  ASSERT_TRUE(is_ok(dut().command("ATE1")));
  EXPECT_TRUE(is_error(dut().command("ATE2")));
  EXPECT_TRUE(is_error(dut().command("ATE10")));
  Response r = dut().command("AT");
  EXPECT_TRUE(was_echoed(r)) << "echo changed after a rejected ATE";

  ASSERT_TRUE(is_ok(dut().command("ATE0")));
  EXPECT_TRUE(is_error(dut().command("ATE2")));
  Response still_off = dut().command("AT");
  EXPECT_TRUE(was_echoed(still_off, false)) << "echo changed after a rejected ATE";
}

}  // namespace atc::basic
