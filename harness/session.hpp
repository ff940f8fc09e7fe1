#pragma once
// One DUT of a run: its configuration (a <dut> of the rig), the open Dut, and whether it has
// answered in this run. The recovery strategy (recovery.hpp) brings a lost DUT back. A rig of
// several DUTs has one Session per role; the run's GoogleTest environment owns them all.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/dut.hpp"
#include "harness/rig.hpp"

namespace atc {

// Whether a DUT is ready for the next test, and whose fault it is when not.
struct Readiness {
  enum class Fault {
    none,
    rig,       // the link cannot open or is gone, or the DUT never answered in this run: error
    firmware,  // it answered earlier in this run and stopped answering, its link up: failure
  };
  Fault fault = Fault::none;
  std::string problem;  // why not ready (with the last lines received)
  bool ready() const { return fault == Fault::none; }
};

class Session {
 public:
  explicit Session(DutConfig config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const DutConfig& config() const { return config_; }
  const std::string& role() const { return config_.role; }
  const Profile& profile() const { return config_.profile; }
  Chip chip() const { return config_.profile.chip; }

  // Opens the link and brings the DUT to a responsive state (AT until OK); reads AT+GMR.
  Readiness start();
  bool started() const { return dut_ != nullptr; }
  // The open DUT; throws LinkError (a RigError) when no link is open.
  Dut& dut();

  // Quick check between tests ("AT" -> OK at the rig's UART settings); runs the recovery
  // strategy when that fails.
  Readiness ensure_responsive();

  // AT+GMR lines read at start (for the report's properties).
  const std::vector<std::string>& gmr() const { return gmr_; }
  // True once the DUT has answered AT in this run.
  bool answered() const { return answered_; }

  // Closes the link (for the simulator: stops the process). start() opens it again.
  void close();

  // How many times the link was opened: each opening is a new Dut with a transcript of its own.
  unsigned links_opened() const { return links_opened_; }

  // (Re)opens the link: a new Dut. Returns why not. Used by start() and the recovery strategy.
  std::optional<std::string> reopen();

 private:
  Readiness judge(std::optional<std::string> problem);

  DutConfig config_;
  std::unique_ptr<Dut> dut_;
  std::vector<std::string> gmr_;
  std::string last_problem_;
  bool answered_ = false;
  unsigned links_opened_ = 0;
  bool gone_ = false;  // the link was lost and did not come back within its reconnect_ms
  // Set when start() could not reach the DUT at all: the rig is unusable, and retrying before
  // every test would only multiply the time to the same verdict.
  std::optional<std::string> start_problem_;
};

}  // namespace atc
