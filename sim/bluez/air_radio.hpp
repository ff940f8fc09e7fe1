#pragma once
// The host controller as a radio on the simulated air (atsim-air), the way a USB adapter is a
// radio on a rig: HCI-level requests become air frames (sim/air/air_client.hpp, the protocol of
// docs/contracts/ble-air.md) and air frames become controller events.
#include <memory>
#include <string>

#include "sim/air/air_client.hpp"
#include "sim/bluez/radio.hpp"
#include "sim/bluez/reactor.hpp"

namespace atsim::bluez {

class AirRadio : public Radio {
 public:
  // Throws std::runtime_error naming the path when there is no air there.
  AirRadio(EventLoop& loop, Reactor& reactor, const std::string& path, const RadioAddress& own);
  void set_events(RadioEvents events) override { events_ = std::move(events); }
  RadioAddress own_address() const override { return own_; }
  void scan(bool on, bool active) override;
  void advertise(const std::optional<Advertising>& adv) override;
  void connect(const RadioAddress& peer, std::chrono::milliseconds timeout) override;
  void cancel_connect() override;
  void disconnect(std::uint32_t link, std::uint8_t reason) override;
  void send_att(std::uint32_t link, const Bytes& pdu) override;
  void send_smp(std::uint32_t link, const Bytes& pdu) override;
  void encrypt(std::uint32_t link, const Bytes& ltk) override;
  void encrypt_reply(std::uint32_t link, bool ok) override;

 private:
  void receive(const air::Frame& f);

  Reactor& reactor_;
  RadioAddress own_;
  RadioEvents events_;
  std::unique_ptr<air::AirClient> client_;
};

// A controller that hears nothing and reaches nobody (atsim-bluez without --air): the D-Bus
// side still works, discovery finds nothing, and a Connect times out.
class QuietRadio : public Radio {
 public:
  QuietRadio(Reactor& reactor, RadioAddress own) : reactor_(reactor), own_(std::move(own)) {}
  void set_events(RadioEvents events) override { events_ = std::move(events); }
  RadioAddress own_address() const override { return own_; }
  void scan(bool, bool) override {}
  void advertise(const std::optional<Advertising>&) override {}
  void connect(const RadioAddress& peer, std::chrono::milliseconds timeout) override;
  void cancel_connect() override;
  void disconnect(std::uint32_t, std::uint8_t) override {}
  void send_att(std::uint32_t, const Bytes&) override {}
  void send_smp(std::uint32_t, const Bytes&) override {}
  void encrypt(std::uint32_t, const Bytes&) override {}
  void encrypt_reply(std::uint32_t, bool) override {}

 private:
  Reactor& reactor_;
  RadioAddress own_;
  RadioEvents events_;
  std::optional<Reactor::TimerId> connect_timer_;
};

}  // namespace atsim::bluez
