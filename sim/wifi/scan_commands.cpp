// ESP32 §4.2.3 AT+CWLAPOPT and §4.2.4 / ESP8266 §4.1.7 AT+CWLAP: scanning the world's APs.
#include <algorithm>
#include <numeric>

#include "sim/lenient.hpp"
#include "sim/wifi/chapter.hpp"
#include "sim/wifi/dialect.hpp"
#include "sim/wifi/state.hpp"

namespace atsim::wifi {
namespace {

// A scan visits every channel; the reply comes at the end.
constexpr Millis kScanTime{200};

void cwlapopt(Device& d, const Request& r) {
  // §4.2.3 contradicts itself on <sort_enable> (the list says 0 sorts, the example says 1
  // does); the example, real firmware and the suites agree: 1 sorts by RSSI.
  // <mask>: the document's five bits; newer builds have eleven, and 0x7FF (all) is the default.
  auto set = [&d](std::int64_t sort, std::int64_t mask) {
    wifi(d).lapopt_sort = static_cast<int>(sort);
    wifi(d).lapopt_mask = static_cast<int>(mask);
  };
  auto sort = r.params.int_in(0, 0, 1);
  auto mask = r.params.int_in(1, 0, 0x7FF);
  if (r.params.size() != 2 || !sort || !mask) {
    return reject(d, [&] {
      auto s = clamped(r.params, 0, 0, 1);
      auto m = clamped(r.params, 1, 0, 0x7FF);
      if (s || m) set(s.value_or(wifi(d).lapopt_sort), m.value_or(wifi(d).lapopt_mask));
    });
  }
  set(*sort, *mask);
  d.ok();
}

std::string line_for(Device& d, const WorldAp& ap) {
  const std::string ssid = d.has(Defect::cwlap_ssid_unquoted) ? ap.ssid : quote(ap.ssid);
  const std::string fields[] = {std::to_string(ap.ecn), ssid, std::to_string(ap.rssi),
                                "\"" + mac_text(ap.bssid) + "\"", std::to_string(ap.channel)};
  const int shown_fields = d.has(Defect::cwlap_no_channel) ? 4 : 5;
  if (d.chip() == Chip::esp8266) {
    // §4.1.7: +CWLAP:<ecn>,<ssid>,<rssi>,<mac>,<ch>
    std::string line = "+CWLAP:" + fields[0];
    for (int i = 1; i < shown_fields; ++i) line += "," + fields[i];
    return line;
  }
  // ESP32 builds wrap the list in parentheses; the mask picks the fields (bit 0 <ecn> ...
  // bit 4 <channel>).
  const int mask = d.has(Defect::cwlap_ignores_mask) ? 0x7FF : wifi(d).lapopt_mask;
  std::string shown;
  for (int bit = 0; bit < shown_fields; ++bit) {
    if (!(mask & (1 << bit))) continue;
    if (!shown.empty()) shown += ",";
    shown += fields[bit];
  }
  return "+CWLAP:(" + shown + ")";
}

void cwlap(Device& d, const Request& r) {
  // Filters: AT+CWLAP=<ssid> or AT+CWLAP=<ssid>,<mac>,<channel> (both documents).
  std::optional<std::string> ssid;
  std::optional<Mac> bssid;
  std::optional<std::int64_t> channel;
  if (r.variant == kSet) {
    const Params& p = r.params;
    if (p.size() != 1 && p.size() != 3) return d.error();
    ssid = p.string_at(0);
    if (!ssid) return d.error();
    if (p.size() == 3) {
      auto text = p.string_at(1);
      bssid = text ? parse_mac(*text) : std::nullopt;
      channel = p.int_in(2, 1, 14);
      if (!bssid || !channel) return d.error();
    }
  }
  if (!wifi(d).now.station_on()) return d.error();  // a scan needs the station interface

  const auto& aps = world(d).aps;
  std::vector<std::size_t> found;
  const bool filter = ssid && !d.has(Defect::cwlap_filter_ignored);
  for (std::size_t i = 0; i < aps.size(); ++i) {
    if (filter && aps[i].ssid != *ssid) continue;
    if (filter && bssid && (aps[i].bssid != *bssid || aps[i].channel != *channel)) continue;
    found.push_back(i);
  }
  const bool sort = d.chip() == Chip::esp32 && wifi(d).lapopt_sort == 1;
  if (sort && !d.has(Defect::cwlap_ignores_sort)) {
    std::stable_sort(found.begin(), found.end(),
                     [&](std::size_t a, std::size_t b) { return aps[a].rssi > aps[b].rssi; });
  }
  std::vector<std::string> lines;
  for (std::size_t i : found) lines.push_back(line_for(d, aps[i]));
  d.busy_for(kScanTime, [&d, lines] {
    for (const auto& l : lines) d.info(l);
    d.ok();
  });
}

}  // namespace

void register_scan_commands(Registry& r) {
  // esp32 §4.2.3 AT+CWLAPOPT
  if (r.chip() == Chip::esp32) r.add("+CWLAPOPT", kSet, cwlapopt);
  // esp32 §4.2.4 AT+CWLAP, esp8266 §4.1.7 AT+CWLAP
  r.add("+CWLAP", kSet | kExecute, cwlap);
}

}  // namespace atsim::wifi
