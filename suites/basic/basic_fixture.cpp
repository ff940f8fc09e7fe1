#include "suites/basic/basic_fixture.hpp"

#include "harness/at/uart_params.hpp"
#include "verdict/rig_error.hpp"

namespace atc::basic {

std::string Basic::uart_args(int baud) {
  SerialSettings s = dut_config().serial;
  s.baud = baud;
  return uart_params(s);
}

std::string Basic::uart_value(int baud) {
  return uart_args(baud);
}

int Basic::other_baud() {
  for (int b : dut_config().alternate_bauds)
    if (b != dut_config().serial.baud) return b;
  // The test declared `baud-change`, so the rig lists alternate bauds: all of them its own.
  throw RigError("the rig's <alternate_bauds> name no baud other than its own " +
                 std::to_string(dut_config().serial.baud));
}

void Basic::host_baud(int baud) {
  SerialSettings s = dut_config().serial;
  s.baud = baud;
  // Listening on at the baud the host already has needs nothing of the link (a raw TCP port
  // cannot change it, but need not).
  if (dut().host_serial() == s) return;
  if (!dut().set_host_serial(s))
    throw RigError("the link cannot change the host baud to " + std::to_string(baud));
}

bool Basic::follow_uart_def(int baud) {
  const int before = dut().host_serial().baud;
  host_baud(baud);
  if (dut().command("AT", Millis{500}).ok()) return true;
  host_baud(before);
  return dut().resync();
}

void Basic::restore_uart_at_teardown() {
  on_teardown("UART back to the rig's settings (current and default)", [this] {
    // ensure_responsive() has already brought the host and the DUT to the rig's baud.
    dut().command("AT+UART_DEF=" + uart_args(dut_config().serial.baud));
  });
}

Dut::ResetOutcome Basic::reset_and_listen_at(int baud_after) {
  Dut::ResetOutcome out;
  dut().clear_urcs();
  auto start = Clock::now();
  Response r = dut().command("AT+RST");
  out.ok = r.ok();
  host_baud(baud_after);
  auto ready = dut().wait_urc("ready", dut().timing().boot);
  out.ready = ready.has_value();
  if (ready) out.boot_time = std::chrono::duration_cast<Millis>(ready->at - start);
  return out;
}

}  // namespace atc::basic
