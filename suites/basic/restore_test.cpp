// esp32 §3.2.6, esp8266 §3.2.6: AT+RESTORE — restores the factory default settings.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, RestoreWipesSavedSettingsAndReboots,
         {.purpose = "Ensure that AT+RESTORE answers OK, restarts, and boots with factory "
                     "settings (a saved UART default is gone)",
          .clauses = {{Chip::esp32, "3.2.6"}, {Chip::esp8266, "3.2.6"}}}) {
  const int factory = 115200;  // both documents: "The default baud rate of AT command is 115200"
  if (session().rig().serial.baud != factory)
    GTEST_SKIP() << "PIXIT: the rig's UART is not at the factory 115200 baud";
  const int saved = other_baud();
  restore_uart_at_teardown();
  ASSERT_TRUE(is_ok(dut().command("AT+UART_DEF=" + uart_args(saved))));
  host_baud(saved);
  ASSERT_TRUE(dut().resync()) << "no answer at the saved baud " << saved;

  dut().clear_urcs();
  Response r = dut().command("AT+RESTORE");
  EXPECT_TRUE(is_ok(r));
  host_baud(factory);
  auto ready = dut().wait_urc("ready", dut().timing().boot);
  ASSERT_TRUE(ready) << "no \"ready\" at the factory baud " << factory
                     << " after AT+RESTORE (was the saved UART setting kept?)\n"
                     << dut().tail();
  EXPECT_TRUE(is_ok(dut().command("AT")));
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+UART_DEF?"), "UART_DEF", uart_value(factory)));
  }
  Response again = dut().command("AT");
  EXPECT_TRUE(again.echoed) << "echo is not on after the factory reset\n" << again.tail;
  // Negative: AT+RESTORE takes no parameters and a rejected one changes nothing.
  EXPECT_TRUE(is_error(dut().command("AT+RESTORE=1")));
  EXPECT_TRUE(is_ok(dut().command("AT", Millis{500}))) << "the device restarted after an ERROR";
}

}  // namespace atc::basic
