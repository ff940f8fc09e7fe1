// The BLE chapter's registration (ESP32 only: the ESP8266 document has no BLE chapter) and its
// boot hook: BLE settings are not in §7, so every boot starts de-initialised with the
// defaults, and the radio leaves the air (its peers see the supervision timeout).
#include "sim/bt/chapter.hpp"

#include "sim/bt/controller.hpp"
#include "sim/chapters.hpp"
#include "sim/device.hpp"

namespace atsim {

void register_ble_commands(Registry& r) {
  if (r.chip() != Chip::esp32) return;
  r.on_boot([](Device& d) {
    bt::BleState& s = bt::ble(d);
    const int role = s.role;
    bt::radio_down(d);
    s = bt::BleState{};
    // A planted firmware that keeps its role across a reset comes back up in it.
    if (role != 0 && d.has(Defect::bleinit_survives_reset)) bt::radio_up(d, role);
  });
  bt::register_gap_commands(r);
  bt::register_gatts_commands(r);
  bt::register_gattc_commands(r);
  bt::register_spp_commands(r);
  bt::register_security_commands(r);
}

}  // namespace atsim
