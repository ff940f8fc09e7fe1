#include "sim/defects.hpp"

namespace atsim {

const std::vector<DefectInfo>& defect_catalog() {
  static const std::vector<DefectInfo> catalog = {
      {Defect::echo_stuck_on, "echo-stuck-on", "ATE0 answers OK but echo stays on"},
      {Defect::echo_default_off, "echo-default-off", "echo is off after boot instead of on"},
      {Defect::ate_any_suffix, "ate-any-suffix", "ATE<digit> other than 0/1 answers OK"},
      {Defect::restore_keeps_nvs, "restore-keeps-nvs",
       "AT+RESTORE answers OK and reboots but keeps the saved settings"},
      {Defect::uart_def_not_saved, "uart-def-not-saved",
       "AT+UART_DEF applies the settings now but does not save them"},
      {Defect::uart_cur_saved, "uart-cur-saved", "AT+UART_CUR is saved like AT+UART_DEF"},
      {Defect::uart_query_stale, "uart-query-stale",
       "AT+UART_CUR? reports the saved default instead of the current settings"},
      {Defect::uart_applied_before_ok, "uart-applied-before-ok",
       "new UART settings take effect before OK is sent, so the OK is garbled"},
      {Defect::no_ready, "no-ready", "no ready after any reset or boot"},
      {Defect::range_unchecked, "range-unchecked",
       "out-of-range numbers of UART_CUR/UART_DEF/UART/SLEEP/RFPOWER/GSLP are accepted and "
       "stored"},
      {Defect::gmr_no_ok, "gmr-no-ok", "AT+GMR prints the version lines but no OK"},
      {Defect::no_busy, "no-busy",
       "a command arriving while another runs is dropped silently instead of busy p..."},
      {Defect::rst_no_ok, "rst-no-ok", "AT+RST reboots without answering OK first"},
      {Defect::gslp_no_wake, "gslp-no-wake", "after AT+GSLP the device never wakes up"},
      {Defect::gslp_no_time_line, "gslp-no-time-line",
       "AT+GSLP answers OK without the <time> line"},
      {Defect::sleep_query_wrong, "sleep-query-wrong", "ESP8266 AT+SLEEP? always reports 2"},
      {Defect::sysflash_erase_noop, "sysflash-erase-noop",
       "AT+SYSFLASH erase answers OK but leaves the data in place"},
      {Defect::fs_size_off_by_one, "fs-size-off-by-one",
       "AT+FS size query reports one byte more than the file holds"},
      {Defect::rfpower_ble_ignored, "rfpower-ble-ignored",
       "AT+RFPOWER with four parameters applies only the Wi-Fi power"},
  };
  return catalog;
}

std::optional<Defect> defect_by_name(std::string_view name) {
  for (const auto& d : defect_catalog()) {
    if (d.name == name) return d.id;
  }
  return std::nullopt;
}

}  // namespace atsim
