#pragma once
// A private simulated rig per e2e run, so runs can go in parallel: the simulator maps DUT ports
// 1..1023 to host port + offset (its DNS, SNTP and OTA fixtures, the default server port 333),
// and two runs with one offset would collide. Each run holds one of the product's port slots
// (harness/port_slot.hpp: an flock()ed file, released when the run ends) and gets a rig file with
// that slot's offset.
#include <string>

#include "harness/port_slot.hpp"

namespace atc::test {

class SimRig {
 public:
  // Waits (bounded: throws after `wait_s` seconds) for a free slot, then writes
  // `dir`/rig.xml: configs/rigs/sim-<chip>.xml with `link` and the slot's low_port_offset.
  SimRig(const std::string& chip, const std::string& link, const std::string& dir,
         int wait_s = 600);
  ~SimRig();
  SimRig(const SimRig&) = delete;
  SimRig& operator=(const SimRig&) = delete;

  const std::string& path() const { return path_; }
  // Rewrites the first `attr="..."` of the rig file (a PIXIT a test wants otherwise).
  void set(const std::string& attr, const std::string& value);
  int low_port_offset() const { return offset_; }

 private:
  PortSlot slot_;
  int offset_ = 0;
  std::string path_;
};

}  // namespace atc::test
