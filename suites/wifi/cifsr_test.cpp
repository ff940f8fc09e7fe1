// esp32 §5.2.13, esp8266 §5.2.10: AT+CIFSR — gets the local IP address.
#include <algorithm>
#include <regex>

#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {

// One "+CIFSR:" line: ESP32 §5.2.13 labels each (APIP, APMAC, STAIP, STAMAC); ESP8266 §5.2.10
// shows "+CIFSR:<IP address>" (no label: "" here), which ESP8266 1.x builds label like the ESP32.
struct CifsrLine {
  std::string label;
  Field value;
};

// Every information line as a +CIFSR line; nullopt (with `bad` set) when one is not.
std::optional<std::vector<CifsrLine>> cifsr_lines(const Response& r, std::string& bad) {
  std::vector<CifsrLine> out;
  for (const auto& l : r.info) {
    if (l.rfind("+CIFSR:", 0) != 0) {
      bad = l;
      return std::nullopt;
    }
    Fields f = split_fields(l.substr(7));
    if (f.size() == 1) {
      out.push_back({"", f[0]});
    } else if (f.size() == 2 && !f[0].quoted) {
      out.push_back({f[0].value, f[1]});
    } else {
      bad = l;
      return std::nullopt;
    }
  }
  return out;
}

// The position of the first line labelled `label`, or -1.
int position(const std::vector<CifsrLine>& lines, const std::string& label) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].label == label) return static_cast<int>(i);
  return -1;
}

}  // namespace

ATC_TEST(WiFi, CifsrReportsTheLocalAddresses,
         {.purpose = "Ensure that AT+CIFSR reports the SoftAP's address, then the station's, in "
                     "the form the clause defines (ESP32: +CIFSR:APIP, APMAC, STAIP, STAMAC in "
                     "that order; ESP8266: +CIFSR:<IP address>, labelled or not), equal to what "
                     "the address queries report",
          .clauses = {"esp32 §5.2.13", "esp8266 §5.2.10"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(3)));
  const auto softap_ip = ap_ip();
  const auto station_ip = sta_ip();
  ASSERT_TRUE(softap_ip && station_ip) << "the address queries do not answer";
  Response r = dut().command("AT+CIFSR");
  ASSERT_TRUE(is_ok(r));
  std::string bad;
  auto got = cifsr_lines(r, bad);
  ASSERT_TRUE(got) << "\"" << bad << "\" is not a +CIFSR:[<label>,]<address> line"
                   << is_ok(r).message();
  const bool labelled = position(*got, "APIP") >= 0 || position(*got, "STAIP") >= 0;
  if (chip() == Chip::esp8266)
    observe("cifsr_form", labelled ? "labelled (+CIFSR:APIP,...), as 1.x builds print it"
                                   : "unlabelled (+CIFSR:<IP address>), the document's form");
  if (chip() == Chip::esp32 || labelled) {
    // The labels in the document's order; ESP8266 builds that label need the two addresses.
    std::vector<std::pair<std::string, std::string>> defined{{"APIP", kIpRe}, {"STAIP", kIpRe}};
    if (chip() == Chip::esp32)
      defined = {{"APIP", kIpRe}, {"APMAC", kMacRe}, {"STAIP", kIpRe}, {"STAMAC", kMacRe}};
    int last = -1;
    for (const auto& [label, re] : defined) {
      const int at = position(*got, label);
      ASSERT_GE(at, 0) << "no +CIFSR:" << label << ",<...> line" << is_ok(r).message();
      EXPECT_GT(at, last) << "+CIFSR:" << label << " is out of the document's order"
                          << is_ok(r).message();
      last = std::max(last, at);
      const std::string& v = (*got)[static_cast<std::size_t>(at)].value.value;
      EXPECT_TRUE(std::regex_match(v, std::regex(re)))
          << "+CIFSR:" << label << " is \"" << v << "\"";
    }
    std::string extra;
    for (const auto& l : *got)
      if (std::find_if(defined.begin(), defined.end(),
                       [&](const auto& d) { return d.first == l.label; }) == defined.end())
        extra += (extra.empty() ? "+CIFSR:" : " +CIFSR:") + l.label + "," + l.value.value;
    if (!extra.empty()) observe("cifsr_extra", extra);
    EXPECT_EQ((*got)[static_cast<std::size_t>(position(*got, "APIP"))].value.value, *softap_ip)
        << "AT+CIFSR and the SoftAP address query disagree";
    EXPECT_EQ((*got)[static_cast<std::size_t>(position(*got, "STAIP"))].value.value, *station_ip)
        << "AT+CIFSR and the station address query disagree";
    if (chip() == Chip::esp32) {
      EXPECT_TRUE(same_mac((*got)[static_cast<std::size_t>(position(*got, "STAMAC"))].value.value,
                           mac_of("CIPSTAMAC")))
          << "AT+CIFSR and AT+CIPSTAMAC? disagree";
    }
  } else {
    // ESP8266 §5.2.10: "+CIFSR:<IP address>" twice: the SoftAP's, then the station's.
    std::vector<std::string> addresses;
    for (const auto& l : *got)
      if (is_ip(l.value.value)) addresses.push_back(l.value.value);
    ASSERT_EQ(addresses.size(), 2u)
        << "the SoftAP's and the station's address" << is_ok(r).message();
    EXPECT_EQ(addresses[0], *softap_ip) << "the first address is not the SoftAP's";
    EXPECT_EQ(addresses[1], *station_ip) << "the second address is not the station's";
  }
  // Negative: AT+CIFSR takes no parameters and has no query form.
  EXPECT_TRUE(is_error(dut().command("AT+CIFSR=1")));
  EXPECT_TRUE(is_error(dut().command("AT+CIFSR?")));
  if (chip() == Chip::esp8266) {
    EXPECT_TRUE(is_ok(dut().command("AT+CIFSR=?")));  // ESP8266 §5.2.10 defines the test form
  }
}

}  // namespace atc::wifi
