// esp32 §3.2.6, esp8266 §3.2.6: AT+RESTORE — restores the factory default settings.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, RestoreWipesSavedSettingsAndReboots,
         {.purpose = "Ensure that AT+RESTORE answers OK, restarts, and boots with factory "
                     "settings (a saved UART default is gone)",
          .clauses = {"esp32 §3.2.6", "esp8266 §3.2.6"},
          .pixit = {"factory-baud", "baud-change"}}) {
  const int factory = 115200;  // both documents: "The default baud rate of AT command is 115200"
  const int saved = other_baud();
  restore_uart_at_teardown();
  ASSERT_TRUE(is_ok(dut().command("AT+UART_DEF=" + uart_args(saved))));
  ASSERT_TRUE(follow_uart_def(saved)) << "no answer at " << saved << " nor " << factory;

  dut().clear_urcs();
  Response r = dut().command("AT+RESTORE");
  EXPECT_TRUE(is_ok(r));
  host_baud(factory);
  ASSERT_TRUE(got_urc(dut(), "ready", dut().timing().boot))
      << "at the factory baud " << factory << " after AT+RESTORE (was the saved UART kept?)";
  EXPECT_TRUE(is_ok(dut().command("AT")));
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+UART_DEF?"), "UART_DEF", uart_value(factory)));
  }
  Response again = dut().command("AT");
  EXPECT_TRUE(was_echoed(again)) << "echo is not on after the factory reset";
  // Negative: AT+RESTORE takes no parameters, and a rejected one neither restarts nor wipes: a
  // saved UART default survives it (and the ready above shows a restart would be seen).
  ASSERT_TRUE(is_ok(dut().command("AT+UART_DEF=" + uart_args(saved))));
  ASSERT_TRUE(follow_uart_def(saved)) << "no answer at " << saved << " nor " << factory;
  ASSERT_TRUE(is_ok(dut().command("AT+UART_CUR=" + uart_args(factory))));
  host_baud(factory);
  ASSERT_TRUE(dut().resync()) << "no answer at " << factory << " after AT+UART_CUR";
  dut().clear_urcs();
  EXPECT_TRUE(is_error(dut().command("AT+RESTORE=1")));
  EXPECT_TRUE(no_urc(dut(), "ready", std::min(dut().timing().boot, Millis{2000})))
      << "the device restarted after AT+RESTORE=1";
  auto reset = reset_and_listen_at(saved);
  EXPECT_TRUE(reset.ready) << "no \"ready\" at the saved baud " << saved
                           << " after a reset: the rejected AT+RESTORE=1 wiped it";
}

}  // namespace atc::basic
