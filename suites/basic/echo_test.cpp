// esp32 §3.2.5, esp8266 §3.2.5: ATE — AT commands echoing.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, EchoIsOnAfterReset,
         {.purpose = "Ensure that the device echoes command lines after a reset (ATE1 is the "
                     "default)",
          .clauses = {{Chip::esp32, "3.2.5"}, {Chip::esp8266, "3.2.5"}}}) {
  ASSERT_TRUE(dut().command("ATE0").ok());
  on_teardown("echo back on", [this] { dut().command("ATE1"); });
  auto reset = dut().reset_by_command();
  ASSERT_TRUE(reset.ready) << "no ready after AT+RST\n" << dut().tail();
  Response r = dut().command("AT");
  EXPECT_TRUE(is_ok(r));
  EXPECT_TRUE(r.echoed) << "the command line was not echoed after the reset\n" << r.tail;
}

ATC_TEST(Basic, Ate0SwitchesEchoOffAndAte1On,
         {.purpose = "Ensure that after ATE0 command lines are no longer echoed and after ATE1 "
                     "they are again",
          .clauses = {{Chip::esp32, "3.2.5"}, {Chip::esp8266, "3.2.5"}}}) {
  on_teardown("echo back on", [this] { dut().command("ATE1"); });
  ASSERT_TRUE(is_ok(dut().command("ATE0")));
  Response off = dut().command("AT");
  EXPECT_TRUE(is_ok(off));
  EXPECT_FALSE(off.echoed) << "\"AT\" was echoed after ATE0\n" << off.tail;

  ASSERT_TRUE(is_ok(dut().command("ATE1")));
  Response on = dut().command("AT");
  EXPECT_TRUE(is_ok(on));
  EXPECT_TRUE(on.echoed) << "\"AT\" was not echoed after ATE1\n" << on.tail;
}

ATC_TEST(Basic, AteRejectsOtherValues,
         {.purpose = "Ensure that ATE with a parameter other than 0 or 1 is answered ERROR and "
                     "leaves echo as it was",
          .clauses = {{Chip::esp32, "3.2.5"}, {Chip::esp8266, "3.2.5"}}}) {
  on_teardown("echo back on", [this] { dut().command("ATE1"); });
  ASSERT_TRUE(is_ok(dut().command("ATE1")));
  EXPECT_TRUE(is_error(dut().command("ATE2")));
  EXPECT_TRUE(is_error(dut().command("ATE10")));
  Response r = dut().command("AT");
  EXPECT_TRUE(r.echoed) << "echo changed after a rejected ATE\n" << r.tail;

  ASSERT_TRUE(is_ok(dut().command("ATE0")));
  EXPECT_TRUE(is_error(dut().command("ATE2")));
  Response still_off = dut().command("AT");
  EXPECT_FALSE(still_off.echoed) << "echo changed after a rejected ATE\n" << still_off.tail;
}

}  // namespace atc::basic
