#include "harness/link/link_factory.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "harness/link/link_error.hpp"
#include "harness/link/rfc2217_link.hpp"
#include "harness/link/serial_link.hpp"
#include "harness/link/sim_link.hpp"
#include "harness/link/tcp_link.hpp"
#include "harness/link/tty_link.hpp"

namespace atc {

namespace {

const char* const kSchemes = "serial:, tty:, tcp://, rfc2217://, sim:";

[[noreturn]] void bad(const std::string& uri, std::size_t pos, const std::string& why) {
  throw LinkError("link URI \"" + uri + "\": at offset " + std::to_string(pos) + ": " + why);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX-decodes uri[begin, end).
std::string decode(const std::string& uri, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (uri[i] != '%') {
      out += uri[i];
      continue;
    }
    int hi = i + 1 < end ? hex_value(uri[i + 1]) : -1;
    int lo = i + 2 < end ? hex_value(uri[i + 2]) : -1;
    if (hi < 0 || lo < 0) bad(uri, i, "'%' must be followed by two hex digits");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool is_network(const std::string& scheme) {
  return scheme == "tcp" || scheme == "rfc2217";
}

// host:port after "//", with the port checked here so the offset can be reported.
void check_host_port(const std::string& uri, std::size_t begin, std::size_t end) {
  if (begin == end) bad(uri, begin, "expected host:port");
  std::size_t colon;
  if (begin < end && uri[begin] == '[') {
    auto close = uri.find(']', begin);
    if (close == std::string::npos || close >= end) bad(uri, begin, "unterminated '[' address");
    if (close == begin + 1) bad(uri, begin + 1, "empty address");
    colon = close + 1;
    if (colon >= end || uri[colon] != ':') bad(uri, colon, "expected ':<port>' after the address");
  } else {
    colon = uri.rfind(':', end - 1);
    if (colon == std::string::npos || colon < begin)
      bad(uri, end, "expected ':<port>' after the host");
    if (colon == begin) bad(uri, begin, "expected a host before ':'");
  }
  if (colon + 1 == end) bad(uri, end, "expected a port number after ':'");
  long port = 0;
  for (std::size_t i = colon + 1; i < end; ++i) {
    if (uri[i] < '0' || uri[i] > '9') bad(uri, i, "the port must be a number");
    port = port * 10 + (uri[i] - '0');
    if (port > 65535) bad(uri, colon + 1, "the port must be 1..65535");
  }
  if (port == 0) bad(uri, colon + 1, "the port must be 1..65535");
}

int to_int(const std::string& uri, const std::string& key, const std::string& v, int lo, int hi) {
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty() || n < lo || n > hi)
    throw LinkError("link URI \"" + uri + "\": " + key + "=" + v + " must be a number in " +
                    std::to_string(lo) + ".." + std::to_string(hi));
  return n;
}

void check_keys(const std::string& uri, const LinkUri& u, std::set<std::string> allowed) {
  for (const auto& [k, v] : u.query) {
    if (allowed.count(k)) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw LinkError("link URI \"" + uri + "\": unknown option '" + k + "' for " + u.scheme + ":" +
                    (list.empty() ? " it takes none" : " it takes " + list));
  }
}

const std::set<std::string> kSerialKeys = {"baud", "data_bits", "parity", "stop_bits", "flow"};

SerialSettings apply_settings(const std::string& uri, const LinkUri& u, SerialSettings s) {
  for (const auto& [k, v] : u.query) {
    if (k == "baud") {
      s.baud = to_int(uri, k, v, 1, 100'000'000);
    } else if (k == "data_bits") {
      s.data_bits = to_int(uri, k, v, 5, 8);
    } else if (k == "stop_bits") {
      s.stop_bits = to_int(uri, k, v, 1, 2);
    } else if (k == "parity") {
      if (v == "none")
        s.parity = Parity::none;
      else if (v == "odd")
        s.parity = Parity::odd;
      else if (v == "even")
        s.parity = Parity::even;
      else
        throw LinkError("link URI \"" + uri + "\": parity=" + v + " must be none, odd or even");
    } else if (k == "flow") {
      if (v == "none")
        s.flow = FlowControl::none;
      else if (v == "rtscts")
        s.flow = FlowControl::rts_cts;
      else
        throw LinkError("link URI \"" + uri + "\": flow=" + v + " must be none or rtscts");
    }
  }
  return s;
}

Millis connect_timeout(const std::string& uri, const LinkUri& u) {
  std::string v = u.get("connect_ms");
  return Millis(v.empty() ? 5000 : to_int(uri, "connect_ms", v, 1, 600'000));
}

}  // namespace

std::string LinkUri::get(const std::string& key, const std::string& fallback) const {
  // The last occurrence wins, as a later setting overrides an earlier one.
  for (auto it = query.rbegin(); it != query.rend(); ++it)
    if (it->first == key) return it->second;
  return fallback;
}

LinkUri parse_link_uri(const std::string& uri) {
  LinkUri u;
  const std::size_t colon = uri.find(':');
  if (uri.empty()) bad(uri, 0, "empty; expected one of " + std::string(kSchemes));
  if (colon == std::string::npos)
    bad(uri, uri.size(), "expected '<scheme>:' (one of " + std::string(kSchemes) + ")");
  if (colon == 0) bad(uri, 0, "expected a scheme before ':'");
  for (std::size_t i = 0; i < colon; ++i) {
    char c = uri[i];
    bool ok = (c >= 'a' && c <= 'z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) bad(uri, i, "a scheme is lower-case letters, digits, '+', '-', '.'");
  }
  u.scheme = uri.substr(0, colon);

  const std::size_t qmark = std::min(uri.find('?'), uri.size());
  std::size_t begin = colon + 1;
  if (is_network(u.scheme)) {
    if (uri.compare(begin, 2, "//") != 0)
      bad(uri, begin, "expected '//' (" + u.scheme + "://host:port)");
    begin += 2;
    check_host_port(uri, begin, qmark);
  }
  if (begin == qmark) bad(uri, begin, "expected a target (path, host:port or chip)");
  u.target = decode(uri, begin, qmark);

  for (std::size_t pos = qmark + 1; pos <= uri.size() && qmark < uri.size();) {
    std::size_t amp = std::min(uri.find('&', pos), uri.size());
    std::size_t eq = uri.find('=', pos);
    if (amp == pos) bad(uri, pos, "empty query option");
    if (eq == std::string::npos || eq > amp) bad(uri, amp, "expected '=' in a query option");
    if (eq == pos) bad(uri, pos, "expected a name before '='");
    u.query.emplace_back(decode(uri, pos, eq), decode(uri, eq + 1, amp));
    pos = amp + 1;
  }
  return u;
}

std::unique_ptr<Link> open_link(const std::string& uri, const SerialSettings& serial) {
  const LinkUri u = parse_link_uri(uri);
  if (u.scheme == "serial") {
    check_keys(uri, u, kSerialKeys);
    return std::make_unique<SerialLink>(u.target, apply_settings(uri, u, serial), uri);
  }
  if (u.scheme == "tty") {
    check_keys(uri, u, kSerialKeys);
    return std::make_unique<TtyLink>(u.target, apply_settings(uri, u, serial), uri);
  }
  if (u.scheme == "tcp") {
    check_keys(uri, u, {"connect_ms"});
    auto [host, port] = split_host_port(u.target, uri);
    return std::make_unique<TcpLink>(host, port, uri, connect_timeout(uri, u));
  }
  if (u.scheme == "rfc2217") {
    auto keys = kSerialKeys;
    keys.insert("connect_ms");
    check_keys(uri, u, keys);
    auto [host, port] = split_host_port(u.target, uri);
    return std::make_unique<Rfc2217Link>(host, port, uri, apply_settings(uri, u, serial),
                                         connect_timeout(uri, u));
  }
  if (u.scheme == "sim") {
    auto keys = kSerialKeys;
    keys.insert({"defect", "nvs", "boot_ms", "atsim", "world", "truth", "pki", "dns", "ota",
                 "low_port_offset"});
    check_keys(uri, u, keys);
    if (u.target != "esp32" && u.target != "esp8266")
      throw LinkError("link URI \"" + uri + "\": unknown chip '" + u.target +
                      "'; the simulator knows esp32 and esp8266");
    SimLink::Options o;
    o.chip = u.target;
    for (const auto& [k, v] : u.query) {
      if (k == "defect") o.defects.push_back(v);
      if (k == "nvs") o.nvs = v;
      if (k == "boot_ms") o.boot_ms = to_int(uri, k, v, 0, 600'000);
      if (k == "atsim") o.atsim = v;
      if (k == "world") o.world = v;
      if (k == "truth") o.truth = v;
      if (k == "pki") o.pki = v;
      if (k == "dns") o.dns = v;
      if (k == "ota") o.ota = v;
      if (k == "low_port_offset") o.low_port_offset = to_int(uri, k, v, 0, 64512);
    }
    return std::make_unique<SimLink>(std::move(o), apply_settings(uri, u, serial), uri);
  }
  throw LinkError("link URI \"" + uri + "\": unknown scheme '" + u.scheme +
                  "'; known: " + kSchemes);
}

}  // namespace atc
