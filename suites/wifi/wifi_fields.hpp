#pragma once
// The Wi-Fi answers' field lists ("+CWLAP:3,"ssid",-48,"24:0a:c4:a7:00:01",6"): splitting with
// the documents' escapes, and the shapes of the values (MAC, IP, numbers). Shared by the WiFi
// and Nvs suites; knows nothing of the DUT.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atc::wifi {

struct Field {
  std::string value;  // unquoted, escapes undone
  bool quoted = false;
};
using Fields = std::vector<Field>;

// Splits a value at the commas outside quotes; undoes \" \\ \, inside quotes. A list wrapped in
// parentheses (some ESP8266 builds print "+CWLAP:(...)") is unwrapped.
Fields split_fields(std::string_view value);
// The values only.
std::vector<std::string> values_of(const Fields& f);
// "a","b",3 as the documents write parameters: strings quoted, with \ before , " and \.
std::string at_string(std::string_view s);
std::string escape(std::string_view s);

bool is_mac(std::string_view s);
bool is_ip(std::string_view s);
std::optional<long> to_number(std::string_view s);
std::string lower(std::string_view s);
// Same MAC, ignoring case.
bool same_mac(std::string_view a, std::string_view b);
// The first byte of a MAC has bit 0 (the multicast bit) clear.
bool mac_bit0_clear(std::string_view mac);

// One defined field of a list line: its name (for messages) and the ECMAScript regex its value
// must match in full.
struct FieldCheck {
  std::string name;
  std::string regex;
};
inline const std::string kMacRe = "[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}";
inline const std::string kIpRe =
    "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
inline const std::string kIntRe = "-?[0-9]+";
inline const std::string kRssiRe = "-[0-9]{1,3}";

// The IP of a station / SoftAP address query in either shape builds print: "<ip>" (both
// documents) or "ip:<ip>" (ESP32 AT 1.x builds, one line per ip/gateway/netmask).
std::optional<std::string> address_of(const std::vector<std::string>& values);

}  // namespace atc::wifi
