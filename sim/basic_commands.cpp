// §3 Basic AT commands (both documents): AT, AT+RST, AT+GMR, AT+GSLP, ATE, AT+RESTORE,
// AT+SLEEP, AT+SYSRAM, AT+RFPOWER. UART configuration, SYSFLASH and FS have their own files.
#include <string>

#include "sim/chapters.hpp"
#include "sim/device.hpp"
#include "sim/firmware_info.hpp"
#include "sim/lenient.hpp"

namespace atsim {
namespace {

struct BasicState {
  std::int64_t sleep_mode = 0;
  std::int64_t rf_power[4] = {0, 0, 0, 0};  // wifi, ble adv, ble scan, ble conn
};

std::int64_t default_sleep_mode(Chip chip) {
  // ESP8266 §3.2.10: "default to be modem-sleep mode" (2). ESP32: modem sleep (1) is
  // documented but not queryable; the value only matters for AT+SLEEP's own handler.
  return chip == Chip::esp8266 ? 2 : 1;
}

void at(Device& d, const Request&) {
  if (d.has(Defect::at_extra_line)) d.info("AT command ready");
  d.ok();
}

void rst(Device& d, const Request&) {
  if (!d.has(Defect::rst_no_ok)) d.ok();
  d.restart();
}

void gmr(Device& d, const Request&) {
  auto lines = gmr_lines(d.chip());
  // After AT+CIUPDATE the new firmware's version (sim/net/service_commands.cpp).
  const auto updated = d.storage().get("fw.version");
  const std::string version = updated ? "AT version:" + *updated : std::string();
  if (updated) lines[0] = version;
  for (auto line : lines) d.info(line);
  if (!d.has(Defect::gmr_no_ok)) d.ok();
}

void gslp(Device& d, const Request& r) {
  // <time> in ms; the range is the deep-sleep timer's (a signed 32-bit count of ms, and 2^31
  // exactly is still accepted by the firmware's unsigned parse).
  if (r.params.size() != 1) return d.error();
  auto ms = d.checked_int(r.params, 0, 0, std::int64_t{1} << 31);
  if (!ms) return d.error();
  if (!d.has(Defect::gslp_no_time_line)) d.info(std::to_string(*ms));
  d.ok();
  d.deep_sleep(std::chrono::milliseconds(std::max<std::int64_t>(*ms, 0)));
}

void ate(Device& d, const Request& r) {
  // ATE0 / ATE1 only; ESP8266 §3.2.5: "ERROR when a parameter other than 0 or 1 was specified".
  const std::string& a = r.argument;
  const bool digit = a.size() == 1 && a[0] >= '0' && a[0] <= '9';
  if (a != "0" && a != "1" && !(digit && d.has(Defect::ate_any_suffix))) {
    const bool digits = !a.empty() && a.find_first_not_of("0123456789") == std::string::npos;
    return reject(d, [&] {
      if (digits) d.set_echo(true);  // any number but 0, clamped into 0..1
    });
  }
  const bool on = a != "0";
  if (on || !d.has(Defect::echo_stuck_on)) d.set_echo(on);
  d.ok();
}

void restore(Device& d, const Request&) {
  // The Wi-Fi chapter's saved AP (sim/wifi/settings.cpp), which a defect forgets to wipe.
  const auto saved_ap = d.storage().get("nvs.wifi.ap");
  if (!d.has(Defect::restore_keeps_nvs)) d.storage().erase_prefix("nvs.");
  if (saved_ap && d.has(Defect::restore_keeps_ap)) d.storage().set("nvs.wifi.ap", *saved_ap);
  d.ok();
  d.restart();
}

void sleep(Device& d, const Request& r) {
  auto& s = d.state<BasicState>();
  if (r.variant == kQuery) {
    d.info("+SLEEP:" + std::to_string(d.has(Defect::sleep_query_wrong) ? 2 : s.sleep_mode));
    return d.ok();
  }
  // ESP32 §3.2.9: 0 disabled, 1 modem sleep. ESP8266 §3.2.10: 0, 1 light, 2 modem.
  const std::int64_t max = d.chip() == Chip::esp32 ? 1 : 2;
  auto mode = r.params.size() == 1 ? d.checked_int(r.params, 0, 0, max) : std::nullopt;
  if (!mode || (*mode == 1 && d.has(Defect::sleep_mode1_refused))) {
    return reject(d, [&] {
      if (auto m = clamped(r.params, 0, 0, max)) s.sleep_mode = *m;
    });
  }
  s.sleep_mode = *mode;
  d.ok();
}

void sysram(Device& d, const Request&) {
  // ESP32 §3.2.10's example value, wandering by a few hundred bytes as the heap does.
  const auto free = 148408 - static_cast<std::int64_t>(d.random() % 600);
  if (!d.has(Defect::sysram_no_value)) d.info("+SYSRAM:" + std::to_string(free));
  d.ok();
}

void rfpower(Device& d, const Request& r) {
  auto& s = d.state<BasicState>();
  if (r.variant == kQuery) {
    d.info("+RFPOWER:" + std::to_string(s.rf_power[0]) + "," + std::to_string(s.rf_power[1]) + "," +
           std::to_string(s.rf_power[2]) + "," + std::to_string(s.rf_power[3]));
    return d.ok();
  }
  // ESP32 §3.2.13: the three BLE powers are given together or not at all.
  const std::size_t n = r.params.size();
  auto apply_clamped = [&] {
    for (std::size_t i = 0; i < std::min<std::size_t>(n, 4); ++i)
      if (auto x = clamped(r.params, i, 0, i == 0 ? 11 : 7)) s.rf_power[i] = *x;
  };
  if (n != 1 && n != 4) return reject(d, apply_clamped);
  std::int64_t v[4];
  for (std::size_t i = 0; i < n; ++i) {
    auto x = d.checked_int(r.params, i, 0, i == 0 ? 11 : 7);
    if (!x) return reject(d, apply_clamped);
    v[i] = *x;
  }
  const std::size_t applied = d.has(Defect::rfpower_ble_ignored) ? 1 : n;
  for (std::size_t i = 0; i < applied; ++i) s.rf_power[i] = v[i];
  d.ok();
}

}  // namespace

void register_basic_commands(Registry& r) {
  const Chip chip = r.chip();
  r.on_boot([chip](Device& d) {
    auto& s = d.state<BasicState>();
    s = BasicState{};
    s.sleep_mode = default_sleep_mode(chip);
  });

  // esp32 §3.2.1 AT, esp8266 §3.2.1 AT
  r.add("", kExecute, at);
  // esp32 §3.2.2 AT+RST, esp8266 §3.2.2 AT+RST
  r.add("+RST", kExecute, rst);
  // esp32 §3.2.3 AT+GMR, esp8266 §3.2.3 AT+GMR
  r.add("+GMR", kExecute, gmr);
  // esp32 §3.2.4 AT+GSLP, esp8266 §3.2.4 AT+GSLP
  r.add("+GSLP", kSet, gslp);
  // esp32 §3.2.5 ATE, esp8266 §3.2.5 ATE
  r.add("E", kExecute, ate);
  // esp32 §3.2.6 AT+RESTORE, esp8266 §3.2.6 AT+RESTORE
  r.add("+RESTORE", kExecute, restore);
  if (chip == Chip::esp32) {
    // esp32 §3.2.9 AT+SLEEP, esp8266 §3.2.10 AT+SLEEP
    // ESP32 §3.2.9 defines no query; newer builds answer one, so do we (as for AT+RFPOWER).
    r.add("+SLEEP", kSet | kQuery, sleep);
    // esp32 §3.2.10 AT+SYSRAM
    r.add("+SYSRAM", kQuery, sysram);
    // §3.2.13 documents only the set form; real firmware answers the query, so do we.
    // esp32 §3.2.13 AT+RFPOWER
    r.add("+RFPOWER", kSet | kQuery, rfpower);
  } else {
    // esp32 §3.2.9 AT+SLEEP, esp8266 §3.2.10 AT+SLEEP
    r.add("+SLEEP", kSet | kQuery, sleep);
  }
}

}  // namespace atsim
