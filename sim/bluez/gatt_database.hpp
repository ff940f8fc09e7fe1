#pragma once
// BlueZ's local GATT database (src/gatt-database.c): its own GAP (Device Name = the adapter's
// Alias, Appearance) and GATT (Service Changed) services first, then the services of every
// application registered with GattManager1.RegisterApplication. Registration reads the
// application with GetManagedObjects *before* it replies, and builds the ATT table from the
// objects (Flags → properties and permissions; a CCCD for every notify/indicate
// characteristic, made by BlueZ). A remote's read or write becomes an asynchronous ReadValue
// or WriteValue with the options BlueZ passes (offset, type, mtu, device, link), and a D-Bus
// error becomes an ATT error (dbus_error_to_att_ecode); a CCC write becomes StartNotify or
// StopNotify; a PropertiesChanged of Value becomes a notification or indication to every
// subscribed link, and the indication's confirmation a Confirm().
#include <sdbus-c++/sdbus-c++.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/ble/att_server.hpp"
#include "sim/bluez/context.hpp"
#include "sim/bluez/dbus_object.hpp"

namespace atsim::bluez {

class Link;

class GattDatabase {
 public:
  GattDatabase(Context& ctx, std::function<std::string()> alias);
  ~GattDatabase();
  // GattManager1's members, on the adapter's object.
  void declare(DbusObject& adapter);

  void att_request(Link& link, const Bytes& pdu, std::function<void(Bytes)> respond);
  void link_up(Link& link);
  void link_down(Link& link);
  void client_gone(const std::string& name);

 private:
  struct Attribute {            // an application's characteristic or descriptor in the table
    std::string owner, object;  // the application's bus name and the object's path
    bool descriptor = false;
    std::uint8_t props = 0;
    std::uint16_t handle = 0;  // value (or descriptor) handle
    std::uint16_t cccd = 0;    // for notify/indicate characteristics
    unsigned subscribers = 0;  // links with notifications or indications on
  };
  using ManagedObjects =
      std::map<sdbus::ObjectPath, std::map<std::string, std::map<std::string, sdbus::Variant>>>;
  struct Application {
    std::string owner, path;
    ManagedObjects objects;
    sdbus::Slot value_watch;
  };

  void register_application(sdbus::MethodCall call);
  void unregister_application(sdbus::MethodCall call);
  // The whole table again: BlueZ's services, then the applications' in registration order.
  // Returns what is wrong with an application's objects (empty: fine).
  std::string rebuild();
  std::string add_application(const Application& app);
  void watch_values(Application& app);
  void on_value(const std::string& owner, const std::string& path, const Bytes& value);
  Attribute* by_handle(std::uint16_t handle);
  void read_hook(std::uint16_t handle, std::uint16_t offset, ble::AttServer::ReadDone done);
  void write_hook(std::uint16_t handle, const Bytes& value, bool command,
                  ble::AttServer::WriteDone done);
  std::map<std::string, sdbus::Variant> options(std::uint16_t offset, const char* type) const;
  void fire(const std::string& owner, const std::string& path, const char* iface,
            const char* member);

  Context& ctx_;
  std::function<std::string()> alias_;
  ble::GattDb db_;
  ble::AttServer server_{db_, ble::att::kMaxMtu};
  std::uint16_t name_handle_ = 0, appearance_handle_ = 0, service_changed_handle_ = 0;
  std::vector<std::unique_ptr<Application>> apps_;
  std::map<std::uint16_t, Attribute> attributes_;  // by handle
  std::vector<Link*> links_;
  Link* current_ = nullptr;  // the link whose PDU the server is handling (hooks have no link)
  std::map<Link*, std::uint16_t> indicated_;  // the handle of the indication awaiting confirmation
};

}  // namespace atsim::bluez
