#include "sim/wifi/addr.hpp"

#include <charconv>

namespace atsim::wifi {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Mac> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  Mac mac{};
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t at = i * 3;
    if (i > 0 && text[at - 1] != ':') return std::nullopt;
    const int hi = hex_digit(text[at]);
    const int lo = hex_digit(text[at + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    mac[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return mac;
}

std::string mac_text(const Mac& mac) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < mac.size(); ++i) {
    if (i > 0) out += ':';
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

bool settable_mac(const Mac& mac) {
  if (mac[0] & 1) return false;  // also rules out FF:FF:FF:FF:FF:FF
  for (auto b : mac) {
    if (b != 0) return true;
  }
  return false;  // 00:00:00:00:00:00
}

std::optional<std::uint32_t> parse_ip(std::string_view text) {
  std::uint32_t ip = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (text.empty() || text[0] != '.') return std::nullopt;
      text.remove_prefix(1);
    }
    std::size_t n = 0;
    while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
    if (n == 0 || n > 3) return std::nullopt;
    unsigned v = 0;
    std::from_chars(text.data(), text.data() + n, v);
    if (v > 255) return std::nullopt;
    ip = (ip << 8) | v;
    text.remove_prefix(n);
  }
  if (!text.empty()) return std::nullopt;
  return ip;
}

std::string ip_text(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

std::uint32_t netmask_of(int prefix) {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return 0xFFFFFFFFu;
  return ~((1u << (32 - prefix)) - 1);
}

}  // namespace atsim::wifi
