#include "sim/wifi/chapter.hpp"

#include "sim/chapters.hpp"
#include "sim/wifi/softap.hpp"
#include "sim/wifi/state.hpp"

namespace atsim {

void register_wifi_commands(Registry& r) {
  // Every boot starts from the saved settings (factory ones where nothing is saved), with the
  // station unconnected, the SoftAP down and the volatile settings at their power-on values.
  // The ready hooks (station_commands.cpp) then bring up the SoftAP and auto-connect.
  r.on_boot([](Device& d) {
    auto& w = wifi::wifi(d);
    w = wifi::WifiState{};
    w.now = wifi::load_settings(d.storage(), d.chip(), wifi::board(d));
    // Only ever written with the `hostname-saved` defect planted (provisioning_commands.cpp).
    if (auto name = d.storage().get("nvs.wifi.hostname")) w.hostname = *name;
  });
  r.on_ready([](Device& d) { wifi::sync_softap(d); });
  wifi::register_station_commands(r);
  wifi::register_scan_commands(r);
  wifi::register_softap_commands(r);
  wifi::register_address_commands(r);
  wifi::register_provisioning_commands(r);
}

}  // namespace atsim
