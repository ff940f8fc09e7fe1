#include "sim/boot_rom.hpp"

#include "sim/noise.hpp"

namespace atsim {
namespace {

// The ESP8266 ROM's reset cause numbers: 1 power on, 2 external reset (also what captures
// after AT+RST show), 5 deep-sleep wake.
int rom_cause(ResetCause cause) {
  switch (cause) {
    case ResetCause::power_on:
      return 1;
    case ResetCause::deep_sleep_wake:
      return 5;
    default:
      return 2;
  }
}

}  // namespace

std::string esp8266_boot_rom_output(ResetCause cause, bool download_mode) {
  Noise noise(0xE5826600u + static_cast<unsigned>(rom_cause(cause)) * 2 + download_mode);
  std::string out;
  auto garbage = [&](int n) {
    for (int i = 0; i < n; ++i) out.push_back(noise.byte(true));
  };
  garbage(24);
  // The one fragment that survives the speed mismatch often enough to be quoted in captures.
  out += " ets Jan  8 2013,rst cause:" + std::to_string(rom_cause(cause)) +
         (download_mode ? ", boot mode:(1,7)" : ", boot mode:(3,7)") + "\r\n";
  if (download_mode) {
    out += "\r\nwaiting for host\r\n";
    return out;
  }
  // The loader's banner (load addresses, checksums, "2nd boot version"...) at 74880: noise.
  garbage(260);
  return out;
}

}  // namespace atsim
