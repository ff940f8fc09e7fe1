// ESP32 §4.2.1, 4.2.2, 4.2.5, 4.2.10 / ESP8266 §4.1.1-4.1.8, 4.1.16: the Wi-Fi mode, joining
// and leaving an AP, and auto-connect at boot.
#include "sim/lenient.hpp"
#include "sim/wifi/chapter.hpp"
#include "sim/wifi/dialect.hpp"
#include "sim/wifi/softap.hpp"
#include "sim/wifi/state.hpp"
#include "sim/wifi/station.hpp"

namespace atsim::wifi {
namespace {

int lowest_mode(Device& d) {
  return d.chip() == Chip::esp32 ? 0 : 1;  // ESP32 §4.2.1 has mode 0 (RF off); ESP8266 1..3
}

void cwmode(Device& d, const Request& r, Scope scope) {
  auto& w = wifi(d);
  if (r.variant == kTest) {
    d.info(prefix(r) + "(" + std::to_string(lowest_mode(d)) + "-3)");
    return d.ok();
  }
  if (r.variant == kQuery) {
    d.info(prefix(r) + std::to_string(reported(d, scope).mode));
    return d.ok();
  }
  const bool persist =
      persists(scope) ? !d.has(Defect::cwmode_not_saved) : d.has(Defect::cwmode_cur_saved);
  auto apply = [&d, &w, persist](std::int64_t mode) {
    change(d, persist, {Key::mode}, [&](Settings& s) { s.mode = static_cast<int>(mode); });
    if (!w.now.station_on()) leave(d);
    sync_softap(d);
  };
  auto mode = r.params.size() == 1 ? r.params.int_in(0, lowest_mode(d), 3) : std::nullopt;
  if (!mode) {
    return reject(d, [&] {
      if (auto m = clamped(r.params, 0, lowest_mode(d), 3)) apply(*m);
    });
  }
  d.ok();
  apply(*mode);
}

// The SSID as a query prints it: quoted (both documents call it a string), unless a defect
// drops the quotes.
std::string ssid_field(Device& d, const std::string& ssid) {
  return d.has(Defect::cwjap_query_ssid_unquoted) ? ssid : quote(ssid);
}

void cwjap_query(Device& d, const Request& r, Scope scope) {
  auto& w = wifi(d);
  if (reports_saved(scope)) {
    // _DEF: the AP saved for the next boot.
    const Settings saved = reported(d, scope);
    if (saved.ap) {
      d.info(prefix(r) + ssid_field(d, saved.ap->ssid));
    } else {
      d.info("No AP");
    }
    return d.ok();
  }
  const bool linked = w.station.link == Link::connected || w.station.link == Link::got_ip;
  if (!linked || w.station.ap < 0) {
    d.info("No AP");
    return d.ok();
  }
  const WorldAp& ap = world(d).aps[static_cast<std::size_t>(w.station.ap)];
  if (d.chip() == Chip::esp32) {
    // §4.2.2: +CWJAP:<ssid>,<bssid>,<channel>,<rss>
    d.info(prefix(r) + ssid_field(d, ap.ssid) + ",\"" + mac_text(ap.bssid) + "\"," +
           std::to_string(ap.channel) + "," + std::to_string(ap.rssi));
  } else {
    d.info(prefix(r) + ssid_field(d, ap.ssid));  // §4.1.4-4.1.6: the SSID only
  }
  d.ok();
}

// The join a set command asks for; nullopt when its parameters are wrong.
std::optional<JoinRequest> join_request(const Params& p) {
  if (p.size() != 2 && p.size() != 3) return std::nullopt;
  auto ssid = p.string_at(0);
  auto password = p.string_at(1);
  if (!ssid || !password || ssid->empty() || ssid->size() > 32 || password->size() > 64) {
    return std::nullopt;
  }
  JoinRequest request{*ssid, *password, std::nullopt};
  if (p.size() == 3) {
    auto text = p.string_at(2);
    request.bssid = text ? parse_mac(*text) : std::nullopt;
    if (!request.bssid) return std::nullopt;
  }
  return request;
}

void cwjap(Device& d, const Request& r, Scope scope) {
  if (r.variant == kQuery) return cwjap_query(d, r, scope);
  auto request = join_request(r.params);
  // `error-still-applies`: the SSID and password as given (a BSSID if one parses), the join run
  // as for a good command, then ERROR.
  const bool rejected = !request;
  if (rejected) {
    auto ssid = r.params.string_at(0);
    auto password = r.params.string_at(1);
    if (!d.has(Defect::error_still_applies) || !ssid || !password || ssid->empty()) {
      return d.error();
    }
    auto text = r.params.string_at(2);
    request = JoinRequest{*ssid, *password, text ? parse_mac(*text) : std::nullopt};
  }
  if (!wifi(d).now.station_on()) return d.error();  // "requires Station mode to be active"
  const bool persist = persists(scope) && !d.has(Defect::cwjap_not_saved);
  join(d, *request, JoinStyle::command, [&d, request = *request, persist, rejected](int code) {
    if (code == kJoined) {
      change(d, persist, {Key::ap}, [&](Settings& s) {
        s.ap = SavedAp{request.ssid, request.password, request.bssid};
      });
      return rejected ? d.error() : d.ok();
    }
    if (rejected) return d.error();
    const int shown = code == kWrongPassword && d.has(Defect::cwjap_wrong_code) ? kNotFound : code;
    d.info("+CWJAP:" + std::to_string(shown));
    d.send("\r\nFAIL\r\n");
  });
}

void cwqap(Device& d, const Request& r) {
  if (r.variant == kTest) return d.ok();  // ESP8266 §4.1.8 defines AT+CWQAP=?
  d.ok();
  if (!d.has(Defect::cwqap_no_disconnect)) leave(d);
}

void cwautoconn(Device& d, const Request& r) {
  auto set = [&d](std::int64_t on) {
    change(d, true, {Key::autoconn}, [&](Settings& s) { s.autoconn = on == 1; });
  };
  auto on = r.params.size() == 1 ? r.params.int_in(0, 0, 1) : std::nullopt;
  if (!on) {
    return reject(d, [&] {
      if (auto v = clamped(r.params, 0, 0, 1)) set(*v);
    });
  }
  set(*on);
  d.ok();
}

}  // namespace

void register_station_commands(Registry& r) {
  // esp32 §4.2.1 AT+CWMODE, esp8266 §4.1.1 AT+CWMODE, esp8266 §4.1.2 AT+CWMODE_CUR
  // esp8266 §4.1.3 AT+CWMODE_DEF
  add_scoped(r, "+CWMODE", kTest | kQuery | kSet, cwmode);
  // esp32 §4.2.2 AT+CWJAP, esp8266 §4.1.4 AT+CWJAP, esp8266 §4.1.5 AT+CWJAP_CUR
  // esp8266 §4.1.6 AT+CWJAP_DEF
  add_scoped(r, "+CWJAP", kQuery | kSet, cwjap);
  // esp32 §4.2.5 AT+CWQAP, esp8266 §4.1.8 AT+CWQAP
  r.add("+CWQAP", r.chip() == Chip::esp8266 ? kTest | kExecute : kExecute, cwqap);
  // esp32 §4.2.10 AT+CWAUTOCONN, esp8266 §4.1.16 AT+CWAUTOCONN
  r.add("+CWAUTOCONN", kSet, cwautoconn);

  r.on_ready([](Device& d) {
    // ESP32 §4.2.10 / ESP8266 §4.1.16: join the saved AP at power-up.
    auto& w = wifi(d);
    if (!w.now.autoconn || !w.now.ap || !w.now.station_on()) return;
    if (d.has(Defect::autoconn_ignored)) return;
    join(d, JoinRequest{w.now.ap->ssid, w.now.ap->password, w.now.ap->bssid}, JoinStyle::background,
         nullptr);
  });
}

}  // namespace atsim::wifi
