#pragma once
// A remote device as bluetoothd shows it: org.bluez.Device1 at /org/bluez/hci0/dev_XX_..., with
// BlueZ 5.66's observable rules (src/device.c):
//  - advertising data and scan response are merged into one set of properties; Name, RSSI,
//    TxPower, Appearance, ManufacturerData, ServiceData (and, with -E, AdvertisingFlags and
//    AdvertisingData) exist only once they have a value;
//  - RSSI changes are signalled only when they move by 8 dB or more (any change while a client
//    has a discovery filter); AdvertisingData changes are not signalled at all (5.66 signals
//    only type 0x26);
//  - a device found by discovery is temporary: it vanishes TemporaryTimeout seconds after it
//    was last seen, unless it is connected (the timer restarts when the link drops), or its
//    services were resolved, or it is paired or trusted;
//  - Connect replies once the link is up, before the GATT database is resolved; Disconnect
//    cancels a pending Connect.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/bluez/context.hpp"
#include "sim/bluez/dbus_object.hpp"
#include "sim/bluez/eir.hpp"

namespace atsim::bluez {

class DeviceLinks;  // the adapter's side of a device: links, removal

class Device {
 public:
  Device(Context& ctx, DeviceLinks& adapter, RadioAddress address, std::string path,
         bool temporary);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const std::string& path() const { return object_.path(); }
  const RadioAddress& address() const { return address_; }
  DbusObject& object() { return object_; }

  // One (merged) advertising report: the adapter decided it passes the filters.
  struct ReportRules {
    bool filtered = false;   // a client has a discovery filter: every RSSI change counts
    bool duplicate = false;  // a client asked DuplicateData: data replaces, not accumulates
  };
  void apply(const Eir& eir, int rssi, const ReportRules& rules);
  // Any report, even one the filters drop: restarts the temporary timer.
  void seen(bool connectable);
  // Discovery stopped (BlueZ invalidates both).
  void invalidate_rssi_and_tx_power();
  bool temporary() const { return temporary_; }
  bool connectable() const { return connectable_; }
  bool connected() const { return link_.has_value(); }
  std::optional<std::uint32_t> link() const { return link_; }

  // The link layer's word.
  void link_up(std::uint32_t link, bool we_are_central);
  void link_down(std::uint8_t reason);
  void connect_failed(const std::string& reason);
  // GATT discovery has finished (or the remote has no GATT server we could read).
  void set_services_resolved(bool resolved);
  void set_name(const std::string& name);  // the GAP Device Name read after connecting
  void set_paired(bool paired, bool bonded);
  bool paired() const { return paired_; }
  bool bonded() const { return bonded_; }
  // The remote's GATT services, once resolved (btd_device_add_uuid).
  void add_uuids(const std::vector<std::string>& uuids);

  // RemoveDevice on a connected device: disconnect first, then `done`.
  void disconnect_then(std::function<void()> done);
  // InterfacesAdded now (the object is complete).
  void publish();

 private:
  void declare();
  void method_connect(sdbus::MethodCall call);
  void method_disconnect(sdbus::MethodCall call);
  void arm_temporary_timer();
  void clear_temporary_timer();
  std::string alias() const;

  Context& ctx_;
  DeviceLinks& links_;
  const RadioAddress address_;
  DbusObject object_;
  bool temporary_;
  std::optional<Reactor::TimerId> temporary_timer_;

  // Properties, as src/device.c keeps them.
  std::string name_;
  std::optional<std::string> alias_;
  std::int16_t rssi_ = 0;        // 0: unknown (the property does not exist)
  std::int16_t tx_power_ = 127;  // 127: unknown
  std::uint16_t appearance_ = 0;
  std::optional<std::uint8_t> flags_;
  std::vector<std::string> uuids_;
  std::map<std::uint16_t, Bytes> manufacturer_;
  std::map<std::string, Bytes> service_data_;
  std::map<std::uint8_t, Bytes> data_;
  bool paired_ = false, bonded_ = false, trusted_ = false, blocked_ = false;
  bool services_resolved_ = false;
  bool connectable_ = false;

  std::optional<std::uint32_t> link_;
  bool connecting_ = false;
  std::optional<sdbus::MethodCall> connect_call_;
  std::vector<sdbus::MethodCall> disconnect_calls_;
  std::vector<std::function<void()>> after_disconnect_;
};

// What a Device needs from the adapter.
class DeviceLinks {
 public:
  virtual ~DeviceLinks() = default;
  virtual bool powered() const = 0;
  virtual void connect(Device& d) = 0;         // start an LE connection to it
  virtual void cancel_connect(Device& d) = 0;  // Disconnect while connecting
  virtual void disconnect(Device& d) = 0;      // drop its link
  virtual void disappeared(Device& d) = 0;     // its temporary timer fired
  virtual void connected(Device& d) = 0;       // its link is up (GATT starts here)
  // Members other parts add to Device1 (Pair, CancelPairing), before the object is published.
  virtual void declare_device_methods(Device& d) = 0;
};

}  // namespace atsim::bluez
