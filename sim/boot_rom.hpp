#pragma once
// What the ESP8266 boot ROM and second-stage loader print on the AT UART at reset, as a host
// at 115200 reads it: the ROM talks at 74880, so mostly line noise with one legible fragment.
// The ESP32 prints its boot log on UART0, not on the AT UART (UART1): nothing to model there.
#include <string>

namespace atsim {

enum class ResetCause {
  power_on,        // process start
  external_pin,    // EN released (LINES control)
  software,        // AT+RST, AT+RESTORE, forced restart
  deep_sleep_wake  // end of AT+GSLP
};

// Deterministic for a given cause and boot mode: the same bytes on every run.
std::string esp8266_boot_rom_output(ResetCause cause, bool download_mode);

}  // namespace atsim
