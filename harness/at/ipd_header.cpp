#include "harness/at/ipd_header.hpp"

#include <charconv>
#include <vector>

namespace atc {

namespace {
std::optional<long> to_number(std::string_view s, long max) {
  long v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
  return v;
}
}  // namespace

std::optional<IpdFrame> parse_ipd_header(std::string_view header) {
  std::vector<std::string_view> f;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = header.find(',', start);
    f.push_back(header.substr(start, comma == header.npos ? header.npos : comma - start));
    if (comma == header.npos) break;
    start = comma + 1;
  }
  IpdFrame frame;
  std::size_t len_at = 0;
  switch (f.size()) {
    case 1:
      len_at = 0;
      break;  // +IPD,<len>
    case 2:
      len_at = 1;
      break;  // +IPD,<id>,<len>
    case 3:
      len_at = 0;
      break;  // +IPD,<len>,<ip>,<port>
    case 4:
      len_at = 1;
      break;  // +IPD,<id>,<len>,<ip>,<port>
    default:
      return std::nullopt;
  }
  if (len_at == 1) {
    auto id = to_number(f[0], 15);
    if (!id) return std::nullopt;
    frame.link_id = static_cast<int>(*id);
  }
  auto len = to_number(f[len_at], 1 << 20);
  if (!len) return std::nullopt;
  frame.length = static_cast<std::size_t>(*len);
  if (f.size() >= 3) {
    std::string_view ip = f[len_at + 1];
    if (ip.size() >= 2 && ip.front() == '"' && ip.back() == '"') ip = ip.substr(1, ip.size() - 2);
    auto port = to_number(f[len_at + 2], 65535);
    if (ip.empty() || !port) return std::nullopt;
    frame.remote_ip = std::string(ip);
    frame.remote_port = static_cast<int>(*port);
  }
  return frame;
}

}  // namespace atc
