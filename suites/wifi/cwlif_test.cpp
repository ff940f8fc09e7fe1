// esp32 §4.2.7 / §8, esp8266 §4.1.12: AT+CWLIF and the SoftAP's station messages.
#include "suites/wifi/wifi_fixture.hpp"

namespace atc::wifi {

namespace {
// ESP32 "+CWLIF:<ip>,<mac>"; ESP8266 "<ip>,<mac>" (its document shows no prefix).
std::vector<Fields> stations(const Response& r, Chip chip) {
  std::vector<Fields> out;
  if (chip == Chip::esp32) {
    for (const auto& v : r.values("CWLIF")) out.push_back(split_fields(v));
  } else {
    for (const auto& l : r.info) {
      std::string v = l.rfind("+CWLIF:", 0) == 0 ? l.substr(7) : l;
      if (!v.empty()) out.push_back(split_fields(v));
    }
  }
  return out;
}
}  // namespace

ATC_TEST(WiFi, CwlifListsTheStationsOnTheSoftap,
         {.purpose = "Ensure that AT+CWLIF lists each station joined to the SoftAP with its IP "
                     "address and MAC",
          .clauses = {"esp32 §4.2.7", "esp8266 §4.1.12"},
          .pixit = {"softap-station"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  dut().clear_urcs();
  ASSERT_TRUE(mode_set(set_mode(2)));  // the SoftAP starts: the world's stations join
  auto host_station = softap_station();
  ASSERT_FALSE(HasFailure());
  // Poll: the documents print no message on the ESP8266 when a station joins.
  Response r;
  std::vector<Fields> found;
  const auto deadline = Clock::now() + Millis{10000};
  while (Clock::now() < deadline) {
    r = dut().command("AT+CWLIF");
    ASSERT_TRUE(is_ok(r));
    found = stations(r, chip());
    if (!found.empty()) break;
    dut().wait_quiet(Millis{200}, Millis{1000});
  }
  ASSERT_FALSE(found.empty()) << "no station listed within 10 s of the SoftAP starting"
                              << is_ok(r).message();
  for (const auto& f : found)
    EXPECT_TRUE(fields_match("CWLIF line", f, {{"ip addr", kIpRe}, {"mac", kMacRe}}));
  if (host_station) {
    bool listed = false;
    for (const auto& f : found) listed |= f.size() >= 2 && f[1].value == host_station->mac();
    EXPECT_TRUE(listed) << "the host station " << host_station->mac() << " is not listed"
                        << is_ok(r).message();
  }
  // Negative: AT+CWLIF has no parameters, and a rejected one leaves the SoftAP's stations.
  EXPECT_TRUE(is_error(dut().command("AT+CWLIF=1")));
  Response again = dut().command("AT+CWLIF");
  ASSERT_TRUE(is_ok(again));
  EXPECT_FALSE(stations(again, chip()).empty())
      << "no station listed after the rejected AT+CWLIF=1" << is_ok(again).message();
}

ATC_TEST(WiFi, SoftapReportsStationsJoiningAndLeaving,
         {.purpose = "Ensure that a station joining the SoftAP is reported with +STA_CONNECTED "
                     "then +DIST_STA_IP, one leaving with +STA_DISCONNECTED, and AT+CWLIF lists "
                     "the one that stayed",
          .clauses = {"esp32 §8"},
          .pixit = {"softap-station"}}) {
  keep_mode();
  ASSERT_TRUE(mode_set(set_mode(1)));
  dut().clear_urcs();
  ASSERT_TRUE(mode_set(set_mode(3)));
  auto host_station = softap_station();
  ASSERT_FALSE(HasFailure());
  // §8 shows the MAC bare (+STA_CONNECTED:<sta_mac>); real builds quote it: both are accepted.
  const std::string mac = "(\"" + kMacRe + "\"|" + kMacRe + ")";
  std::optional<Event> joined;
  ASSERT_TRUE(got_urc(dut(), "\\+STA_CONNECTED:" + mac, Millis{10000}, &joined))
      << "within 10 s of the SoftAP starting";
  const std::string value = joined->text.substr(joined->text.find(':') + 1);
  if (value.front() == '"') observe("sta_mac_quoted", joined->text);
  const std::string who = lower(value.front() == '"' ? value.substr(1, value.size() - 2) : value);
  const std::string ip = "(\"" + kIpRe + "\"|" + kIpRe + ")";
  std::optional<Event> leased;
  EXPECT_TRUE(got_urc(dut(), "\\+DIST_STA_IP:\"?" + who + "\"?," + ip, Millis{5000}, &leased))
      << "for " << who;
  // A station leaves: the world's scripted one by itself, the host station when told to.
  if (host_station) {
    EXPECT_TRUE(host_station->leave(fixtures::deadline_in(std::chrono::seconds(10))));
  }
  std::optional<Event> left;
  EXPECT_TRUE(got_urc(dut(), "\\+STA_DISCONNECTED:" + mac, Millis{10000}, &left))
      << "within 10 s of a station leaving";
  // AT+CWLIF agrees with the messages: a station that joined and did not leave is listed.
  Response r = dut().command("AT+CWLIF");
  ASSERT_TRUE(is_ok(r));
  if (left && lower(left->text).find(who) == std::string::npos) {
    bool listed = false;
    for (const auto& f : stations(r, chip())) listed |= f.size() >= 2 && lower(f[1].value) == who;
    EXPECT_TRUE(listed) << who << " joined and did not leave, but AT+CWLIF does not list it"
                        << is_ok(r).message();
  }
}

}  // namespace atc::wifi
