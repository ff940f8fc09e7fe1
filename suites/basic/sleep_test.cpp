// esp32 §3.2.9, esp8266 §3.2.10: AT+SLEEP — sets the sleep mode.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

namespace {
// The sleep mode is not saved: a reset is the one way to put back a value the ESP32 document
// gives no query for.
void reset_at_teardown(Basic& t, Dut& dut) {
  (void)t;
  dut.reset_by_command();
}
}  // namespace

ATC_TEST(Basic, SleepAcceptsTheDocumentedModes,
         {.purpose = "Ensure that AT+SLEEP accepts each documented mode (and on ESP8266 reports it "
                     "with AT+SLEEP?)",
          .clauses = {{Chip::esp32, "3.2.9"}, {Chip::esp8266, "3.2.10"}}}) {
  on_teardown("reset to the boot sleep mode", [this] { reset_at_teardown(*this, dut()); });
  const int modes = chip() == Chip::esp32 ? 2 : 3;
  for (int m = modes - 1; m >= 0; --m) {
    std::string mode = std::to_string(m);
    EXPECT_TRUE(is_ok(dut().command("AT+SLEEP=" + mode))) << "mode " << m;
    if (chip() == Chip::esp8266) {
      EXPECT_TRUE(has_value(dut().command("AT+SLEEP?"), "SLEEP", mode));
    }
  }
}

ATC_TEST(Basic, SleepRejectsUndocumentedModes,
         {.purpose = "Ensure that AT+SLEEP with a mode out of range, non-numeric or missing is "
                     "answered ERROR and the mode is unchanged",
          .clauses = {{Chip::esp32, "3.2.9"}, {Chip::esp8266, "3.2.10"}}}) {
  on_teardown("reset to the boot sleep mode", [this] { reset_at_teardown(*this, dut()); });
  const std::string first_bad = chip() == Chip::esp32 ? "2" : "3";
  if (chip() == Chip::esp8266) {
    ASSERT_TRUE(is_ok(dut().command("AT+SLEEP=1")));
  }
  for (const std::string& bad : {first_bad, std::string("-1"), std::string("5"), std::string("x"),
                                 std::string(""), std::string("1,1")}) {
    EXPECT_TRUE(is_error(dut().command("AT+SLEEP=" + bad))) << "AT+SLEEP=" << bad;
  }
  if (chip() == Chip::esp8266) {
    EXPECT_TRUE(has_value(dut().command("AT+SLEEP?"), "SLEEP", "1"))
        << "the mode changed after rejected commands";
  }
}

}  // namespace atc::basic
