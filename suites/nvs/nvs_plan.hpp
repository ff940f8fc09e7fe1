#pragma once
// What the NVS pass changes and how it puts things back: a snapshot of every saved setting it
// touches (with the commands that restore it), the non-default values it sets, and the settings
// of each chip's document (ESP32 §7 and each command's "saved" note; ESP8266 _DEF saved, _CUR
// not saved, the deprecated forms saved).
#include <optional>
#include <string>
#include <vector>

#include "suites/nvs/nvs_pass.hpp"

namespace atc::nvs {

// The settings as they were, and the commands that write them back (in order).
struct Snapshot {
  std::optional<std::string> mode, stamac, apmac, staip, apip, dhcp, dhcps, hostname;
  std::vector<std::string> restore;
  bool reset_after_restore = false;  // ESP8266: the _CUR state follows the saved one at boot
};
Snapshot take_snapshot(Dut& d, const DutConfig& dut);

// The values the pass sets: each differs from the snapshot's.
struct Values {
  int target_mode = 3;
  int old_mode = 2;  // ESP8266's deprecated pass: neither target_mode nor the snapshot's
  std::string mac_sta, mac_ap, ip_sta, ip_ap, base_ap, net, mask, hostname;
};
Values choose_values(const Snapshot& s);

std::vector<Setting> esp32_settings(const Values& v);
std::vector<Setting> esp8266_settings(const Values& v);
// ESP8266's deprecated forms (§4.1.1, 4.1.9, 4.1.13, 4.1.17, 4.1.20, 4.1.23) save too; their
// pass runs after the _DEF/_CUR one.
std::vector<Setting> esp8266_deprecated_settings(const Values& v);

}  // namespace atc::nvs
