// Getting credentials without typing them, and the station's names: ESP32 §4.2.11-4.2.12 /
// ESP8266 §4.1.29-4.1.30 SmartConfig, ESP32 §4.2.13 WPS, §4.2.14 CWHOSTNAME, §4.2.15 MDNS.
#include "sim/lenient.hpp"
#include "sim/wifi/chapter.hpp"
#include "sim/wifi/dialect.hpp"
#include "sim/wifi/state.hpp"
#include "sim/wifi/station.hpp"

namespace atsim::wifi {
namespace {

// A join that SmartConfig or WPS started keeps the AP for the next boot, as AT+CWJAP does.
void remember(Device& d, const JoinRequest& j) {
  change(d, true, {Key::ap}, [&](Settings& s) { s.ap = SavedAp{j.ssid, j.password, j.bssid}; });
}

// The world's phone, if it speaks a protocol of the requested type (1 ESP-TOUCH, 2 AirKiss,
// 3 both).
bool phone_heard(const SmartConfigPhone& phone, int type) {
  if (phone.type == "ESPTOUCH") return type & 1;
  return type & 2;
}

void start_smartconfig(Device& d, int type) {
  auto& w = wifi(d);
  w.smartconfig = true;
  w.smartconfig_type = type;
  const auto& phone = world(d).smartconfig;
  if (!phone || !phone_heard(*phone, type)) return;  // listens until AT+CWSTOPSMART
  const std::uint64_t run = w.provisioning;
  d.after(phone->after, [&d, run, phone = *phone] {
    auto& w = wifi(d);
    if (!w.smartconfig || w.provisioning != run) return;
    d.info("smartconfig type:" + phone.type);
    d.info("Smart get wifi info");
    d.info("ssid:" + phone.ssid);
    d.info("password:" + phone.password);
    const JoinRequest j{phone.ssid, phone.password, std::nullopt};
    if (d.has(Defect::smartconfig_no_join)) return;
    join(d, j, JoinStyle::background, [&d, j](int code) {
      if (code == kJoined) {
        remember(d, j);
        d.info("smartconfig connected wifi");
      } else {
        d.info("smartconfig connect fail");
      }
    });
  });
}

void cwstartsmart(Device& d, const Request& r) {
  auto& w = wifi(d);
  const std::int64_t most = d.chip() == Chip::esp32 ? 3 : 2;
  int type = 3;  // ESP32: the execute form is ESP-TOUCH+AirKiss
  if (r.variant == kSet) {
    auto t = r.params.size() == 1 ? r.params.int_in(0, 1, most) : std::nullopt;
    if (!t) {
      return reject(d, [&] {
        auto c = clamped(r.params, 0, 1, most);
        if (c && w.now.station_on() && !w.smartconfig) start_smartconfig(d, static_cast<int>(*c));
      });
    }
    type = static_cast<int>(*t);
  }
  // Station mode only, and one SmartConfig at a time.
  if (!w.now.station_on() || w.smartconfig) return d.error();
  d.ok();
  start_smartconfig(d, type);
}

void cwstopsmart(Device& d, const Request&) {
  auto& w = wifi(d);
  d.ok();
  if (d.has(Defect::stopsmart_ignored)) return;
  w.smartconfig = false;
  ++w.provisioning;
}

void start_wps(Device& d) {
  auto& w = wifi(d);
  w.wps = true;
  const auto& button = world(d).wps;
  if (!button) return;  // no AP has its button pressed: WPS waits until AT+WPS=0
  const std::uint64_t run = w.provisioning;
  d.after(button->after, [&d, run, button = *button] {
    auto& w = wifi(d);
    if (!w.wps || w.provisioning != run) return;
    const int index = find_ap(d, button.ssid, button.bssid);
    if (index < 0) return;
    const WorldAp& ap = world(d).aps[static_cast<std::size_t>(index)];
    const JoinRequest j{ap.ssid, ap.password, button.bssid};  // the AP hands over its key
    if (d.has(Defect::wps_no_join)) return;
    join(d, j, JoinStyle::background, [&d, j](int code) {
      wifi(d).wps = false;
      if (code == kJoined) remember(d, j);
    });
  });
}

void wps(Device& d, const Request& r) {
  auto& w = wifi(d);
  auto enable = r.params.size() == 1 ? r.params.int_in(0, 0, 1) : std::nullopt;
  if (!enable) {
    return reject(d, [&] {
      auto c = clamped(r.params, 0, 0, 1);
      if (c == 1 && w.now.station_on() && !w.wps) start_wps(d);
    });
  }
  if (*enable == 0) {
    w.wps = false;
    ++w.provisioning;
    return d.ok();
  }
  if (!w.now.station_on() || w.wps) return d.error();  // "must be used when the Station is enabled"
  d.ok();
  start_wps(d);
}

void cwhostname(Device& d, const Request& r) {
  auto& w = wifi(d);
  if (r.variant == kQuery) {
    // §4.2.14: "+CWHOSTNAME:<null>" when the station is not enabled.
    d.info("+CWHOSTNAME:" + (w.now.station_on() ? w.hostname : std::string("<null>")));
    return d.ok();
  }
  auto name = r.params.size() == 1 ? r.params.string_at(0) : std::nullopt;
  if (!name || name->empty() || name->size() > 32) {
    return reject(d, [&] {
      auto given = r.params.string_at(0);
      if (given && !given->empty() && w.now.station_on()) w.hostname = given->substr(0, 32);
    });
  }
  if (!w.now.station_on()) return d.error();
  w.hostname = *name;
  // §4.2.14: "not saved in the flash". The defect saves it; the boot hook restores it.
  if (d.has(Defect::hostname_saved)) d.storage().set("nvs.wifi.hostname", *name);
  d.ok();
}

void mdns(Device& d, const Request& r) {
  const Params& p = r.params;
  auto enable = p.int_in(0, 0, 1);
  if (!enable || p.size() != (*enable == 1 ? 4u : 1u)) return d.error();
  if (*enable == 1) {
    auto host = p.string_at(1);
    auto service = p.string_at(2);
    auto port = p.int_in(3, 1, 65535);
    // §4.2.15: the service starts with "_"; no "." in either name.
    const bool underscore = service && !service->empty() &&
                            ((*service)[0] == '_' || d.has(Defect::mdns_bad_service_accepted));
    if (!host || !service || !port || host->empty() || service->size() < 2 || !underscore ||
        host->find('.') != std::string::npos || service->find('.') != std::string::npos) {
      return d.error();
    }
  }
  wifi(d).mdns = *enable == 1;
  d.ok();
}

}  // namespace

void register_provisioning_commands(Registry& r) {
  if (r.chip() == Chip::esp32) {
    // esp32 §4.2.11 AT+CWSTARTSMART, esp8266 §4.1.29 AT+CWSTARTSMART
    r.add("+CWSTARTSMART", kSet | kExecute, cwstartsmart);
    // esp32 §4.2.13 AT+WPS
    r.add("+WPS", kSet, wps);
    // esp32 §4.2.14 AT+CWHOSTNAME
    r.add("+CWHOSTNAME", kQuery | kSet, cwhostname);
    // esp32 §4.2.15 AT+MDNS
    r.add("+MDNS", kSet, mdns);
  } else {
    // esp32 §4.2.11 AT+CWSTARTSMART, esp8266 §4.1.29 AT+CWSTARTSMART
    r.add("+CWSTARTSMART", kSet, cwstartsmart);  // §4.1.29: types 1 and 2
  }
  // esp32 §4.2.12 AT+CWSTOPSMART, esp8266 §4.1.30 AT+CWSTOPSMART
  r.add("+CWSTOPSMART", kExecute, cwstopsmart);
}

}  // namespace atsim::wifi
