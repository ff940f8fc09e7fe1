// esp32 §3.2.1, esp8266 §3.2.1: AT — tests AT startup.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(
    Basic, AtAnswersOk,
    {.purpose = "Ensure that AT is answered OK alone, and a command the firmware does not know "
                "is answered ERROR",
     .clauses = {"esp32 §3.2.1", "esp8266 §3.2.1"}}) {
  // Both documents: the response is OK, with nothing before it.
  Response at = dut().command("AT");
  EXPECT_TRUE(is_ok(at));
  EXPECT_TRUE(info_matches(at, {}));
  EXPECT_TRUE(is_error(dut().command("AT+NOSUCHCOMMAND")));
  EXPECT_TRUE(is_error(dut().command("AT=1")));
  EXPECT_TRUE(is_ok(dut().command("AT"))) << "the device must still answer after an error";
}

}  // namespace atc::basic
