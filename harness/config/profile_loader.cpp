// Profiles (PICS): what a firmware build claims (docs/configs.md, "Profile").
#include <regex>

#include "harness/config/config_loader.hpp"
#include "harness/config/xml_file.hpp"

namespace atc {

const std::set<std::string, std::less<>>& known_features() {
  static const std::set<std::string, std::less<>> names{
      // Basic (ESP32 §3.2, ESP8266 §3.2)
      "sysram", "sysflash", "fs", "rfpower", "sleep", "deep-sleep", "uart-def",
      // Wi-Fi (ESP32 §4.2, ESP8266 §4.1)
      "cur-def", "cwlapopt", "dhcps", "autoconn", "smartconfig", "wps", "hostname", "mdns",
      "mac-set", "ip-set",
      // TCP/IP (ESP32 §5.2, ESP8266 §5.2)
      "dns", "domain", "ssl", "ssl-config", "server", "server-maxconn", "passthrough", "sendex",
      "send-buffer", "sntp", "ota", "ipdinfo", "ping", "cipsto",
      // BLE (ESP32 §6.2)
      "ble", "ble-gatts", "ble-gattc", "ble-spp", "ble-security"};
  return names;
}

const std::set<std::string, std::less<>>& known_limits() {
  static const std::set<std::string, std::less<>> names{
      "max_links",                // link IDs 0..max_links-1 in multi-connection mode
      "max_send",                 // largest AT+CIPSEND length
      "server_max_conn",          // AT+CIPSERVERMAXCONN maximum
      "softap_max_conn",          // AT+CWSAP <max conn> maximum
      "passthrough_packet",       // passthrough packetisation: bytes per packet
      "passthrough_interval_ms",  // passthrough packetisation: interval
      "send_buffer_size",         // ESP8266 AT+CIPSENDBUF buffer (bytes)
      "max_baud",                 // highest UART baud the firmware accepts
  };
  return names;
}

Profile load_profile(const std::string& path) {
  XmlFile f(path);
  auto root = f.root("profile");
  f.allow_attributes(root, {"name", "chip", "at_version"});
  f.allow_children(root, {"features", "limits", "gmr"});

  Profile p;
  p.source = path;
  p.name = f.required(root, "name");
  f.required(root, "chip");
  p.chip = static_cast<Chip>(f.choice(root, "chip", {"esp32", "esp8266"}, 0));
  p.at_version = root.attribute("at_version").value();

  if (auto features = root.child("features")) {
    f.allow_attributes(features, {});
    f.allow_children(features, {}, {"feature"});
    for (auto feature : features.children("feature")) {
      f.allow_attributes(feature, {"name"});
      f.allow_children(feature, {});
      std::string name = f.required(feature, "name");
      if (known_features().count(name) == 0) {
        f.fail(feature, "name",
               "unknown feature '" + name + "' (known features are listed in docs/configs.md)");
      }
      if (!p.features.insert(name).second) {
        f.fail(feature, "name", "feature '" + name + "' claimed twice");
      }
    }
  }

  if (auto limits = root.child("limits")) {
    f.allow_children(limits, {});
    for (auto a = limits.first_attribute(); a; a = a.next_attribute()) {
      if (known_limits().count(a.name()) == 0) {
        f.fail(limits, a.name(),
               std::string("unknown limit '") + a.name() +
                   "' (known limits are listed in docs/configs.md)");
      }
      if (p.limits.count(a.name()) != 0) {
        f.fail(limits, a.name(), std::string("limit '") + a.name() + "' given twice");
      }
      p.limits[a.name()] = f.number(limits, a.name(), 0, 1'000'000'000, 0);
    }
  }

  if (auto gmr = root.child("gmr")) {
    f.allow_attributes(gmr, {});
    f.allow_children(gmr, {}, {"line"});
    for (auto line : gmr.children("line")) {
      f.allow_attributes(line, {"pattern"});
      f.allow_children(line, {});
      std::string pattern = f.required(line, "pattern");
      try {
        std::regex check(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        f.fail(line, "pattern", "pattern \"" + pattern + "\" is not a valid regex: " + e.what());
      }
      p.gmr_patterns.push_back(pattern);
    }
  }
  return p;
}

}  // namespace atc
