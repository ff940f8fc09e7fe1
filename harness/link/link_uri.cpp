#include "harness/link/link_uri.hpp"

#include <algorithm>
#include <charconv>

#include "harness/link/link_error.hpp"

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

bool needs_encoding(unsigned char c) {
  return c == '&' || c == '?' || c == '%' || c == '=' || c == '#' || c <= ' ' || c >= 0x7f;
}

std::string encode(const std::string& v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (needs_encoding(c)) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
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

bool LinkUri::has(const std::string& key) const {
  return std::any_of(query.begin(), query.end(), [&](const auto& kv) { return kv.first == key; });
}

void LinkUri::allow_only(const std::set<std::string>& allowed) const {
  for (const auto& [k, v] : query) {
    if (allowed.count(k)) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw LinkError("link URI \"" + text() + "\": unknown option '" + k + "' for " + scheme + ":" +
                    (list.empty() ? " it takes none" : " it takes " + list));
  }
}

int LinkUri::number(const std::string& key, const std::string& v, int lo, int hi) const {
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty() || n < lo || n > hi)
    throw LinkError("link URI \"" + text() + "\": " + key + "=" + v + " must be a number in " +
                    std::to_string(lo) + ".." + std::to_string(hi));
  return n;
}

std::string LinkUri::text() const {
  // The target is %XX-decoded when parsed, a network one too ("lab%3Fhost"): encode it back.
  std::string s = scheme + ":" + (is_network(scheme) ? "//" : "") + encode(target);
  char sep = '?';
  for (const auto& [k, v] : query) {
    s += sep;
    s += encode(k) + "=" + encode(v);
    sep = '&';
  }
  return s;
}

}  // namespace atc
