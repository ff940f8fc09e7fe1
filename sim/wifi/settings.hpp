#pragma once
// The Wi-Fi chapter's settings: what runs now (WifiState::now) and what is saved in NVS, in one
// shape so a command can change either or both. Factory values are the contract's
// (docs/contracts/wifi.md, "Factory defaults"); AT+RESTORE wipes the saved ones.
#include <cstdint>
#include <optional>
#include <string>

#include "sim/chip.hpp"
#include "sim/storage.hpp"
#include "sim/wifi/addr.hpp"
#include "sim/wifi/board.hpp"

namespace atsim::wifi {

struct IpConfig {
  std::uint32_t ip = 0, gateway = 0, netmask = 0;
  bool operator==(const IpConfig&) const = default;
};

struct SoftapConfig {
  std::string ssid, password;
  int channel = 1;
  int ecn = 0;
  int max_conn = 10;
  int hidden = 0;
  bool operator==(const SoftapConfig&) const = default;
};

// The AP the station joins at boot (AT+CWJAP / _DEF, SmartConfig, WPS).
struct SavedAp {
  std::string ssid, password;
  std::optional<Mac> bssid;
  bool operator==(const SavedAp&) const = default;
};

// ESP32 AT+CWDHCPS: the SoftAP's DHCP pool when not the default one.
struct DhcpPool {
  int lease_minutes = 2880;
  std::uint32_t start = 0, end = 0;
  bool operator==(const DhcpPool&) const = default;
};

struct Settings {
  int mode = 1;  // 0 off (ESP32), 1 station, 2 SoftAP, 3 both
  bool sta_dhcp = true, ap_dhcp = true;
  // Static addresses (AT+CIPSTA / AT+CIPAP). The documents: a static address turns that
  // interface's DHCP off, enabling DHCP drops the static address; the last one wins.
  std::optional<IpConfig> sta_static;
  std::optional<IpConfig> ap_static;  // nullopt: the factory address (127.0.2.1/24)
  std::uint32_t factory_ap_ip = 0x7F000201u;
  Mac sta_mac{}, ap_mac{};
  SoftapConfig softap;
  std::optional<DhcpPool> pool;  // nullopt: the default pool of the SoftAP's /24
  bool autoconn = true;
  std::optional<SavedAp> ap;

  bool station_on() const { return mode == 1 || mode == 3; }
  bool softap_on() const { return mode == 2 || mode == 3; }
  IpConfig softap_ip() const;
  // The SoftAP's DHCP pool now (custom, or .2 to .101 of the SoftAP's /24).
  DhcpPool softap_pool() const;

  // Last one wins: DHCP on drops the static address, a static address turns DHCP off.
  void set_dhcp(bool station, bool softap, bool on);
  void set_static(bool station, const IpConfig& c, bool keep_dhcp_on);
};

Settings factory_settings(Chip chip, const Board& board = {});

// Each setting is saved under its own key (nvs.wifi.<key>).
enum class Key { mode, dhcp, sta_ip, ap_ip, sta_mac, ap_mac, softap, pool, autoconn, ap };

// Factory values (of this board) where nothing is saved.
Settings load_settings(const Storage& s, Chip chip, const Board& board);
void save(Storage& s, const Settings& v, Key k);

}  // namespace atsim::wifi
