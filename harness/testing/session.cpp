#include "harness/testing/session.hpp"

#include <cstdlib>

#include "harness/at/uart_params.hpp"
#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"

namespace atc {

namespace {
Session* g_current = nullptr;

}  // namespace

Session::Session(Rig rig) : rig_(std::move(rig)) {
  g_current = this;
}

Session::~Session() {
  if (g_current == this) g_current = nullptr;
}

Session* Session::current() {
  return g_current;
}

Dut& Session::dut() {
  if (!dut_) throw LinkError("RIG ERROR: the DUT link is not open (" + last_problem_ + ")");
  return *dut_;
}

std::optional<std::string> Session::reopen() {
  dut_.reset();
  try {
    dut_ = std::make_unique<Dut>(open_link(rig_.link_uri, rig_.serial), rig_.timing);
  } catch (const LinkError& e) {
    last_problem_ = std::string("cannot open ") + rig_.link_uri + ": " + e.what();
    return last_problem_;
  }
  dut_->set_host_serial(rig_.serial);
  return std::nullopt;
}

std::optional<std::string> Session::start() {
  // A real board is usually up already (no "ready"); a simulator or a board just powered is
  // booting: recover() covers both by sending AT until the first OK.
  start_problem_ = reopen();
  if (!start_problem_) start_problem_ = recover();
  if (start_problem_) return start_problem_;
  Response gmr = dut_->command("AT+GMR");
  if (gmr.ok()) gmr_ = gmr.info;
  return std::nullopt;
}

std::optional<std::string> Session::ensure_responsive() {
  if (start_problem_) return start_problem_;
  if (!dut_ || dut_->link_dead()) return recover();
  dut_->set_passthrough(false);
  if (dut_->host_serial() == rig_.serial || !dut_->set_host_serial(rig_.serial)) {
    Response r = dut_->command("AT", Millis{500});
    if (r.ok()) {
      dut_->clear_urcs();
      return std::nullopt;
    }
  }
  return recover();
}

bool Session::try_baud(int baud) {
  SerialSettings s = rig_.serial;
  s.baud = baud;
  if (!dut_->set_host_serial(s)) return false;
  dut_->write_raw("\r\n");
  for (int i = 0; i < 3; ++i)
    if (dut_->command("AT", Millis{250}).ok()) return true;
  return false;
}

std::optional<std::string> Session::recover() {
  try {
    if (!dut_ || dut_->link_dead()) {
      if (auto problem = reopen()) return problem;
    }
    // A test that failed in passthrough left the device forwarding bytes: leave it first.
    if (dut_->in_passthrough()) dut_->exit_passthrough();
    // A quick look at the rig's baud, then where a test may have left the UART; the patient
    // resync comes after (a booting device needs it).
    if (try_baud(rig_.serial.baud)) return std::nullopt;

    // A test may have left the UART at another baud: find it and put the rig's settings back.
    auto bring_back = [&](const char* command) -> bool {
      for (int baud : rig_.alternate_bauds) {
        if (baud == rig_.serial.baud || !try_baud(baud)) continue;
        dut_->command(std::string(command) + "=" + uart_params(rig_.serial));
        dut_->set_host_serial(rig_.serial);
        return dut_->resync();
      }
      dut_->set_host_serial(rig_.serial);
      return false;
    };
    if (bring_back("AT+UART_CUR")) return std::nullopt;
    // The device may be in passthrough without the harness knowing (AT+SAVETRANSLINK at boot).
    dut_->set_host_serial(rig_.serial);
    dut_->exit_passthrough();
    if (dut_->resync()) return std::nullopt;

    if (rig_.reset == ResetMethod::lines) {
      auto reset = dut_->reset_by_lines();
      // After a reset the UART runs at its saved default: if a test changed that, fix it.
      if (reset.supported && (dut_->resync() || bring_back("AT+UART_DEF"))) return std::nullopt;
    }
    if (rig_.power_cycle_command) {
      dut_->transcript().add(Transcript::Dir::note, "power cycle: " + *rig_.power_cycle_command);
      if (std::system(rig_.power_cycle_command->c_str()) == 0 &&
          (dut_->resync() || bring_back("AT+UART_DEF")))
        return std::nullopt;
    }
    // Last resort: reopen the link (for the simulator this restarts the device process).
    if (auto problem = reopen()) return problem;
    if (dut_->resync()) return std::nullopt;
    last_problem_ = "the DUT does not answer AT at " + to_string(rig_.serial) + " nor at any of " +
                    std::to_string(rig_.alternate_bauds.size()) +
                    " alternate bauds, and resets did not bring it back; last lines:\n" +
                    dut_->tail();
  } catch (const LinkError& e) {
    last_problem_ = e.what();
  }
  return last_problem_;
}

}  // namespace atc
