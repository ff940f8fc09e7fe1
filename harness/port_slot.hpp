#pragma once
// Low-port slots for simulated rigs. A simulated DUT's ports 1..1023 live on the host at port
// P + offset (docs/contracts/tcpip.md): its DNS, SNTP and OTA fixtures, the default server port
// 333. Two runs on one host with one offset would bind each other's ports, so a run whose rig
// says `low_port_offset="auto"` holds a slot for its whole life: an offset whose lock file it
// has flock()ed. The kernel drops the lock when the holder closes it or dies, so a killed run
// never leaks a slot. The project's end-to-end tests take their slots from the same pool.
//
// The offsets are 20000 + 1024 k (k = 0..11, the slots the e2e tests used first, same lock
// files) and then 18976, 17952, ... down to 9760: 22 slots, all below Linux's ephemeral range
// (32768..), from which fixtures binding port 0 draw. A slot whose well-known ports (TCP 7, 80,
// 333, 443; UDP 53, 123, shifted) something else already holds is passed over.
#include <chrono>
#include <string>

namespace atc {

class PortSlot {
 public:
  static constexpr int kSlots = 22;
  // The offset of slot `k` (0 <= k < kSlots) and the file that locks it.
  static int offset_of(int k);
  static std::string lock_path(int k);

  // The first free slot; when none is free, waits for one (polling, bounded by `wait`).
  // Throws RigError when none frees in time.
  static PortSlot claim(std::chrono::seconds wait);

  PortSlot(PortSlot&& other) noexcept;
  PortSlot& operator=(PortSlot&& other) noexcept;
  PortSlot(const PortSlot&) = delete;
  PortSlot& operator=(const PortSlot&) = delete;
  ~PortSlot();

  int offset() const { return offset_; }

 private:
  PortSlot(int fd, int offset) : fd_(fd), offset_(offset) {}
  int fd_ = -1;
  int offset_ = 0;
};

}  // namespace atc
