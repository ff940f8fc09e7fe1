#pragma once
// The simulated bluetoothd as a whole: the object tree (/ with its ObjectManager, /org/bluez
// with AgentManager1, /org/bluez/hci0 with Adapter1, LEAdvertisingManager1, GattManager1, and
// the devices below), the watch on clients leaving the bus, and org.bluez itself, requested
// only once the tree exists (a client that sees the name finds the adapter).
#include <functional>
#include <memory>
#include <string>

#include "sim/bluez/adapter.hpp"
#include "sim/bluez/advertising.hpp"
#include "sim/bluez/gatt_database.hpp"
#include "sim/bluez/link.hpp"
#include "sim/bluez/pairing.hpp"

namespace atsim::bluez {

class Bluez : public LinkServices {
 public:
  explicit Bluez(Context& ctx);
  ~Bluez() override;

  // Requests org.bluez (asynchronously); `ready(ok, why)` once the bus answered.
  void start(std::function<void(bool ok, const std::string& why)> ready);
  Adapter& adapter() { return *adapter_; }
  std::string status() const;

  // LinkServices
  void att_request(Link& link, const Bytes& pdu, std::function<void(Bytes)> respond) override;
  void link_up(Link& link) override;
  void link_down(Link& link) override;
  void smp(Link& link, const Bytes& pdu) override;
  void encryption_changed(Link& link, bool encrypted) override;
  void encrypt_request(Link& link, const Bytes& ltk) override;
  void device_removed(const Device& d) override;
  void client_gone(const std::string& name) override;
  void declare_device_methods(Device& d) override;

 private:
  Context& ctx_;
  std::unique_ptr<sdbus::IObject> root_;  // "/": the ObjectManager every client asks
  DbusObject bluez_;                      // "/org/bluez"
  GattDatabase gatt_;
  AdvertisingManager advertising_;
  Pairing pairing_;
  std::unique_ptr<Adapter> adapter_;
  sdbus::Slot owner_watch_;
  int peripheral_links_ = 0;
};

}  // namespace atsim::bluez
