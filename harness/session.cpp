#include "harness/session.hpp"

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/recovery.hpp"

namespace atc {

namespace {
// How recent the last clean OK must be to stand for the probe between tests.
constexpr Millis kProbeNotNeeded{2000};
}  // namespace

Session::Session(DutConfig config) : config_(std::move(config)) {}

Session::~Session() = default;

Dut& Session::dut() {
  if (!dut_)
    throw LinkError("the link to the DUT (role " + role() + ") is not open (" + last_problem_ +
                    ")");
  return *dut_;
}

std::optional<std::string> Session::reopen() {
  dut_.reset();
  // Opening again (the link was lost, or recovery's last step): an unplugged adapter gets the
  // URI's reconnect_ms to come back, once; a link that did not come back is tried once per test.
  const bool patient = links_opened_++ > 0 && !gone_;
  try {
    const LinkUri uri = parse_link_uri(config_.link_uri);
    dut_ = std::make_unique<Dut>(patient ? reopen_link(uri, config_.serial, config_.sim)
                                         : open_link(uri, config_.serial, config_.sim),
                                 config_.timing);
  } catch (const LinkError& e) {
    gone_ = links_opened_ > 1;
    last_problem_ = std::string("cannot open ") + config_.link_uri + ": " + e.what();
    return last_problem_;
  }
  gone_ = false;
  dut_->set_host_serial(config_.serial);
  return std::nullopt;
}

void Session::close() {
  dut_.reset();
}

Readiness Session::judge(std::optional<std::string> problem) {
  if (!problem) {
    answered_ = true;
    return {};
  }
  // A dead link, or a DUT that never answered in this run, says nothing about the firmware.
  const bool link_gone = !dut_ || dut_->link_dead();
  if (link_gone || !answered_) return {Readiness::Fault::rig, *problem};
  return {Readiness::Fault::firmware, *problem};
}

Readiness Session::start() {
  // A real board is usually up already (no "ready"); a simulator or a board just powered is
  // booting: the recovery strategy covers both by sending AT until the first OK.
  start_problem_ = reopen();
  if (!start_problem_) start_problem_ = recover(*this);
  if (start_problem_) return {Readiness::Fault::rig, *start_problem_};
  answered_ = true;
  Response gmr = dut_->command("AT+GMR");
  if (gmr.ok()) gmr_ = gmr.info;
  return {};
}

Readiness Session::ensure_responsive() {
  if (start_problem_)
    return {Readiness::Fault::rig,
            "the DUT (role " + role() +
                ") could not be brought up at the start of the run: " + *start_problem_};
  try {
    if (!dut_ || dut_->link_dead()) return judge(recover(*this));
    // The last test ended with an OK to a command that changes nothing, and the DUT has been
    // silent since: one more AT would only repeat that answer (it costs a round trip per test).
    // A DUT that hangs silently right after it is then seen by the test's first command.
    if (dut_->host_serial() == config_.serial && dut_->answered_ok_and_quiet(kProbeNotNeeded)) {
      dut_->clear_urcs();
      return judge(std::nullopt);
    }
    dut_->set_passthrough(false);
    if (dut_->host_serial() == config_.serial || !dut_->set_host_serial(config_.serial)) {
      Response r = dut_->command("AT", Millis{500});
      if (r.ok()) {
        dut_->clear_urcs();
        return judge(std::nullopt);
      }
    }
    return judge(recover(*this));
  } catch (const LinkError& e) {
    last_problem_ = e.what();
    return {Readiness::Fault::rig, last_problem_};
  }
}

}  // namespace atc
