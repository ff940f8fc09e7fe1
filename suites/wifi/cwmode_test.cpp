// esp32 §4.2.1, esp8266 §4.1.1–4.1.3: AT+CWMODE (ESP8266: _CUR, _DEF and the deprecated form).
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
// Modes each document rejects, and malformed parameters.
std::vector<std::string> bad_modes(Chip chip) {
  std::vector<std::string> bad{"4", "-1", "x", "\"1\"", "", "1,1"};
  if (chip == Chip::esp8266) bad.push_back("0");  // ESP8266: 1..3 only
  return bad;
}
}  // namespace

ATC_TEST(WiFi, CwmodeSetsAndReportsEachMode,
         {.purpose = "Ensure that AT+CWMODE (ESP8266 AT+CWMODE_CUR) sets each documented mode, "
                     "the query reports it and the test command answers",
          .clauses = {"esp32 §4.2.1", "esp8266 §4.1.2"}}) {
  keep_mode();
  const std::string name = cur("CWMODE");
  EXPECT_TRUE(has_lines(dut().command("AT+" + name + "=?"), name, 1));
  std::vector<int> modes{1, 2, 3};
  if (chip() == Chip::esp32) modes.push_back(0);  // ESP32 §4.2.1: 0 = Wi-Fi RF disabled
  for (int m : modes) {
    EXPECT_TRUE(mode_set(set_mode(m))) << "mode " << m;
    EXPECT_TRUE(has_value(dut().command("AT+" + name + "?"), name, std::to_string(m)));
  }
}

ATC_TEST(WiFi, CwmodeRejectsUndocumentedModes,
         {.purpose = "Ensure that AT+CWMODE (ESP8266 AT+CWMODE_CUR) with a mode out of range, "
                     "non-numeric, missing or doubled is answered ERROR and the mode is unchanged",
          .clauses = {"esp32 §4.2.1", "esp8266 §4.1.2"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  const std::string name = cur("CWMODE");
  for (const std::string& bad : bad_modes(chip()))
    EXPECT_TRUE(is_error(dut().command("AT+" + name + "=" + bad))) << "AT+" << name << "=" << bad;
  EXPECT_TRUE(has_value(dut().command("AT+" + name + "?"), name, "3"));
}

ATC_TEST(WiFi, CwmodeCurDoesNotChangeTheSavedMode,
         {.purpose = "Ensure that AT+CWMODE_CUR changes the current mode only: AT+CWMODE_DEF? "
                     "still reports the saved one",
          .clauses = {"esp8266 §4.1.2"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(dut().command("AT+CWMODE_DEF=2")));
  ASSERT_TRUE(mode_set(dut().command("AT+CWMODE_CUR=1")));
  EXPECT_TRUE(has_value(dut().command("AT+CWMODE_CUR?"), "CWMODE_CUR", "1"));
  EXPECT_TRUE(has_value(dut().command("AT+CWMODE_DEF?"), "CWMODE_DEF", "2"))
      << "AT+CWMODE_CUR=1 changed the saved mode";
}

ATC_TEST(WiFi, CwmodeDefSetsTheSavedMode,
         {.purpose = "Ensure that AT+CWMODE_DEF sets each mode, AT+CWMODE_DEF? reports it, and "
                     "bad modes are answered ERROR with the saved mode unchanged",
          .clauses = {"esp8266 §4.1.3"}}) {
  keep_mode();
  EXPECT_TRUE(has_lines(dut().command("AT+CWMODE_DEF=?"), "CWMODE_DEF", 1));
  for (int m : {1, 2, 3}) {
    EXPECT_TRUE(mode_set(dut().command("AT+CWMODE_DEF=" + std::to_string(m)))) << "mode " << m;
    EXPECT_TRUE(has_value(dut().command("AT+CWMODE_DEF?"), "CWMODE_DEF", std::to_string(m)));
  }
  for (const std::string& bad : bad_modes(chip()))
    EXPECT_TRUE(is_error(dut().command("AT+CWMODE_DEF=" + bad))) << "AT+CWMODE_DEF=" << bad;
  EXPECT_TRUE(has_value(dut().command("AT+CWMODE_DEF?"), "CWMODE_DEF", "3"));
}

ATC_TEST(WiFi, DeprecatedCwmodeSetsAndReports,
         {.purpose = "Ensure that the deprecated AT+CWMODE still sets and reports the mode and "
                     "rejects bad modes",
          .clauses = {"esp8266 §4.1.1"}}) {
  keep_mode();
  EXPECT_TRUE(has_lines(dut().command("AT+CWMODE=?"), "CWMODE", 1));
  for (int m : {1, 2, 3}) {
    EXPECT_TRUE(mode_set(dut().command("AT+CWMODE=" + std::to_string(m)))) << "mode " << m;
    EXPECT_TRUE(has_value(dut().command("AT+CWMODE?"), "CWMODE", std::to_string(m)));
    EXPECT_TRUE(has_value(dut().command("AT+CWMODE_CUR?"), "CWMODE_CUR", std::to_string(m)));
  }
  for (const std::string& bad : bad_modes(chip()))
    EXPECT_TRUE(is_error(dut().command("AT+CWMODE=" + bad))) << "AT+CWMODE=" << bad;
  EXPECT_TRUE(has_value(dut().command("AT+CWMODE?"), "CWMODE", "3"));
}

}  // namespace atc::wifi
