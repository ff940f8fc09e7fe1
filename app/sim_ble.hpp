#pragma once
// The BLE world of a simulated rig (<ble bus="sim">), for the run only: a private D-Bus daemon
// (the stand-in for the system bus), the simulated air (atsim-air, with the rig's world and a
// ground-truth file in the run directory) and the simulated BlueZ (atsim-bluez), which is one
// more radio on that air as a host adapter is on a rig. The BLE peer fixture reaches BlueZ on
// that bus (rig.ble->sim_bus), every simulated DUT of the rig is handed the air
// (SimSettings::air, atsim's --air). Real rigs are untouched: bluetoothd is the rig's business.
//
// The helpers are children of the run (harness/process): they die with it, also when it is
// stopped (the stop path kills every registered child and removes the run's temporary root,
// where the bus and air sockets live), and they are stopped at the end. A helper that is
// missing, does not come up or dies later is a rig problem: rig.ble->sim_problem names the
// binary, its exit status and the tail of its log, and the BLE tests that need the peer end
// as errors saying so; the rest of the run goes on.
#include <filesystem>
#include <memory>

#include "harness/rig.hpp"

namespace atc::app {

class SimBle {
 public:
  // Start from the thread that runs the whole run (a child dies with the thread that made it).
  SimBle(Rig& rig, const std::filesystem::path& run_dir);
  ~SimBle();  // atsim-bluez, then atsim-air, then the bus
  SimBle(const SimBle&) = delete;
  SimBle& operator=(const SimBle&) = delete;

  struct Parts;

 private:
  std::shared_ptr<Parts> parts_;  // shared with rig.ble->sim_problem
};

// Starts the stand-ins when the rig has <ble bus="sim"> and at least one simulated DUT (the
// rest of the rig is left as it is); nullptr when there is nothing to start.
std::unique_ptr<SimBle> start_sim_ble(Rig& rig, const std::filesystem::path& run_dir);

}  // namespace atc::app
