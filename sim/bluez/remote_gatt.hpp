#pragma once
// BlueZ's GATT client on one link (src/gatt-client.c, src/device.c): when the link comes up it
// exchanges the MTU (517), discovers the remote's services, included services,
// characteristics and descriptors, exports them as GattService1 (serviceXXXX, its start
// handle), GattCharacteristic1 (charYYYY, its declaration handle) and GattDescriptor1
// (descZZZZ) under the device, sets ServicesResolved, then reads the GAP Device Name into
// Device1.Name (the GAP service itself is claimed by BlueZ's gap plugin and not exported).
// ReadValue/WriteValue/StartNotify/StopNotify go over ATT (sim/ble's GATT client procedures)
// and ATT errors become BlueZ's D-Bus errors (create_gatt_dbus_error). A notification or
// indication (BlueZ confirms indications itself) is a PropertiesChanged of Value.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/ble/gatt_client.hpp"
#include "sim/bluez/context.hpp"
#include "sim/bluez/dbus_object.hpp"

namespace atsim::bluez {

class Device;
class Link;

class RemoteGatt {
 public:
  RemoteGatt(Context& ctx, Link& link, Device& device);
  ~RemoteGatt();  // the objects go (InterfacesRemoved)
  RemoteGatt(const RemoteGatt&) = delete;
  RemoteGatt& operator=(const RemoteGatt&) = delete;

  void start();  // MTU exchange, then discovery
  void on_pdu(const Bytes& pdu) { client_.on_pdu(pdu); }
  void client_gone(const std::string& name);

 private:
  struct Descriptor {
    std::uint16_t handle;
    ble::Uuid uuid;
    Bytes value;
    bool has_value = false;
    std::unique_ptr<DbusObject> object;
  };
  struct Characteristic {
    ble::RemoteCharacteristic info;
    Bytes value;
    bool has_value = false;
    std::set<std::string> notify_clients;
    std::optional<std::uint16_t> cccd;
    std::vector<Descriptor> descriptors;
    std::unique_ptr<DbusObject> object;
  };
  struct Service {
    ble::RemoteService info;
    bool primary = true;
    std::vector<std::uint16_t> includes;  // start handles of included services
    std::vector<Characteristic> characteristics;
    std::unique_ptr<DbusObject> object;
  };

  void discover_services();
  void discover_service(std::size_t i);
  void discover_descriptors(std::size_t s, std::size_t c);
  void finished(bool ok);
  void export_objects();
  void read_gap_name();
  std::string service_path(const Service& s) const;
  void declare_characteristic(Service& s, Characteristic& c);
  void declare_descriptor(Characteristic& c, Descriptor& d);
  Characteristic* by_value_handle(std::uint16_t handle);
  void on_value(std::uint16_t handle, const Bytes& value);
  void start_notify(Characteristic& c, sdbus::MethodCall call);
  void stop_notify(Characteristic& c, sdbus::MethodCall call);

  Context& ctx_;
  Link& link_;
  Device& device_;
  ble::GattClient client_;
  std::vector<Service> services_;
  bool resolved_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace atsim::bluez
