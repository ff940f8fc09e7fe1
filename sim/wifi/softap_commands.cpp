// ESP32 §4.2.6 / ESP8266 §4.1.9-4.1.11 AT+CWSAP, ESP32 §4.2.7 / ESP8266 §4.1.12 AT+CWLIF,
// ESP32 §4.2.9 AT+CWDHCPS: the SoftAP's configuration, its stations, its DHCP pool.
#include "sim/lenient.hpp"
#include "sim/wifi/chapter.hpp"
#include "sim/wifi/dialect.hpp"
#include "sim/wifi/softap.hpp"
#include "sim/wifi/state.hpp"

namespace atsim::wifi {
namespace {

void cwsap_query(Device& d, const Request& r, Scope scope) {
  const SoftapConfig c = reported(d, scope).softap;
  std::string line = prefix(r) + quote(c.ssid) + "," + quote(c.password) + "," +
                     std::to_string(c.channel) + "," + std::to_string(c.ecn);
  // ESP32 §4.2.6 adds <max conn>,<ssid hidden>; ESP8266 §4.1.9 shows four fields.
  if (d.chip() == Chip::esp32) {
    line += "," + std::to_string(c.max_conn) + "," + std::to_string(c.hidden);
  }
  d.info(line);
  d.ok();
}

// The configuration AT+CWSAP=<ssid>,<pwd>,<chl>,<ecn>[,<max conn>][,<ssid hidden>] sets;
// nullopt when a parameter is wrong.
std::optional<SoftapConfig> softap_config(Device& d, const Params& p) {
  const std::size_t most = d.chip() == Chip::esp32 ? 6 : 4;
  if (p.size() < 4 || p.size() > most) return std::nullopt;
  SoftapConfig c;
  auto ssid = p.string_at(0);
  auto password = p.string_at(1);
  auto channel = p.int_in(2, 1, 13);
  auto ecn = p.int_in(3, 0, 4);
  if (!ssid || !password || !channel || !ecn) return std::nullopt;
  if (ssid->empty() || ssid->size() > 32 || password->size() > 64) return std::nullopt;
  // Both documents: the SoftAP does not support WEP.
  if (*ecn == 1 && !d.has(Defect::cwsap_wep_accepted)) return std::nullopt;
  if (*ecn >= 2 && password->size() < 8) return std::nullopt;  // WPA: 8..64 bytes
  c.ssid = *ssid;
  c.password = *password;
  c.channel = static_cast<int>(*channel);
  c.ecn = static_cast<int>(*ecn);
  if (p.size() >= 5) {
    auto max = p.int_in(4, 1, 10);
    if (!max) return std::nullopt;
    c.max_conn = static_cast<int>(*max);
  }
  if (p.size() == 6) {
    auto hidden = p.int_in(5, 0, 1);
    if (!hidden) return std::nullopt;
    c.hidden = static_cast<int>(*hidden);
  }
  return c;
}

// `error-still-applies`: the strings as given, the numbers clamped, WEP and short passwords let
// through.
std::optional<SoftapConfig> clamped_config(const Params& p, const SoftapConfig& now) {
  auto ssid = p.string_at(0);
  auto password = p.string_at(1);
  if (!ssid || !password || ssid->empty()) return std::nullopt;
  SoftapConfig c = now;
  c.ssid = ssid->substr(0, 32);
  c.password = password->substr(0, 64);
  c.channel = static_cast<int>(clamped(p, 2, 1, 13).value_or(c.channel));
  c.ecn = static_cast<int>(clamped(p, 3, 0, 4).value_or(c.ecn));
  c.max_conn = static_cast<int>(clamped(p, 4, 1, 10).value_or(c.max_conn));
  c.hidden = static_cast<int>(clamped(p, 5, 0, 1).value_or(c.hidden));
  return c;
}

void cwsap(Device& d, const Request& r, Scope scope) {
  if (r.variant == kQuery) return cwsap_query(d, r, scope);
  const bool persist = persists(scope) && !d.has(Defect::cwsap_not_saved);
  auto apply = [&d, persist](const SoftapConfig& c) {
    change(d, persist, {Key::softap}, [&](Settings& s) { s.softap = c; });
    restart_softap(d);
  };
  // "only available when SoftAP is active"
  const bool softap = wifi(d).now.softap_on();
  auto c = softap_config(d, r.params);
  if (!c || !softap) {
    return reject(d, [&] {
      auto applied = clamped_config(r.params, wifi(d).now.softap);
      if (applied && softap) apply(*applied);
    });
  }
  d.ok();
  apply(*c);
}

void cwlif(Device& d, const Request&) {
  // Stations with a DHCP lease (ESP32 §4.2.7: it cannot list static addresses).
  if (!d.has(Defect::cwlif_empty)) {
    for (const auto& s : wifi(d).softap.stations) {
      if (!s.ip) continue;
      const std::string entry = ip_text(*s.ip) + "," + mac_text(s.mac);
      // ESP32 "+CWLIF:<ip addr>,<mac>"; the ESP8266 document prints no prefix.
      d.info(d.chip() == Chip::esp32 ? "+CWLIF:" + entry : entry);
    }
  }
  d.ok();
}

void cwdhcps(Device& d, const Request& r) {
  auto& w = wifi(d);
  if (r.variant == kQuery) {
    const DhcpPool pool = w.now.softap_pool();
    d.info("+CWDHCPS:" + std::to_string(pool.lease_minutes) + ",\"" + ip_text(pool.start) +
           "\",\"" + ip_text(pool.end) + "\"");
    return d.ok();
  }
  const Params& p = r.params;
  auto set = [&d](const std::optional<DhcpPool>& pool) {
    if (d.has(Defect::cwdhcps_range_ignored)) return;
    change(d, true, {Key::pool}, [&](Settings& s) { s.pool = pool; });
  };
  // `error-still-applies`: the lease clamped, the addresses as given.
  auto apply_clamped = [&] {
    if (p.size() < 4) return;
    auto lease = clamped(p, 1, 1, 2880);
    auto start = text_at(p, 2) ? parse_ip(*text_at(p, 2)) : std::nullopt;
    auto end = text_at(p, 3) ? parse_ip(*text_at(p, 3)) : std::nullopt;
    if (lease && start && end) set(DhcpPool{static_cast<int>(*lease), *start, *end});
  };
  auto enable = p.int_in(0, 0, 1);
  if (!enable || p.size() != (*enable == 1 ? 4u : 1u)) return reject(d, apply_clamped);
  std::optional<DhcpPool> pool;
  if (*enable == 1) {
    auto lease = p.int_in(1, 1, 2880);
    auto start_text = p.string_at(2);
    auto end_text = p.string_at(3);
    // Plain values, not optionals: GCC 12 -O3 misreads these as maybe-uninitialized.
    std::uint32_t start = 0, end = 0;
    auto get_ip = [](const auto& text, std::uint32_t& out) {
      auto ip = text ? parse_ip(*text) : std::nullopt;
      out = ip.value_or(0);
      return ip.has_value();
    };
    const bool have_start = get_ip(start_text, start);
    const bool have_end = get_ip(end_text, end);
    if (!lease || !have_start || !have_end) return reject(d, apply_clamped);
    // In the SoftAP's segment, in order, and not the SoftAP's own address.
    const std::uint32_t own = w.now.softap_ip().ip;
    const std::uint32_t net = own & 0xFFFFFF00u;
    const bool host_part_ok = (start & 255) >= 1 && (end & 255) <= 254;
    if ((start & 0xFFFFFF00u) != net || (end & 0xFFFFFF00u) != net || start > end ||
        !host_part_ok || (own >= start && own <= end)) {
      return reject(d, apply_clamped);
    }
    pool = DhcpPool{static_cast<int>(*lease), start, end};
  }
  // "can only be called when ESP32 runs as SoftAP, and when DHCP is enabled"
  if (!w.now.softap_on() || !w.now.ap_dhcp) return d.error();
  set(pool);
  d.ok();
}

}  // namespace

void register_softap_commands(Registry& r) {
  // esp32 §4.2.6 AT+CWSAP, esp8266 §4.1.9 AT+CWSAP, esp8266 §4.1.10 AT+CWSAP_CUR
  // esp8266 §4.1.11 AT+CWSAP_DEF
  add_scoped(r, "+CWSAP", kQuery | kSet, cwsap);
  // esp32 §4.2.7 AT+CWLIF, esp8266 §4.1.12 AT+CWLIF
  r.add("+CWLIF", kExecute, cwlif);
  // esp32 §4.2.9 AT+CWDHCPS
  if (r.chip() == Chip::esp32) r.add("+CWDHCPS", kQuery | kSet, cwdhcps);
}

}  // namespace atsim::wifi
