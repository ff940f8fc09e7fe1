#pragma once
// A radio the air plays itself, from the world file: it advertises with its data and scan
// response, and when connectable it serves a small GATT table (GAP with its name, GATT, and the
// world's services) through sim/ble's ATT server. It speaks to the medium through the same
// frames a client radio sends, so it exercises the protocol it stands beside. A write to a
// characteristic that can notify is echoed back as a notification to a subscribed client,
// so a DUT's +NOTIFY path has a source. It refuses pairing (Pairing Not Supported) and
// encryption.
#include <cstdint>
#include <memory>
#include <optional>

#include "sim/air/medium.hpp"
#include "sim/air/world.hpp"
#include "sim/ble/att_server.hpp"

namespace atsim::air {

class ScriptedRadio {
 public:
  ScriptedRadio(EventLoop& loop, Medium& medium, const WorldRadio& w);
  ~ScriptedRadio();
  ScriptedRadio(const ScriptedRadio&) = delete;
  ScriptedRadio& operator=(const ScriptedRadio&) = delete;

 private:
  void receive(const Frame& f);
  void advertise();
  void send(const Frame& f);

  EventLoop& loop_;
  Medium& medium_;
  WorldRadio w_;
  RadioId id_ = 0;
  ble::GattDb db_;
  ble::AttServer server_{db_, ble::att::kMaxMtu};
  std::shared_ptr<ble::AttLink> link_;
  std::optional<std::uint32_t> h_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace atsim::air
