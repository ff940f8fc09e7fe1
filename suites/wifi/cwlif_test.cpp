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
          .clauses = {{Chip::esp32, "4.2.7"}, {Chip::esp8266, "4.1.12"}}}) {
  if (!softap_peer_named()) GTEST_SKIP() << kNoSoftapPeer;
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  dut().clear_urcs();
  ASSERT_TRUE(is_ok(set_mode(2)));  // the SoftAP starts: the world's stations join
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
  ASSERT_FALSE(found.empty()) << "no station listed within 10 s of the SoftAP starting\n" << r.tail;
  for (const auto& f : found)
    EXPECT_TRUE(fields_match("CWLIF line", f, {{"ip addr", kIpRe}, {"mac", kMacRe}}));
  if (host_station) {
    bool listed = false;
    for (const auto& f : found) listed |= f.size() >= 2 && f[1].value == host_station->mac();
    EXPECT_TRUE(listed) << "the host station " << host_station->mac() << " is not listed\n"
                        << r.tail;
  }
  // Negative: AT+CWLIF has no parameters.
  EXPECT_TRUE(is_error(dut().command("AT+CWLIF=1")));
}

ATC_TEST(WiFi, SoftapReportsStationsJoiningAndLeaving,
         {.purpose = "Ensure that a station joining the SoftAP is reported with +STA_CONNECTED "
                     "then +DIST_STA_IP, and one leaving with +STA_DISCONNECTED",
          .clauses = {{Chip::esp32, "8"}}}) {
  if (!softap_peer_named()) GTEST_SKIP() << kNoSoftapPeer;
  keep_mode();
  ASSERT_TRUE(is_ok(set_mode(1)));
  dut().clear_urcs();
  ASSERT_TRUE(is_ok(set_mode(3)));
  auto host_station = softap_station();
  ASSERT_FALSE(HasFailure());
  const std::string mac = "\"(" + kMacRe + ")\"";
  auto joined = dut().wait_urc("\\+STA_CONNECTED:" + mac, Millis{10000});
  ASSERT_TRUE(joined) << "no +STA_CONNECTED within 10 s of the SoftAP starting\n" << dut().tail();
  std::string who = joined->text.substr(joined->text.find('"'));
  auto ip = dut().wait_urc("\\+DIST_STA_IP:" + who + ",\"?" + kIpRe + "\"?", Millis{5000});
  EXPECT_TRUE(ip) << "no +DIST_STA_IP for " << who << "\n" << dut().tail();
  // A station leaves: the world's scripted one by itself, the host station when told to.
  if (host_station) {
    EXPECT_TRUE(host_station->leave(fixtures::deadline_in(std::chrono::seconds(10))));
  }
  auto left = dut().wait_urc("\\+STA_DISCONNECTED:" + mac, Millis{10000});
  EXPECT_TRUE(left) << "no +STA_DISCONNECTED within 10 s of a station leaving\n" << dut().tail();
  // AT+CWLIF agrees with the messages: the station that joined (and stayed) is listed.
  Response r = dut().command("AT+CWLIF");
  EXPECT_TRUE(is_ok(r));
}

}  // namespace atc::wifi
