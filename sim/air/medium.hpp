#pragma once
// The simulated medium: which radio hears what, and when. Advertising events at the interval
// plus a 0-10 ms advDelay (seeded PRNG), scanners that hear only inside their scan window,
// scan responses for active scanners, connections made at an advertising event of a
// connectable advertiser (whose advertising then stops), connection events at the interval
// that carry LL fragments of the queued PDUs (at most kFragmentsPerEvent per direction),
// parameter updates at an instant, data length, SMP-lite encryption, disconnection, and the
// supervision timeout when a radio goes away. See docs/contracts/ble-air.md.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/air/frame.hpp"
#include "sim/air/truth.hpp"
#include "sim/ble/address.hpp"
#include "sim/event_loop.hpp"

namespace atsim::air {

using RadioId = std::uint32_t;
using Deliver = std::function<void(const Frame&)>;

inline constexpr int kFragmentsPerEvent = 4;  // LL PDUs per connection event and direction
inline constexpr int kDefaultRssi = -40;
inline constexpr int kUpdateInstantEvents = 6;  // Core Vol 6 Part B 5.1.1: instant >= 6 events on

enum class AdvType { ind, direct, scan, nonconn };

class Medium {
 public:
  Medium(EventLoop& loop, TruthLog& truth, std::uint64_t seed);
  ~Medium();
  Medium(const Medium&) = delete;
  Medium& operator=(const Medium&) = delete;

  // A radio joins (HELLO). Throws BadFrame if its address is already on the air.
  RadioId attach(const ble::Address& identity, std::string kind, int max_conn, Deliver deliver);
  // Its socket closed: it stops advertising and scanning; its peers see DISCONNECTED 0x08
  // after each connection's supervision timeout.
  void detach(RadioId id);
  // One frame from a radio; throws BadFrame for anything it cannot use.
  void handle(RadioId id, const Frame& f);

  // stdin control and the world file: the RSSI others hear a radio at, and range.
  bool move(const ble::Address& addr, int rssi);  // also brings a dropped radio back
  bool drop(const ble::Address& addr);            // out of range: heard by nobody, hears nobody
  void set_default_rssi(const ble::Address& identity, int rssi) { rssi_by_addr_[identity] = rssi; }

 private:
  struct AdvSet;
  struct ScanSet;
  struct Initiation;
  struct Radio;
  struct Item;
  struct Connection;

  Radio* radio(RadioId id);
  Radio* by_address(const ble::Address& a);
  std::string name_of(RadioId id);
  void deliver(Radio& to, const Frame& f, const std::string& from);
  std::uint64_t next_random();

  void adv_on(Radio& r, const Frame& f);
  void adv_off(Radio& r);
  void schedule_adv(Radio& r, bool first);
  void adv_event(RadioId id);
  bool hears(const Radio& listener, const Radio& talker) const;
  void scan_on(Radio& r, const Frame& f);
  void connect(Radio& r, const Frame& f);
  void connect_fail(Radio& r, const std::string& reason);
  void establish(Radio& central, Radio& peripheral);

  Connection* conn(std::uint32_t h, RadioId by, int* dir);
  void queue(Connection& c, int dir, Item item);
  void schedule_event(Connection& c);
  void connection_event(std::uint32_t h);
  void carry(Connection& c, int dir, Item& item);
  void end_connection(std::uint32_t h, std::uint8_t reason_central, std::uint8_t reason_peripheral);
  void supervise(Connection& c);

  EventLoop& loop_;
  TruthLog& truth_;
  std::uint64_t rng_;
  RadioId next_radio_ = 1;
  std::uint32_t next_handle_ = 1;
  std::map<RadioId, std::unique_ptr<Radio>> radios_;
  std::map<std::uint32_t, std::unique_ptr<Connection>> conns_;
  std::map<ble::Address, int> rssi_by_addr_;
};

}  // namespace atsim::air
