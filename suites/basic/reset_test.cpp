// esp32 §3.2.2, esp8266 §3.2.2: AT+RST — restarts the module; esp32 §8: "ready".
#include "suites/basic/basic_fixture.hpp"
#include "verdict/rig_error.hpp"

namespace atc::basic {

ATC_TEST(Basic, RstAnswersOkThenRebootsToReady,
         {.purpose = "Ensure that AT+RST answers OK before it restarts, prints ready once booted, "
                     "and answers AT afterwards",
          .clauses = {"esp32 §3.2.2", "esp8266 §3.2.2"}}) {
  auto reset = dut().reset_by_command();
  EXPECT_TRUE(reset.ok) << "AT+RST was not answered OK before the restart";
  ASSERT_TRUE(came_ready(dut(), reset)) << "after AT+RST";
  measure("boot_ms", static_cast<double>(reset.boot_time.count()), "ms");
  EXPECT_TRUE(is_ok(dut().command("AT")));
  // Negative: AT+RST takes no parameters, and a rejected one does not restart the module.
  dut().clear_urcs();
  EXPECT_TRUE(is_error(dut().command("AT+RST=1")));
  // The ready above shows the message gets through; a restart would print it again.
  EXPECT_TRUE(no_urc(dut(), "ready", std::min(dut().timing().boot, Millis{2000})))
      << "a restart after AT+RST=1";
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

ATC_TEST(Basic, HardwareResetPrintsReady,
         {.purpose = "Ensure that after a reset through the EN line the firmware prints ready "
                     "and answers AT",
          .clauses = {"esp32 §8", "esp8266 §3.2.2"},
          .pixit = {"reset-lines"}}) {
  auto reset = dut().reset_by_lines();
  // The rig declares reset="lines": a link that cannot drive them is the rig's problem.
  if (!reset.supported)
    throw RigError("the rig says reset=\"lines\", but its link has no modem control lines");
  ASSERT_TRUE(came_ready(dut(), reset)) << "after releasing EN";
  measure("boot_ms", static_cast<double>(reset.boot_time.count()), "ms");
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

}  // namespace atc::basic
