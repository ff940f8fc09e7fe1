// DHCP and the DUT's own addresses: ESP32 §4.2.8 AT+CWDHCP, §5.2.4-5.2.7 CIPSTAMAC, CIPAPMAC,
// CIPSTA, CIPAP, §5.2.13 CIFSR; ESP8266 §4.1.13-4.1.28 (each with _CUR/_DEF) and §5.2.10 CIFSR.
#include "sim/lenient.hpp"
#include "sim/wifi/chapter.hpp"
#include "sim/wifi/dialect.hpp"
#include "sim/wifi/softap.hpp"
#include "sim/wifi/state.hpp"
#include "sim/wifi/station.hpp"

namespace atsim::wifi {
namespace {

// ---- DHCP: the two documents order the parameters and number the query bits differently.

void cwdhcp(Device& d, const Request& r, Scope scope) {
  const bool esp32 = d.chip() == Chip::esp32;
  if (r.variant == kQuery) {
    const Settings s = reported(d, scope);
    // ESP32 §4.2.8: bit 0 station, bit 1 SoftAP. ESP8266 §4.1.13: bit 0 SoftAP, bit 1 station.
    bool low = esp32 ? s.sta_dhcp : s.ap_dhcp;
    bool high = esp32 ? s.ap_dhcp : s.sta_dhcp;
    if (d.has(Defect::cwdhcp_bits_swapped)) std::swap(low, high);
    d.info(prefix(r) + std::to_string((low ? 1 : 0) | (high ? 2 : 0)));
    return d.ok();
  }
  const bool persist = persists(scope) && !d.has(Defect::cwdhcp_not_saved);
  // ESP32 AT+CWDHCP=<operate>,<mode>: operate 0 disable / 1 enable; mode bit 0 station, 1
  // SoftAP. ESP8266 AT+CWDHCP=<mode>,<en>: mode 0 SoftAP, 1 station, 2 both; en 0 / 1.
  auto apply = [&d, esp32, persist](std::int64_t first, std::int64_t second) {
    const bool on = esp32 ? first == 1 : second == 1;
    const bool station = esp32 ? (second & 1) != 0 : first != 0;
    const bool softap = esp32 ? (second & 2) != 0 : first != 1;
    change(d, persist, {Key::dhcp, Key::sta_ip, Key::ap_ip},
           [&](Settings& s) { s.set_dhcp(station, softap, on); });
    if (station) readdress_station(d);
  };
  const std::int64_t first_max = esp32 ? 1 : 2, second_max = esp32 ? 3 : 1;
  auto first = r.params.int_in(0, 0, first_max);
  auto second = r.params.int_in(1, 0, second_max);
  if (r.params.size() != 2 || !first || !second) {
    return reject(d, [&] {
      auto f = clamped(r.params, 0, 0, first_max);
      auto s = clamped(r.params, 1, 0, second_max);
      if (f && s) apply(*f, *s);
    });
  }
  d.ok();
  apply(*first, *second);
}

// ---- MACs

enum class Iface { station, softap };

void mac_command(Device& d, const Request& r, Scope scope, Iface iface) {
  const bool sta = iface == Iface::station;
  if (r.variant == kQuery) {
    const Settings s = reported(d, scope);
    d.info(prefix(r) + "\"" + mac_text(sta ? s.sta_mac : s.ap_mac) + "\"");
    return d.ok();
  }
  const bool persist =
      persists(scope) ? !d.has(Defect::mac_not_saved) : d.has(Defect::mac_cur_saved);
  auto apply = [&d, sta, persist](const Mac& mac) {
    change(d, persist, {sta ? Key::sta_mac : Key::ap_mac},
           [&](Settings& s) { (sta ? s.sta_mac : s.ap_mac) = mac; });
  };
  // `error-still-applies`: whatever parses as a MAC, quoted or not, multicast or shared.
  auto apply_parsed = [&] {
    auto text = text_at(r.params, 0);
    if (auto mac = text ? parse_mac(*text) : std::nullopt) apply(*mac);
  };
  if (r.params.size() != 1) return reject(d, apply_parsed);
  auto text = r.params.string_at(0);
  auto mac = text ? parse_mac(*text) : std::nullopt;
  if (!mac) return reject(d, apply_parsed);
  const bool multicast_ok = sta && d.has(Defect::mac_bit0_accepted);
  const Mac all_ones{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  if (!settable_mac(*mac) && !(multicast_ok && *mac != all_ones && ((*mac)[0] & 1))) {
    return reject(d, apply_parsed);
  }
  // The two interfaces never share a MAC, in force or saved.
  const bool same_ok = !sta && d.has(Defect::mac_sta_equals_ap);
  const Settings& now = wifi(d).now;
  const Settings saved = load_settings(d.storage(), d.chip(), board(d));
  const bool clash = *mac == (sta ? now.ap_mac : now.sta_mac) ||
                     (persists(scope) && *mac == (sta ? saved.ap_mac : saved.sta_mac));
  if (clash && !same_ok) return reject(d, apply_parsed);
  apply(*mac);
  d.ok();
}

// ---- static IPs

std::optional<std::uint32_t> ip_param(const Params& p, std::size_t i) {
  auto text = p.string_at(i);
  return text ? parse_ip(*text) : std::nullopt;
}

bool contiguous(std::uint32_t mask) {
  return mask != 0 && ((~mask + 1) & ~mask) == 0;
}

// <ip>[,<gateway>,<netmask>]; the gateway and netmask default to .1 of the /24.
std::optional<IpConfig> parse_ip_config(const Params& p) {
  if (p.size() != 1 && p.size() != 3) return std::nullopt;
  auto ip = ip_param(p, 0);
  if (!ip || *ip == 0 || *ip == 0xFFFFFFFFu) return std::nullopt;
  if (p.size() == 1) return IpConfig{*ip, (*ip & 0xFFFFFF00u) | 1, 0xFFFFFF00u};
  auto gw = ip_param(p, 1);
  auto mask = ip_param(p, 2);
  if (!gw || !mask || !contiguous(*mask)) return std::nullopt;
  return IpConfig{*ip, *gw, *mask};
}

// `error-still-applies`: the address as given, quoted or not, with the gateway and netmask
// where they parse (else .1 of the /24 and 255.255.255.0).
std::optional<IpConfig> lenient_ip_config(const Params& p) {
  auto parsed = [&](std::size_t i) {
    auto t = text_at(p, i);
    return t ? parse_ip(*t) : std::nullopt;
  };
  auto ip = parsed(0);
  if (!ip || *ip == 0) return std::nullopt;
  return IpConfig{*ip, parsed(1).value_or((*ip & 0xFFFFFF00u) | 1),
                  parsed(2).value_or(0xFFFFFF00u)};
}

std::string quoted_ip(std::uint32_t ip) {
  return "\"" + ip_text(ip) + "\"";
}

// The station's address as the documents report it: the one it got, else a static one set
// (the interface holds it before any join, as on real firmware), else 0.0.0.0 (ESP32 §5.2.6:
// "only when the ESP32 Station is connected to an AP can its IP address be queried").
IpConfig station_address(Device& d) {
  const auto& w = wifi(d);
  if (w.station.link == Link::got_ip) return w.station.address;
  return w.now.sta_static.value_or(IpConfig{});
}

void cipsta(Device& d, const Request& r, Scope scope) {
  if (r.variant == kQuery) {
    IpConfig a = station_address(d);
    if (reports_saved(scope)) a = reported(d, scope).sta_static.value_or(IpConfig{});
    d.info(prefix(r) + quoted_ip(a.ip));  // both documents: +CIPSTA:<ip>
    return d.ok();
  }
  const bool persist =
      persists(scope) ? !d.has(Defect::cipsta_not_saved) : d.has(Defect::ip_cur_saved);
  const bool keep_dhcp = d.has(Defect::cipsta_keeps_dhcp);
  auto apply = [&d, persist, keep_dhcp](const IpConfig& c) {
    change(d, persist, {Key::sta_ip, Key::dhcp},
           [&](Settings& s) { s.set_static(true, c, keep_dhcp); });
    readdress_station(d);
  };
  auto c = parse_ip_config(r.params);
  if (!c) {
    return reject(d, [&] {
      if (auto lenient = lenient_ip_config(r.params)) apply(*lenient);
    });
  }
  d.ok();
  apply(*c);
}

void cipap(Device& d, const Request& r, Scope scope) {
  if (r.variant == kQuery) {
    const IpConfig a = reported(d, scope).softap_ip();
    std::string line = prefix(r) + quoted_ip(a.ip);
    // ESP32 §5.2.7: +CIPAP:<ip>,<gateway>,<netmask>; ESP8266 §4.1.26: +CIPAP:<IP>.
    if (d.chip() == Chip::esp32) {
      line += "," + quoted_ip(a.gateway);
      if (!d.has(Defect::cipap_query_no_netmask)) line += "," + quoted_ip(a.netmask);
    }
    d.info(line);
    return d.ok();
  }
  const bool persist =
      persists(scope) ? !d.has(Defect::cipap_not_saved) : d.has(Defect::ip_cur_saved);
  auto apply = [&d, persist](const IpConfig& c) {
    change(d, persist, {Key::ap_ip, Key::dhcp},
           [&](Settings& s) { s.set_static(false, c, false); });
    restart_softap(d);  // the SoftAP moved: its stations join again
  };
  auto c = parse_ip_config(r.params);
  // Both documents: "only supports class C IP addresses" (a /24).
  if (!c || c->netmask != 0xFFFFFF00u) {
    return reject(d, [&] {
      if (auto lenient = lenient_ip_config(r.params)) apply(*lenient);
    });
  }
  d.ok();
  apply(*c);
}

// ---- CIFSR

void cifsr(Device& d, const Request& r) {
  if (r.variant == kTest) return d.ok();  // ESP8266 §5.2.10 defines AT+CIFSR=?
  const Settings& s = wifi(d).now;
  const std::uint32_t sta_ip = station_address(d).ip;
  if (d.has(Defect::cifsr_no_label)) {
    // Pre-1.0 builds: bare addresses, SoftAP first.
    if (s.softap_on()) d.info(ip_text(s.softap_ip().ip));
    if (s.station_on()) d.info(ip_text(sta_ip));
    return d.ok();
  }
  auto softap = [&] {
    if (!s.softap_on()) return;
    d.info("+CIFSR:APIP," + quoted_ip(s.softap_ip().ip));
    d.info("+CIFSR:APMAC,\"" + mac_text(s.ap_mac) + "\"");
  };
  auto station = [&] {
    if (!s.station_on()) return;
    d.info("+CIFSR:STAIP," + quoted_ip(sta_ip));
    d.info("+CIFSR:STAMAC,\"" + mac_text(s.sta_mac) + "\"");
  };
  if (d.has(Defect::cifsr_reordered)) {
    station();
    softap();
  } else {
    softap();
    station();
  }
  d.ok();
}

}  // namespace

void register_address_commands(Registry& r) {
  // esp32 §4.2.8 AT+CWDHCP, esp8266 §4.1.13 AT+CWDHCP, esp8266 §4.1.14 AT+CWDHCP_CUR
  // esp8266 §4.1.15 AT+CWDHCP_DEF
  add_scoped(r, "+CWDHCP", kQuery | kSet, cwdhcp);
  // esp32 §5.2.4 AT+CIPSTAMAC, esp8266 §4.1.17 AT+CIPSTAMAC, esp8266 §4.1.18 AT+CIPSTAMAC_CUR
  // esp8266 §4.1.19 AT+CIPSTAMAC_DEF
  add_scoped(r, "+CIPSTAMAC", kQuery | kSet,
             [](Device& d, const Request& q, Scope s) { mac_command(d, q, s, Iface::station); });
  // esp32 §5.2.5 AT+CIPAPMAC, esp8266 §4.1.20 AT+CIPAPMAC, esp8266 §4.1.21 AT+CIPAPMAC_CUR
  // esp8266 §4.1.22 AT+CIPAPMAC_DEF
  add_scoped(r, "+CIPAPMAC", kQuery | kSet,
             [](Device& d, const Request& q, Scope s) { mac_command(d, q, s, Iface::softap); });
  // esp32 §5.2.6 AT+CIPSTA, esp8266 §4.1.23 AT+CIPSTA, esp8266 §4.1.24 AT+CIPSTA_CUR
  // esp8266 §4.1.25 AT+CIPSTA_DEF
  add_scoped(r, "+CIPSTA", kQuery | kSet, cipsta);
  // esp32 §5.2.7 AT+CIPAP, esp8266 §4.1.26 AT+CIPAP, esp8266 §4.1.27 AT+CIPAP_CUR
  // esp8266 §4.1.28 AT+CIPAP_DEF
  add_scoped(r, "+CIPAP", kQuery | kSet, cipap);
  // esp32 §5.2.13 AT+CIFSR, esp8266 §5.2.10 AT+CIFSR
  r.add("+CIFSR", r.chip() == Chip::esp8266 ? kTest | kExecute : kExecute, cifsr);
}

}  // namespace atsim::wifi
