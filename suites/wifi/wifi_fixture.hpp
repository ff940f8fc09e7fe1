#pragma once
// The Wi-Fi chapter (ESP32 §4.2, §5.2.4–5.2.7, §5.2.13; ESP8266 §4.1, §5.2.10): helpers that
// speak each chip's dialect (ESP32 plain names, ESP8266 _CUR/_DEF), join APs the rig names
// (PIXIT), parse the documents' field lists, and put back what a test changed.
//
// A query a helper reads as evidence must have answered OK with its line: a helper that cannot
// read what it needs records a failure naming the clause of the command that did not answer
// (blame()), never a silent "nothing".
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures/wifi_station.hpp"
#include "harness/at/at_syntax.hpp"
#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"

namespace atc::wifi {

inline constexpr const char* kSoftapSsid = "atconform-softap";
inline constexpr const char* kSoftapPassword = "conform-softap-1";

// What the station query (AT+CWJAP? / AT+CWJAP_CUR?) says.
struct JoinState {
  bool connected = false;
  Field ssid;  // the AP's SSID when connected (quoting kept, for the clause's string check)
};

class WiFi : public DutTest {
 protected:
  // The rig's AP (nullptr: the rig names none; tests that need one say .pixit = {"ap"}).
  const WifiPixit* ap() { return rig().wifi ? &*rig().wifi : nullptr; }
  // Stations join the SoftAP by themselves (the simulator's world).
  bool softap_peer_is_world() { return ap() && ap()->softap_peer == "world"; }

  // The build speaks the ESP8266 _CUR/_DEF dialect (PICS cur-def).
  bool cur_def() { return chip() == Chip::esp8266 && profile().claims("cur-def"); }
  // The command name for the current (not saved) setting: ESP8266 "CWMODE_CUR", ESP32 "CWMODE".
  std::string cur(std::string_view base) { return std::string(base) + (cur_def() ? "_CUR" : ""); }
  // The command name for the saved setting: ESP8266 "CWMODE_DEF", ESP32 "CWMODE".
  std::string def(std::string_view base) { return std::string(base) + (cur_def() ? "_DEF" : ""); }

  // Records the clause of settings command `command` ("CWMODE_DEF": esp8266 §4.1.3) in this
  // chip's document as that of a command that misbehaved, unless it is the test's own.
  void blame(const std::string& command);

  // AT+<name>? and the fields of its one "+<name>:" line (nullopt: no such line or not OK).
  std::optional<Fields> query(const std::string& name, Response* out = nullptr);
  // The same as an assertion: AT+<name>? answered OK with exactly one "+<name>:" line, whose
  // fields go to `out`. The failure message says what came.
  ::testing::AssertionResult reports(const std::string& name, Fields* out, Response* r = nullptr);

  // The current Wi-Fi mode (AT+CWMODE? / AT+CWMODE_CUR?); nullopt when it did not answer.
  std::optional<int> mode();
  Response set_mode(int m) {
    return dut().command("AT+" + cur("CWMODE") + "=" + std::to_string(m));
  }
  // A mode change accepted: OK, or the worded `no change` that older ESP8266 builds print for
  // the mode already set (recorded as an observation; docs/errata.md).
  ::testing::AssertionResult mode_set(const Response& r);
  // Snapshots the current (and on ESP8266 the saved) mode; puts both back at teardown. A mode
  // query that does not answer is a failure naming its clause.
  void keep_mode();

  // Snapshots the SoftAP configuration AT+<name>? reports and writes it back at teardown.
  ::testing::AssertionResult keep_softap(const std::string& name);

  // The SoftAP (already started) gets a station from the PIXIT softap_peer: "world" needs
  // nothing (the simulator's stations join by themselves: nullptr); "wpa_supplicant:<if>"
  // sets the SoftAP to kSoftapSsid/kSoftapPassword (restored at teardown) and has that host
  // interface join it (it leaves at teardown). Records a failure when it does not join; a
  // missing wpa_supplicant is a FixtureError (an error verdict).
  std::shared_ptr<fixtures::WifiStation> softap_station();

  // What AT+CWJAP? (ESP8266 AT+CWJAP_CUR?, or `name`) says: joined to an AP, or not connected
  // (`No AP`, or OK without a line). nullopt when it did not answer OK: never "not connected".
  std::optional<JoinState> join_state(Response* out = nullptr, const std::string& name = "");
  // The query answered and reports the station joined to `ssid` / not connected.
  ::testing::AssertionResult joined(const std::string& ssid, const std::string& name = "");
  ::testing::AssertionResult not_joined(const std::string& name = "");
  // AT+CWJAP (ESP32) / AT+CWJAP_CUR (ESP8266) with each string escaped; the join deadline.
  Response join(const std::string& ssid, const std::string& password, const std::string& bssid = "",
                const std::string& command = "");
  // Station mode on, joined to the rig's AP; false with a failure recorded (naming the join's
  // clause) when it did not.
  bool join_rig_ap();
  // AT+CWQAP at teardown (and the mode back), for a test that joins.
  void leave_at_teardown();
  Millis join_timeout() const { return Millis{20000}; }

  // DHCP, each chip in its own document's terms (ESP32 §4.2.8 AT+CWDHCP=<operate>,<mode>,
  // query bit 0 station / bit 1 SoftAP; ESP8266 §4.1.13–4.1.15 AT+CWDHCP_CUR=<mode>,<en> with
  // mode 0 SoftAP / 1 station / 2 both, query bit 0 SoftAP / bit 1 station).
  enum class Iface { station, softap, both };
  Response set_dhcp(Iface which, bool enable, const std::string& command = "");
  // The query's <enable> value (ESP8266: AT+CWDHCP_CUR? where the build answers it, else the
  // documented AT+CWDHCP?).
  std::optional<int> dhcp_value(Response* out = nullptr);
  bool sta_dhcp(int value) { return (value >> (chip() == Chip::esp32 ? 0 : 1)) & 1; }
  bool ap_dhcp(int value) { return (value >> (chip() == Chip::esp32 ? 1 : 0)) & 1; }
  // Snapshots both interfaces' DHCP state and puts it back at teardown (a failure naming the
  // DHCP clause when it cannot be read).
  void keep_dhcp();

  // ESP8266: puts the saved SoftAP address back at teardown: SoftAP DHCP on again when it was
  // on (that clears a saved static address), else `ip` written as the saved address.
  void keep_saved_softap_address(const std::string& ip);

  // The station / SoftAP addresses the documents' queries report.
  std::optional<std::string> sta_ip();
  std::optional<std::string> ap_ip();

  // MACs (ESP32 §5.2.4/5.2.5, ESP8266 §4.1.17–4.1.22).
  std::string mac_of(const std::string& name);  // what AT+<name>? reports, "" when nothing
  // Puts back the MAC of `base` ("CIPSTAMAC"; current, and on ESP8266 the saved one) at teardown.
  void keep_mac(const std::string& base);
  // AT+<name>=<mac> is OK and AT+<name>? reports it, quoted (both documents: a string).
  void mac_sets_and_reports(const std::string& name, const std::string& mac);
  // Each invalid MAC is answered ERROR and the MAC stays.
  void mac_rejects(const std::string& name, const std::string& other_iface_mac);

  // Checks the defined fields of a list line (value, order, quotes); extra trailing fields are
  // an observation, not a failure.
  ::testing::AssertionResult fields_match(const std::string& what, const Fields& got,
                                          const std::vector<FieldCheck>& checks);
};

}  // namespace atc::wifi

// Tests in this chapter are written as ATC_TEST(WiFi, Name, {...}).
using atc::Chip;
using atc::wifi::WiFi;
