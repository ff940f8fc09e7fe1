#pragma once
// A link is a byte pipe to the DUT's AT UART, whatever carries it (a USB serial adapter, a PTY,
// a ser2net TCP port, the simulator). Everything above works on timestamped chunks.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/link/chunk.hpp"
#include "harness/link/serial_settings.hpp"

namespace atc {

class Link {
 public:
  virtual ~Link() = default;

  // The URI the link was opened from, for reports and error messages.
  virtual std::string uri() const = 0;

  // Waits until bytes arrive or `deadline` passes (then nullopt). Throws LinkError when the
  // transport is gone (hang-up, I/O error): a silent DUT is a timeout, a dead link an error.
  virtual std::optional<Chunk> read(Clock::time_point deadline) = 0;

  // Writes all bytes or throws LinkError.
  virtual void write(std::string_view bytes) = 0;

  // Changes the host side's UART framing. False when the transport has no such notion (raw TCP).
  virtual bool set_serial(const SerialSettings&) { return false; }

  // Drives the modem control lines (true = asserted). False when the transport has none.
  // ESP boards wire RTS to EN (reset) and DTR to IO0 (boot mode) through two transistors.
  virtual bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
    (void)dtr;
    (void)rts;
    return false;
  }

  // Wakes a reader blocked in read() (returns nullopt at once); used on shutdown.
  virtual void interrupt() = 0;

  // Variables ("NAME=value") the rig's own commands for this DUT run with (its power-cycle
  // command): the simulator's power switch, for one.
  virtual std::vector<std::string> environment() const { return {}; }
};

}  // namespace atc
