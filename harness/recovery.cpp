#include "harness/recovery.hpp"

#include "harness/at/uart_params.hpp"
#include "harness/link/link_error.hpp"
#include "harness/process/child_process.hpp"
#include "harness/session.hpp"

namespace atc {
namespace {

constexpr Millis kPowerCycleLimit{30000};
// A DUT that was just brought back may still owe answers to the attempts that timed out (the
// lines it read after a stall, answers held behind noise or a late reply): their echo and OK
// would answer the next command. Recovery ends once the line has been quiet this long.
constexpr Millis kSettleQuiet{200};
constexpr Millis kSettleLimit{3000};

std::nullopt_t settled(Dut& d) {
  d.transcript().add(Transcript::Dir::note, "recovery: waiting for the line to go quiet");
  d.wait_quiet(kSettleQuiet, kSettleLimit);
  d.clear_urcs();
  return std::nullopt;
}

// One recovery attempt on an open DUT.
class Attempt {
 public:
  explicit Attempt(Session& s) : s_(s), d_(s.dut()), rig_serial_(s.config().serial) {}

  bool resync_at_rig_baud() {
    note("resync at the rig's UART settings");
    // A test that failed in passthrough left the device forwarding bytes: leave it first.
    if (d_.in_passthrough()) d_.exit_passthrough();
    return try_baud(rig_serial_.baud);
  }

  bool alternate_bauds() { return bring_back("AT+UART_CUR"); }

  bool patient_resync() {
    note("patient resync: +++ (a boot into passthrough), then AT until OK");
    d_.set_host_serial(rig_serial_);
    d_.exit_passthrough();
    return d_.resync();
  }

  bool reset_by_lines() {
    if (s_.config().reset != ResetMethod::lines) return false;
    note("reset by lines");
    auto reset = d_.reset_by_lines();
    // After a reset the UART runs at its saved default: if a test changed that, fix it.
    return reset.supported && (d_.resync() || bring_back("AT+UART_DEF"));
  }

  bool power_cycle() {
    const auto& cmd = s_.config().power_cycle_command;
    if (!cmd) return false;
    note("power cycle: " + *cmd);
    ChildRun r = run_to_end({"/bin/sh", "-c", *cmd}, kPowerCycleLimit, d_.link().environment());
    if (r.exit_code != 0) {
      note("the power-cycle command " + std::string(r.timed_out ? "timed out" : "failed") + ": " +
           r.output());
      return false;
    }
    return d_.resync() || bring_back("AT+UART_DEF");
  }

 private:
  void note(const std::string& what) {
    d_.transcript().add(Transcript::Dir::note, "recovery: " + what);
  }

  bool try_baud(int baud) {
    SerialSettings s = rig_serial_;
    s.baud = baud;
    if (!d_.set_host_serial(s)) return false;
    d_.write_raw("\r\n");
    for (int i = 0; i < 3; ++i)
      if (d_.command("AT", Millis{250}).ok()) return true;
    return false;
  }

  // Finds the DUT at one of the rig's alternate bauds and puts the rig's settings back with
  // `command` (AT+UART_CUR now, AT+UART_DEF after a reset).
  bool bring_back(const char* command) {
    for (int baud : s_.config().alternate_bauds) {
      if (baud == rig_serial_.baud) continue;
      note("looking for the DUT at " + std::to_string(baud) + " baud");
      if (!try_baud(baud)) continue;
      d_.command(std::string(command) + "=" + uart_params(rig_serial_));
      d_.set_host_serial(rig_serial_);
      return d_.resync();
    }
    d_.set_host_serial(rig_serial_);
    return false;
  }

  Session& s_;
  Dut& d_;
  SerialSettings rig_serial_;
};

}  // namespace

std::optional<std::string> recover(Session& s) {
  try {
    if (!s.started() || s.dut().link_dead()) {
      if (auto problem = s.reopen()) return problem;
    }
    {
      Attempt a(s);
      if (a.resync_at_rig_baud() || a.alternate_bauds() || a.patient_resync() ||
          a.reset_by_lines() || a.power_cycle())
        return settled(s.dut());
    }
    // Last resort: reopen the link (for the simulator this restarts the device process).
    s.dut().transcript().add(Transcript::Dir::note, "recovery: reopening the link");
    if (auto problem = s.reopen()) return problem;
    if (s.dut().resync()) return settled(s.dut());
    const auto& c = s.config();
    return "the DUT does not answer AT at " + to_string(c.serial) + " nor at any of " +
           std::to_string(c.alternate_bauds.size()) +
           " alternate bauds, and resets did not bring it back; last lines:\n" + s.dut().tail();
  } catch (const LinkError& e) {
    return std::string(e.what());
  }
}

}  // namespace atc
