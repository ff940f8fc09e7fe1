#pragma once
// Helpers for the BLE chapter's process tests: an atsim ESP32 on an atsim-air (with the
// shipped air world), a test radio beside it, and reads of the DUT's replies with deadlines.
#include <memory>
#include <string>
#include <vector>

#include "tests/sim/air_support.hpp"
#include "tests/sim/sim_fixture.hpp"

namespace atsim_test {

inline const std::string& air_world() {
  static const std::string w = source_dir() + "/configs/worlds/air.xml";
  return w;
}

// An air (optionally with the world), and one booted ESP32 on it.
struct BleBench {
  Air air;
  std::unique_ptr<Booted> dut;
  explicit BleBench(bool world = false, std::vector<std::string> dut_args = {})
      : air(world ? std::vector<std::string>{"--world", air_world()} : std::vector<std::string>{}) {
    dut_args.insert(dut_args.begin(), {"--air", air.socket});
    dut = boot("esp32", dut_args);
  }
  HostPort& port() { return dut->port; }
  // Up to the final result; messages after it stay for wait_for().
  std::string cmd(const std::string& c) { return dut->port.command_through(c, 5000ms); }
};

inline bool is_ok(const std::string& r) {
  return r.find("\r\nOK\r\n") != std::string::npos && r.find("ERROR") == std::string::npos;
}
inline bool is_error(const std::string& r) {
  return r.ends_with("\r\nERROR\r\n");
}
inline bool has(const std::string& r, const std::string& part) {
  return r.find(part) != std::string::npos;
}

// Lines of the truth file that contain every one of `parts`.
inline std::vector<std::string> truth_with(const Air& air, const std::vector<std::string>& parts) {
  std::vector<std::string> out;
  for (const auto& l : air.truth_lines()) {
    bool all = true;
    for (const auto& p : parts) all = all && l.find(p) != std::string::npos;
    if (all) out.push_back(l);
  }
  return out;
}

}  // namespace atsim_test
