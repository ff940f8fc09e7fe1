#pragma once
// One LE link and the ATT bearer on it, both ways (BlueZ is client and server on every link):
// responses, notifications and indications go to our GATT client (RemoteGatt: the remote's
// database as GattService1/... objects), requests, commands and confirmations go to our ATT
// server (the local database of the registered applications). SMP goes to the pairing code.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sim/ble/att_server.hpp"
#include "sim/bluez/context.hpp"

namespace atsim::bluez {

class Device;
class Link;
class RemoteGatt;

// What the adapter hands every new link.
class LinkServices {
 public:
  virtual ~LinkServices() = default;
  // A request, command or confirmation from the remote: our ATT server answers through
  // `respond` (now, or once an application answered).
  virtual void att_request(Link& link, const Bytes& pdu, std::function<void(Bytes)> respond) = 0;
  virtual void link_up(Link& link) = 0;
  virtual void link_down(Link& link) = 0;
  virtual void smp(Link& link, const Bytes& pdu) = 0;
  virtual void encryption_changed(Link& link, bool encrypted) = 0;
  virtual void encrypt_request(Link& link, const Bytes& ltk) = 0;
  virtual void device_removed(const Device& d) = 0;
  virtual void client_gone(const std::string& name) = 0;  // for per-client GATT state
  // Device1 members that pairing adds (Pair, CancelPairing).
  virtual void declare_device_methods(Device& d) = 0;
};

class Link {
 public:
  Link(Context& ctx, LinkServices& services, std::uint32_t id, Device& device, bool central);
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  std::uint32_t id() const { return id_; }
  Device& device() { return device_; }
  bool central() const { return central_; }
  const std::shared_ptr<ble::AttLink>& att_state() { return att_state_; }
  RemoteGatt& remote() { return *remote_; }

  void on_att(const Bytes& pdu);
  void send_att(const Bytes& pdu);
  void client_gone(const std::string& name);

 private:
  Context& ctx_;
  LinkServices& services_;
  const std::uint32_t id_;
  Device& device_;
  const bool central_;
  std::shared_ptr<ble::AttLink> att_state_ = std::make_shared<ble::AttLink>();
  std::unique_ptr<RemoteGatt> remote_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace atsim::bluez
