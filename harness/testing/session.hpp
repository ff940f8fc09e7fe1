#pragma once
// One run against one DUT: the rig, its profile, the open Dut, and the strategy that brings a
// lost DUT back (labgrid's "strategy"): re-sync, try the bauds a test may have left it at,
// reset by lines, power-cycle. The app creates it; fixtures use it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/dut.hpp"
#include "harness/rig.hpp"

namespace atc {

class Session {
 public:
  explicit Session(Rig rig);
  ~Session();

  static Session* current();  // set while a Session exists
  const Rig& rig() const { return rig_; }
  const Profile& profile() const { return rig_.profile; }
  Chip chip() const { return rig_.profile.chip; }

  // Opens the link and brings the DUT to a responsive state. Returns why not, if it failed.
  std::optional<std::string> start();
  Dut& dut();
  bool started() const { return dut_ != nullptr; }

  // Quick check between tests ("AT" -> OK at the rig's UART settings); runs recover() when
  // that fails. Returns why the DUT could not be brought back, if so.
  std::optional<std::string> ensure_responsive();
  std::optional<std::string> recover();

  // AT+GMR lines read at start (for the report's properties).
  const std::vector<std::string>& gmr() const { return gmr_; }

 private:
  bool try_baud(int baud);
  std::optional<std::string> reopen();

  Rig rig_;
  std::unique_ptr<Dut> dut_;
  std::vector<std::string> gmr_;
  std::string last_problem_;
  // Set when start() failed: the rig is unusable, and retrying before every test would only
  // multiply the time to the same verdict.
  std::optional<std::string> start_problem_;
};

}  // namespace atc
