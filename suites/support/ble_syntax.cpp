#include "suites/support/ble_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "harness/at/at_syntax.hpp"

namespace atc::support {

namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view unquoted(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// "0xA002", "A002", 128-bit with or without dashes -> 32 lower-case hex digits (16-bit and
// 32-bit values expanded with the Bluetooth base UUID); "" when it is none of these.
std::string uuid_digits(std::string_view s) {
  s = unquoted(s);
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  std::string d;
  for (char c : s) {
    if (c == '-') continue;
    if (nibble(c) < 0) return {};
    d += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const std::string kBase = "00001000800000805f9b34fb";
  if (d.size() == 4) return "0000" + d + kBase;
  if (d.size() == 8) return d + kBase;
  return d.size() == 32 ? d : std::string();
}

std::string reversed_bytes(const std::string& digits) {
  std::string out;
  for (std::size_t i = digits.size(); i >= 2; i -= 2) out += digits.substr(i - 2, 2);
  return out;
}

}  // namespace

std::optional<BleBytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  BleBytes out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::string to_hex(const BleBytes& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

BleBytes bytes_of(std::string_view text) {
  return BleBytes(text.begin(), text.end());
}

std::string text_of(const BleBytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::optional<AdStructures> ad_structures(const BleBytes& data) {
  AdStructures out;
  std::size_t i = 0;
  while (i < data.size()) {
    const std::size_t len = data[i];
    if (len == 0) break;  // the rest is padding
    if (i + 1 + len > data.size()) return std::nullopt;
    out.emplace_back(data[i + 1],
                     BleBytes(data.begin() + static_cast<std::ptrdiff_t>(i + 2),
                              data.begin() + static_cast<std::ptrdiff_t>(i + 1 + len)));
    i += 1 + len;
  }
  return out;
}

std::optional<BleBytes> ad_field(const BleBytes& data, std::uint8_t type) {
  auto ads = ad_structures(data);
  if (!ads) return std::nullopt;
  for (const auto& [t, v] : *ads)
    if (t == type) return v;
  return std::nullopt;
}

std::string ble_address(std::string_view printed) {
  const std::string_view a = unquoted(printed);
  if (!is_mac(a)) return {};
  std::string out(a);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string address_regex(std::string_view address) {
  std::string body;
  for (char c : address) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      body += '[';
      body += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      body += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      body += ']';
    } else {
      body += c;
    }
  }
  return "(\"" + body + "\"|" + body + ")";
}

bool same_uuid(std::string_view printed, std::string_view uuid) {
  const std::string a = uuid_digits(printed), b = uuid_digits(uuid);
  if (a.empty() || b.empty()) return false;
  return a == b || reversed_bytes(a) == b;
}

std::optional<std::uint16_t> uuid16(std::string_view printed) {
  const std::string d = uuid_digits(printed);
  if (d.size() != 32 || d.substr(0, 4) != "0000" || d.substr(8) != "00001000800000805f9b34fb")
    return std::nullopt;
  return static_cast<std::uint16_t>(std::stoul(d.substr(4, 4), nullptr, 16));
}

std::optional<int> properties(std::string_view printed) {
  printed = unquoted(printed);
  int base = 10;
  if (printed.size() > 2 && printed[0] == '0' && (printed[1] == 'x' || printed[1] == 'X')) {
    printed.remove_prefix(2);
    base = 16;
  }
  int v = 0;
  auto [end, ec] = std::from_chars(printed.data(), printed.data() + printed.size(), v, base);
  if (ec != std::errc() || end != printed.data() + printed.size() || printed.empty() || v < 0 ||
      v > 0xFF)
    return std::nullopt;
  return v;
}

std::optional<BleScanLine> parse_blescan(const Event& e, std::string* why) {
  auto fail = [why](std::string w) -> std::optional<BleScanLine> {
    if (why) *why = std::move(w);
    return std::nullopt;
  };
  const std::string prefix = "+BLESCAN:";
  if (e.text.rfind(prefix, 0) != 0) return fail("not a +BLESCAN line");
  const Fields f = split_fields(std::string_view(e.text).substr(prefix.size()));
  if (f.size() < 3) return fail("fewer than the three fields <addr>,<rssi>,<adv_data>");
  BleScanLine s;
  s.at = e.at;
  s.text = e.text;
  s.address = ble_address(f[0].value);
  if (s.address.empty()) return fail("<addr> '" + f[0].value + "' is not a BLE address");
  auto rssi = to_number(f[1].value);
  if (!rssi) return fail("<rssi> '" + f[1].value + "' is not a number");
  s.rssi = static_cast<int>(*rssi);
  auto adv = from_hex(f[2].value);
  if (!adv) return fail("<adv_data> '" + f[2].value + "' is not a HEX string");
  s.adv = *adv;
  if (f.size() > 3) {
    auto rsp = from_hex(f[3].value);
    if (!rsp) return fail("<scan_rsp_data> '" + f[3].value + "' is not a HEX string");
    s.rsp = *rsp;
  }
  if (f.size() > 4 && !f[4].value.empty()) {
    auto type = to_number(f[4].value);
    if (!type || *type < 0 || *type > 3) return fail("<addr_type> '" + f[4].value + "' not 0..3");
    s.addr_type = static_cast<int>(*type);
  }
  for (std::size_t i = 5; i < f.size(); ++i) s.extra.push_back(f[i].value);
  return s;
}

}  // namespace atc::support
