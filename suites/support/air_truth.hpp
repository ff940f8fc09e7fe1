#pragma once
// The simulated air's ground truth (atsim-air --truth, docs/contracts/ble-air.md): what went on
// the BLE air and when, written by the medium itself, independent of the DUT's UART and of the
// BLE peer. The on-air checks of the BLE chapter (advertising interval, advertising stopping at
// a connection, scan duration, data length, connection parameters, when a confirmation came)
// read it; on a real rig the same facts would come from an observer adapter.
//
// One line per frame the air delivered and per advertising event:
//   <CLOCK_MONOTONIC ns> <VERB> <from> <to> <words> <key=value>...
// <from>/<to> are identity addresses ("24:0a:c4:00:00:03/public"), `air` or `-`. The clock is
// the one steady_clock reads on Linux, so truth times compare with the harness's event times.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/link/chunk.hpp"

namespace atc::support {

struct AirFrame {
  Clock::time_point at;
  std::string verb;
  std::string from, to;  // addresses without the "/public" or "/random" suffix, lower case
  std::vector<std::string> words;
  std::map<std::string, std::string> fields;  // quoted values unquoted
  std::string line;                           // as written, for messages

  const std::string* field(const std::string& key) const;
  std::optional<long> number(const std::string& key) const;
};

class AirTruth {
 public:
  explicit AirTruth(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }
  // Every line so far. A file that cannot be read, or a line that is not a truth line, is a
  // RigError naming the file and line (the simulated air is part of the rig).
  std::vector<AirFrame> frames() const;
  // The frames of `verb` (any when empty) from `from` (any when empty) at or after `since`.
  std::vector<AirFrame> frames(const std::string& verb, const std::string& from,
                               Clock::time_point since) const;
  // Reads the truth again (the air flushes every line) until `done` holds for the frames of
  // `verb` from `from` since `since`, or the deadline passes; returns those frames.
  std::vector<AirFrame> wait(const std::string& verb, const std::string& from,
                             Clock::time_point since,
                             const std::function<bool(const std::vector<AirFrame>&)>& done,
                             Clock::time_point deadline) const;

 private:
  static std::vector<AirFrame> select(std::vector<AirFrame> all, const std::string& verb,
                                      const std::string& from, Clock::time_point since);
  std::string path_;
};

// "24:0A:C4:00:00:03" or "24:0a:c4:00:00:03/public" -> "24:0a:c4:00:00:03".
std::string truth_address(std::string_view address);

}  // namespace atc::support
