#pragma once
// Addresses as the Wi-Fi commands read and print them: MACs ("24:0a:c4:00:00:01") and dotted
// IPv4 addresses. Kept in their own namespace so they never clash with the TCP/IP chapter's.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atsim::wifi {

using Mac = std::array<std::uint8_t, 6>;

// Six two-digit hex bytes separated by colons, either case; nothing else.
std::optional<Mac> parse_mac(std::string_view text);
std::string mac_text(const Mac& mac);  // lower case, as the firmware prints it

// Both documents (ESP32 §5.2.4/5.2.5, ESP8266 §4.1.17-22): bit 0 of the first byte must be 0
// (a unicast address), and all-zero and broadcast addresses cannot be set.
bool settable_mac(const Mac& mac);

// Exactly four decimal parts 0..255; host order.
std::optional<std::uint32_t> parse_ip(std::string_view text);
std::string ip_text(std::uint32_t ip);

// 255.255.255.0 from 24.
std::uint32_t netmask_of(int prefix);

}  // namespace atsim::wifi
