// ESP32 §4.2.6 / ESP8266 §4.1.9-4.1.11 AT+CWSAP, ESP32 §4.2.7 / ESP8266 §4.1.12 AT+CWLIF,
// ESP32 §4.2.9 AT+CWDHCPS: the SoftAP's configuration, its stations, its DHCP pool.
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

void cwsap(Device& d, const Request& r, Scope scope) {
  if (r.variant == kQuery) return cwsap_query(d, r, scope);
  const Params& p = r.params;
  const std::size_t most = d.chip() == Chip::esp32 ? 6 : 4;
  if (p.size() < 4 || p.size() > most) return d.error();
  SoftapConfig c;
  auto ssid = p.string_at(0);
  auto password = p.string_at(1);
  auto channel = p.int_in(2, 1, 13);
  auto ecn = p.int_in(3, 0, 4);
  if (!ssid || !password || !channel || !ecn) return d.error();
  if (ssid->empty() || ssid->size() > 32 || password->size() > 64) return d.error();
  // Both documents: the SoftAP does not support WEP.
  if (*ecn == 1 && !d.has(Defect::cwsap_wep_accepted)) return d.error();
  if (*ecn >= 2 && password->size() < 8) return d.error();  // WPA: 8..64 bytes
  c.ssid = *ssid;
  c.password = *password;
  c.channel = static_cast<int>(*channel);
  c.ecn = static_cast<int>(*ecn);
  if (p.size() >= 5) {
    auto max = p.int_in(4, 1, 10);
    if (!max) return d.error();
    c.max_conn = static_cast<int>(*max);
  }
  if (p.size() == 6) {
    auto hidden = p.int_in(5, 0, 1);
    if (!hidden) return d.error();
    c.hidden = static_cast<int>(*hidden);
  }
  // "only available when SoftAP is active"
  if (!wifi(d).now.softap_on()) return d.error();
  change(d, persists(scope), {Key::softap}, [&](Settings& s) { s.softap = c; });
  d.ok();
  restart_softap(d);
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
  auto enable = p.int_in(0, 0, 1);
  if (!enable || p.size() != (*enable == 1 ? 4u : 1u)) return d.error();
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
    if (!lease || !have_start || !have_end) return d.error();
    // In the SoftAP's segment, in order, and not the SoftAP's own address.
    const std::uint32_t own = w.now.softap_ip().ip;
    const std::uint32_t net = own & 0xFFFFFF00u;
    const bool host_part_ok = (start & 255) >= 1 && (end & 255) <= 254;
    if ((start & 0xFFFFFF00u) != net || (end & 0xFFFFFF00u) != net || start > end ||
        !host_part_ok || (own >= start && own <= end)) {
      return d.error();
    }
    pool = DhcpPool{static_cast<int>(*lease), start, end};
  }
  // "can only be called when ESP32 runs as SoftAP, and when DHCP is enabled"
  if (!w.now.softap_on() || !w.now.ap_dhcp) return d.error();
  change(d, true, {Key::pool}, [&](Settings& s) { s.pool = pool; });
  d.ok();
}

}  // namespace

void register_softap_commands(Registry& r) {
  add_scoped(r, "+CWSAP", kQuery | kSet, cwsap);
  r.add("+CWLIF", kExecute, cwlif);
  if (r.chip() == Chip::esp32) r.add("+CWDHCPS", kQuery | kSet, cwdhcps);
}

}  // namespace atsim::wifi
