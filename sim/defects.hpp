#pragma once
// The defect catalog: each entry plants one plausible firmware bug (`atsim --defect NAME`).
// The project's own tests run the conformance suites against each defect and require a failure
// naming the right clause: a suite that passes a broken firmware is worthless.
//
// Each defect is tested in exactly one place in the code: grep for its enumerator.
#include <bitset>
#include <optional>
#include <string_view>
#include <vector>

namespace atsim {

enum class Defect {
  echo_stuck_on,
  echo_default_off,
  ate_any_suffix,
  restore_keeps_nvs,
  uart_def_not_saved,
  uart_cur_saved,
  uart_query_stale,
  uart_applied_before_ok,
  no_ready,
  range_unchecked,
  gmr_no_ok,
  no_busy,
  rst_no_ok,
  gslp_no_wake,
  gslp_no_time_line,
  sleep_query_wrong,
  sysflash_erase_noop,
  fs_size_off_by_one,
  rfpower_ble_ignored,
  // Wi-Fi (docs/contracts/wifi.md)
  cwmode_not_saved,
  cwmode_cur_saved,
  no_got_ip,
  cwjap_wrong_code,
  cwjap_no_busy,
  cwlap_ignores_sort,
  cwlap_ignores_mask,
  cwlap_filter_ignored,
  cwqap_no_disconnect,
  cwsap_wep_accepted,
  sta_connected_missing,
  cwlif_empty,
  cwdhcp_bits_swapped,
  autoconn_ignored,
  restore_keeps_ap,
  hostname_saved,
  mac_bit0_accepted,
  mac_sta_equals_ap,
  cipsta_not_saved,
  cipsta_keeps_dhcp,
  cifsr_no_label,
  // TCP/IP (docs/contracts/tcpip.md)
  ipd_len_off_by_one,
  closed_missing,
  already_connected_missing,
  send_ok_early,
  cipsend_extra_sent,
  cipsendex_nul_ignored,
  cipdinfo_ignored,
  cipmux_with_links,
  cipclose_all_ignored,
  server_default_port,
  maxconn_ignored,
  cipsto_ignored,
  cipstatus_wrong_state,
  udp_mode2_stuck,
  passthrough_50ms,
  plus_inside_data,
  plus_slow_accepted,
  ipd_in_passthrough,
  passthrough_no_reconnect,
  cipmode_saved,
  savetranslink_ignored,
  tls_ignores_ca,
  cipdns_not_saved,
  sntp_ignores_timezone,
  ciupdate_no_reboot,
  ssl_no_client_cert,
  ping_no_time,
  sendbuf_seg_stuck,
  nvs_lost_at_power_off,
  ssl_server_ignores_ca,
  count_  // keep last
};

struct DefectInfo {
  Defect id;
  std::string_view name;
  std::string_view description;
};

const std::vector<DefectInfo>& defect_catalog();
std::optional<Defect> defect_by_name(std::string_view name);

class Defects {
 public:
  void plant(Defect d) { set_.set(static_cast<std::size_t>(d)); }
  bool has(Defect d) const { return set_.test(static_cast<std::size_t>(d)); }

 private:
  std::bitset<static_cast<std::size_t>(Defect::count_)> set_;
};

}  // namespace atsim
