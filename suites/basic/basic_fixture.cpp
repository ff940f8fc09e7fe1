#include "suites/basic/basic_fixture.hpp"

#include "harness/at/uart_params.hpp"
#include "reports/verdict_marker.hpp"

namespace atc::basic {

std::string Basic::uart_args(int baud) const {
  SerialSettings s = Session::current()->rig().serial;
  s.baud = baud;
  return uart_params(s);
}

std::string Basic::uart_value(int baud) const {
  return uart_args(baud);
}

int Basic::other_baud() {
  for (int b : session().rig().alternate_bauds)
    if (b != session().rig().serial.baud) return b;
  return 0;
}

void Basic::host_baud(int baud) {
  SerialSettings s = session().rig().serial;
  s.baud = baud;
  if (!dut().set_host_serial(s))
    throw std::runtime_error(
        rig_error("the link cannot change the host baud to " + std::to_string(baud)));
}

void Basic::restore_uart_at_teardown() {
  on_teardown("UART back to the rig's settings (current and default)", [this] {
    // ensure_responsive() has already brought the host and the DUT to the rig's baud.
    dut().command("AT+UART_DEF=" + uart_args(session().rig().serial.baud));
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
