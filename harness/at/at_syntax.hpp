#pragma once
// The AT syntax both documents share: parameters and answers as comma-separated field lists
// ("+CWLAP:3,"ssid",-48,"24:0a:c4:a7:00:01",6"), strings quoted with \ before , " and \ (ESP32
// §4.2.2), and the shapes of the values (MAC, IP, numbers). Every chapter's tests use it; it
// knows nothing of the DUT.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atc {

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

// Whether a field must be in double quotes. Both documents (§2) quote "string" values and leave
// numbers bare; a clause that calls a field a string (an SSID, a MAC, an IP) requires the quotes,
// and where a clause says nothing either form is accepted.
enum class Quotes { any, required };

// One defined field of a list line: its name (for messages), the ECMAScript regex its value must
// match in full, and its quoting.
struct FieldCheck {
  std::string name;
  std::string regex;
  Quotes quotes = Quotes::any;
};
inline const std::string kMacRe = "[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}";
inline const std::string kIpRe =
    "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
inline const std::string kIntRe = "-?[0-9]+";
inline const std::string kRssiRe = "-[0-9]{1,3}";

// The IP of a station / SoftAP address query in either shape builds print: "<ip>" (both
// documents) or "ip:<ip>" (ESP32 AT 1.x builds, one line per ip/gateway/netmask).
std::optional<std::string> address_of(const std::vector<std::string>& values);
// The same address as a field, so its quoting can be checked.
std::optional<Field> address_field(const std::vector<std::string>& values);

// The first defined field of `got` that is missing, does not match its regex or lacks the quotes
// its clause gives it, in words ("field 2 <ssid> is not quoted: \"ap\" expected, ap came");
// nullopt when every defined field is right. Fields beyond `checks` are not looked at.
std::optional<std::string> field_mismatch(const Fields& got, const std::vector<FieldCheck>& checks);
// The fields beyond the first `defined`, comma-joined as received ("" when there are none): what
// newer builds add (7- and 11-field +CWLAP lines).
std::string extra_fields(const Fields& got, std::size_t defined);

}  // namespace atc
