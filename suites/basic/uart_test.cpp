// esp32 §3.2.7 / §3.2.8, esp8266 §3.2.7 / §3.2.8 / §3.2.9: AT+UART_CUR, AT+UART_DEF, AT+UART.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

namespace {
// Parameter sets each document's ranges reject: baud below/above range, data bits, stop bits,
// parity, flow control out of range, a missing or extra parameter, a non-number.
std::vector<std::string> bad_uart_params(Chip chip) {
  std::string low = chip == Chip::esp32 ? "79" : "109";
  std::string high = chip == Chip::esp32 ? "5000001" : "4608001";
  return {low + ",8,1,0,0", high + ",8,1,0,0",  "115200,4,1,0,0", "115200,9,1,0,0",
          "115200,8,0,0,0", "115200,8,4,0,0",   "115200,8,1,3,0", "115200,8,1,0,4",
          "115200,8,1,0",   "115200,8,1,0,0,0", "fast,8,1,0,0",   "\"115200\",8,1,0,0"};
}
}  // namespace

ATC_TEST(Basic, UartCurChangesTheUartAfterOkAndIsNotSaved,
         {.purpose = "Ensure that AT+UART_CUR answers OK at the old settings, then runs at the new "
                     "ones, reports them, and is back to the default after a reset",
          .clauses = {"esp32 §3.2.7", "esp8266 §3.2.8"},
          .pixit = {"baud-change"}}) {
  const int rig_baud = dut_config().serial.baud;
  const int baud = other_baud();
  restore_uart_at_teardown();
  Response set = dut().command("AT+UART_CUR=" + uart_args(baud));
  ASSERT_TRUE(is_ok(set)) << "the OK must come at the old baud";
  host_baud(baud);
  ASSERT_TRUE(is_ok(dut().command("AT"))) << "no answer at the new baud " << baud;
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+UART_CUR?"), "UART_CUR", uart_value(baud)));
  }
  // Not saved: after a reset the UART runs at the default (the rig's baud) again.
  auto reset = reset_and_listen_at(rig_baud);
  EXPECT_TRUE(reset.ok) << "AT+RST not answered at the current baud " << baud;
  EXPECT_TRUE(reset.ready) << "no \"ready\" at " << rig_baud
                           << " after a reset: the AT+UART_CUR setting was kept";
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

ATC_TEST(Basic, UartCurRejectsOutOfRangeParameters,
         {.purpose = "Ensure that AT+UART_CUR with a parameter out of its range, of the wrong "
                     "type or count is answered ERROR and the UART is unchanged",
          .clauses = {"esp32 §3.2.7", "esp8266 §3.2.8"}}) {
  restore_uart_at_teardown();
  const int rig_baud = dut_config().serial.baud;
  for (const std::string& p : bad_uart_params(chip())) {
    EXPECT_TRUE(is_error(dut().command("AT+UART_CUR=" + p))) << "AT+UART_CUR=" << p;
    ASSERT_TRUE(is_ok(dut().command("AT", Millis{500})))
        << "the UART changed after the rejected AT+UART_CUR=" << p;
  }
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+UART_CUR?"), "UART_CUR", uart_value(rig_baud)));
  }
}

ATC_TEST(Basic, UartDefIsSavedAndUsedAtBoot,
         {.purpose = "Ensure that AT+UART_DEF answers OK, is saved, and the UART runs at the saved "
                     "settings after a reset",
          .clauses = {"esp32 §3.2.8", "esp8266 §3.2.9"},
          .pixit = {"baud-change"}}) {
  const int rig_baud = dut_config().serial.baud;
  const int baud = other_baud();
  restore_uart_at_teardown();
  ASSERT_TRUE(is_ok(dut().command("AT+UART_DEF=" + uart_args(baud))));
  ASSERT_TRUE(follow_uart_def(baud)) << "no answer at " << baud << " nor " << rig_baud;
  auto reset = reset_and_listen_at(baud);
  EXPECT_TRUE(reset.ready) << "no \"ready\" at the saved baud " << baud
                           << " after a reset: AT+UART_DEF was not saved";
  ASSERT_TRUE(is_ok(dut().command("AT")));
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(has_value(dut().command("AT+UART_DEF?"), "UART_DEF", uart_value(baud)));
  }
}

ATC_TEST(Basic, UartDefRejectsOutOfRangeParameters,
         {.purpose = "Ensure that AT+UART_DEF with a parameter out of range, of the wrong type or "
                     "count is answered ERROR and the saved setting is unchanged",
          .clauses = {"esp32 §3.2.8", "esp8266 §3.2.9"}}) {
  restore_uart_at_teardown();
  for (const std::string& p : bad_uart_params(chip())) {
    EXPECT_TRUE(is_error(dut().command("AT+UART_DEF=" + p))) << "AT+UART_DEF=" << p;
    ASSERT_TRUE(is_ok(dut().command("AT", Millis{500})))
        << "the UART changed after the rejected AT+UART_DEF=" << p;
  }
  auto reset = reset_and_listen_at(dut_config().serial.baud);
  EXPECT_TRUE(reset.ready) << "no \"ready\" at the rig's baud after a reset: the saved UART "
                              "setting changed after rejected commands";
  if (chip() == Chip::esp32) {
    EXPECT_TRUE(
        has_value(dut().command("AT+UART_DEF?"), "UART_DEF", uart_value(dut_config().serial.baud)));
  }
}

ATC_TEST(Basic, DeprecatedUartIsSavedLikeUartDef,
         {.purpose = "Ensure that the deprecated AT+UART sets the UART and saves it as the default "
                     "used at boot, and bad parameters are answered ERROR without a change",
          .clauses = {"esp8266 §3.2.7"},
          .pixit = {"baud-change"}}) {
  const int baud = other_baud();
  restore_uart_at_teardown();
  ASSERT_TRUE(is_ok(dut().command("AT+UART=" + uart_args(baud))));
  host_baud(baud);
  ASSERT_TRUE(dut().resync()) << "no answer at the new baud " << baud;
  auto reset = reset_and_listen_at(baud);
  EXPECT_TRUE(reset.ready) << "no \"ready\" at " << baud << " after a reset: AT+UART not saved";
  ASSERT_TRUE(is_ok(dut().command("AT")));
  // Negative: out of range, wrong count or type; the UART (now and at boot) is unchanged.
  for (const std::string& p : bad_uart_params(chip())) {
    EXPECT_TRUE(is_error(dut().command("AT+UART=" + p))) << "AT+UART=" << p;
    ASSERT_TRUE(is_ok(dut().command("AT", Millis{500})))
        << "the UART changed after the rejected AT+UART=" << p;
  }
  reset = reset_and_listen_at(baud);
  EXPECT_TRUE(reset.ready) << "no \"ready\" at the saved " << baud
                           << " after a reset: a rejected AT+UART changed the saved setting";
}

}  // namespace atc::basic
