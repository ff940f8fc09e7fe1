// esp32 §3.2.2, esp8266 §3.2.2: AT+RST — restarts the module; esp32 §8: "ready".
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, RstAnswersOkThenRebootsToReady,
         {.purpose = "Ensure that AT+RST answers OK before it restarts, prints ready once booted, "
                     "and answers AT afterwards",
          .clauses = {{Chip::esp32, "3.2.2"}, {Chip::esp8266, "3.2.2"}}}) {
  auto reset = dut().reset_by_command();
  EXPECT_TRUE(reset.ok) << "AT+RST was not answered OK\n" << dut().tail();
  ASSERT_TRUE(reset.ready) << "no \"ready\" within " << dut().timing().boot.count()
                           << " ms of AT+RST\n"
                           << dut().tail();
  measure("boot_ms", static_cast<double>(reset.boot_time.count()), "ms");
  EXPECT_TRUE(is_ok(dut().command("AT")));
  // Negative: AT+RST takes no parameters.
  EXPECT_TRUE(is_error(dut().command("AT+RST=1")));
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

ATC_TEST(Basic, HardwareResetPrintsReady,
         {.purpose = "Ensure that after a reset through the EN line the firmware prints ready "
                     "and answers AT",
          .clauses = {{Chip::esp32, "8"}, {Chip::esp8266, "3.2.2"}}}) {
  if (session().rig().reset != ResetMethod::lines)
    GTEST_SKIP() << "PIXIT: the rig has no reset lines (reset=\"command\")";
  auto reset = dut().reset_by_lines();
  if (!reset.supported) GTEST_SKIP() << "PIXIT: the link has no modem control lines";
  ASSERT_TRUE(reset.ready) << "no \"ready\" within " << dut().timing().boot.count()
                           << " ms of releasing EN\n"
                           << dut().tail();
  measure("boot_ms", static_cast<double>(reset.boot_time.count()), "ms");
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

}  // namespace atc::basic
