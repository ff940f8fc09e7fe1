// esp32 §3.2.1, esp8266 §3.2.1: AT — tests AT startup.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, AtAnswersOk,
         {.purpose = "Ensure that AT is answered OK, and a command the firmware does not know is "
                     "answered ERROR",
          .clauses = {{Chip::esp32, "3.2.1"}, {Chip::esp8266, "3.2.1"}}}) {
  EXPECT_TRUE(is_ok(dut().command("AT")));
  EXPECT_TRUE(is_error(dut().command("AT+NOSUCHCOMMAND")));
  EXPECT_TRUE(is_error(dut().command("AT=1")));
  EXPECT_TRUE(is_ok(dut().command("AT"))) << "the device must still answer after an error";
}

}  // namespace atc::basic
