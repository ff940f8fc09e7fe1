#include "sim/wifi/settings.hpp"

#include <charconv>
#include <vector>

namespace atsim::wifi {
namespace {

// Values are fields joined by LF (no AT parameter can hold one: a line ends there).
std::string join(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += '\n';
    out += fields[i];
  }
  return out;
}
std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == '\n') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}
std::optional<int> to_int(const std::string& s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string key_name(Key k) {
  switch (k) {
    case Key::mode:
      return "nvs.wifi.mode";
    case Key::dhcp:
      return "nvs.wifi.dhcp";
    case Key::sta_ip:
      return "nvs.wifi.sta_ip";
    case Key::ap_ip:
      return "nvs.wifi.ap_ip";
    case Key::sta_mac:
      return "nvs.wifi.sta_mac";
    case Key::ap_mac:
      return "nvs.wifi.ap_mac";
    case Key::softap:
      return "nvs.wifi.softap";
    case Key::pool:
      return "nvs.wifi.dhcps";
    case Key::autoconn:
      return "nvs.wifi.autoconn";
    case Key::ap:
      return "nvs.wifi.ap";
  }
  return "nvs.wifi.unknown";
}

std::string ip_config_text(const IpConfig& c) {
  return join({ip_text(c.ip), ip_text(c.gateway), ip_text(c.netmask)});
}
std::optional<IpConfig> ip_config_from(const std::string& text) {
  auto f = split(text);
  if (f.size() != 3) return std::nullopt;
  auto ip = parse_ip(f[0]), gw = parse_ip(f[1]), mask = parse_ip(f[2]);
  if (!ip || !gw || !mask) return std::nullopt;
  return IpConfig{*ip, *gw, *mask};
}

}  // namespace

IpConfig Settings::softap_ip() const {
  if (ap_static) return *ap_static;
  return IpConfig{factory_ap_ip, factory_ap_ip, 0xFFFFFF00u};
}

DhcpPool Settings::softap_pool() const {
  const std::uint32_t net = softap_ip().ip & 0xFFFFFF00u;
  if (pool && (pool->start & 0xFFFFFF00u) == net) return *pool;
  return DhcpPool{2880, net + 2, net + 101};
}

void Settings::set_dhcp(bool station, bool softap, bool on) {
  if (station) {
    sta_dhcp = on;
    if (on) sta_static.reset();
  }
  if (softap) {
    ap_dhcp = on;
    if (on) ap_static.reset();
  }
}

void Settings::set_static(bool station, const IpConfig& c, bool keep_dhcp_on) {
  if (station) {
    sta_static = c;
    if (!keep_dhcp_on) sta_dhcp = false;
  } else {
    ap_static = c;
    if (!keep_dhcp_on) ap_dhcp = false;
  }
}

Settings factory_settings(Chip chip, const Board& board) {
  Settings s;
  if (chip == Chip::esp32) {
    s.mode = 1;
    s.sta_mac = *parse_mac("24:0a:c4:00:00:01");
    s.ap_mac = *parse_mac("26:0a:c4:00:00:01");
  } else {
    s.mode = 2;  // the ESP8266's factory mode is SoftAP
    s.sta_mac = *parse_mac("18:fe:34:00:00:01");
    s.ap_mac = *parse_mac("1a:fe:34:00:00:01");
  }
  if (board.base_mac) {
    s.sta_mac = *board.base_mac;
    s.ap_mac = *board.base_mac;
    s.ap_mac[0] |= 0x02;  // a locally administered twin, as the chips' SoftAP MACs are
  }
  s.factory_ap_ip = board.softap_ip;
  // ESP_XXXXXX: the last three bytes of the SoftAP's MAC; open, channel 1.
  static constexpr char kHex[] = "0123456789ABCDEF";
  s.softap.ssid = "ESP_";
  for (std::size_t i = 3; i < 6; ++i) {
    s.softap.ssid += kHex[s.ap_mac[i] >> 4];
    s.softap.ssid += kHex[s.ap_mac[i] & 15];
  }
  return s;
}

Settings load_settings(const Storage& st, Chip chip, const Board& board) {
  Settings s = factory_settings(chip, board);
  auto get = [&](Key k) { return st.get(key_name(k)); };
  if (auto v = get(Key::mode)) s.mode = to_int(*v).value_or(s.mode);
  if (auto v = get(Key::dhcp)) {
    const int bits = to_int(*v).value_or(3);
    s.sta_dhcp = bits & 1;
    s.ap_dhcp = bits & 2;
  }
  if (auto v = get(Key::sta_ip)) s.sta_static = ip_config_from(*v);
  if (auto v = get(Key::ap_ip)) s.ap_static = ip_config_from(*v);
  if (auto v = get(Key::sta_mac)) s.sta_mac = parse_mac(*v).value_or(s.sta_mac);
  if (auto v = get(Key::ap_mac)) s.ap_mac = parse_mac(*v).value_or(s.ap_mac);
  if (auto v = get(Key::softap)) {
    auto f = split(*v);
    if (f.size() == 6) {
      s.softap = SoftapConfig{f[0],
                              f[1],
                              to_int(f[2]).value_or(1),
                              to_int(f[3]).value_or(0),
                              to_int(f[4]).value_or(10),
                              to_int(f[5]).value_or(0)};
    }
  }
  if (auto v = get(Key::pool)) {
    auto f = split(*v);
    if (f.size() == 3 && parse_ip(f[1]) && parse_ip(f[2])) {
      s.pool = DhcpPool{to_int(f[0]).value_or(2880), *parse_ip(f[1]), *parse_ip(f[2])};
    }
  }
  if (auto v = get(Key::autoconn)) s.autoconn = *v == "1";
  if (auto v = get(Key::ap)) {
    auto f = split(*v);
    if (f.size() == 3) s.ap = SavedAp{f[0], f[1], parse_mac(f[2])};
  }
  return s;
}

void save(Storage& st, const Settings& s, Key k) {
  const std::string key = key_name(k);
  switch (k) {
    case Key::mode:
      return st.set(key, std::to_string(s.mode));
    case Key::dhcp:
      return st.set(key, std::to_string((s.sta_dhcp ? 1 : 0) | (s.ap_dhcp ? 2 : 0)));
    case Key::sta_ip:
      if (s.sta_static) return st.set(key, ip_config_text(*s.sta_static));
      return st.erase(key);
    case Key::ap_ip:
      if (s.ap_static) return st.set(key, ip_config_text(*s.ap_static));
      return st.erase(key);
    case Key::sta_mac:
      return st.set(key, mac_text(s.sta_mac));
    case Key::ap_mac:
      return st.set(key, mac_text(s.ap_mac));
    case Key::softap:
      return st.set(key, join({s.softap.ssid, s.softap.password, std::to_string(s.softap.channel),
                               std::to_string(s.softap.ecn), std::to_string(s.softap.max_conn),
                               std::to_string(s.softap.hidden)}));
    case Key::pool:
      if (s.pool) {
        return st.set(key, join({std::to_string(s.pool->lease_minutes), ip_text(s.pool->start),
                                 ip_text(s.pool->end)}));
      }
      return st.erase(key);
    case Key::autoconn:
      return st.set(key, s.autoconn ? "1" : "0");
    case Key::ap:
      if (s.ap) {
        return st.set(key, join({s.ap->ssid, s.ap->password,
                                 s.ap->bssid ? mac_text(*s.ap->bssid) : std::string()}));
      }
      return st.erase(key);
  }
}

}  // namespace atsim::wifi
