#pragma once
// org.bluez.Adapter1 at /org/bluez/hci0 and everything hanging off the controller: discovery
// sessions per client, the remote devices, the links (BlueZ 5.66 src/adapter.c).
//  - StartDiscovery/StopDiscovery are per client; Discovering is true while any runs, and a
//    client that leaves the bus loses its session. SetDiscoveryFilter is per client too.
//  - An advertising report makes or updates a device only if it passes the filters the way
//    btd_adapter_update_found_device decides (a Pattern is a prefix of the address or name;
//    without any filter only discoverable advertisers are shown). The controller merges an
//    advertisement and its scan response into one report, as the kernel does.
//  - When discovery ends, RSSI and TxPower are invalidated and temporary devices that are not
//    connectable go at once; the others go after TemporaryTimeout.
//  - The simulated controller is LE only (BR/EDR disabled).
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/bluez/context.hpp"
#include "sim/bluez/dbus_object.hpp"
#include "sim/bluez/device.hpp"

namespace atsim::bluez {

class Link;
class LinkServices;  // what a new link needs: the local database, the remote GATT builder

struct DiscoveryFilter {
  std::vector<std::string> uuids;
  std::optional<std::int16_t> rssi;
  std::optional<std::uint16_t> pathloss;
  std::string transport = "auto";
  bool duplicate = false;
  bool discoverable = false;
  std::optional<std::string> pattern;
};

class Adapter : public DeviceLinks {
 public:
  Adapter(Context& ctx, LinkServices& services);
  ~Adapter() override;

  DbusObject& object() { return object_; }
  void publish();
  bool powered() const override { return powered_; }
  const std::string& alias() const { return alias_; }
  bool discoverable() const { return discoverable_; }
  // stdin control: power as if by the rfkill switch.
  void set_blocked(bool blocked);
  void set_powered(bool on);
  // A client left the bus: its discovery session and filter go.
  void client_gone(const std::string& name);
  std::string status() const;  // one line for the control channel

  Device* device(const std::string& path);
  Link* link_of(const Device& d);
  std::vector<Link*> links();

  // DeviceLinks
  void connect(Device& d) override;
  void cancel_connect(Device& d) override;
  void disconnect(Device& d) override;
  void disappeared(Device& d) override;
  void connected(Device& d) override;
  void declare_device_methods(Device& d) override;

 private:
  struct Session {
    std::optional<DiscoveryFilter> filter;
    bool active = false;
  };

  void declare();
  void start_discovery(sdbus::MethodCall call);
  void stop_discovery(sdbus::MethodCall call);
  void set_discovery_filter(sdbus::MethodCall call);
  void remove_device(sdbus::MethodCall call);
  void update_scanning(std::vector<std::string>& changed);
  void end_session(const std::string& client);
  void discovery_cleanup();
  bool discovering() const;

  void on_report(const AdvertisingReport& r);
  void flush_pending();
  void process_report(const AdvertisingReport& r);
  bool passes_filters(const Eir& eir, int rssi) const;
  bool is_discoverable(const Eir& eir, const std::string& address) const;
  Device* device_by_address(const RadioAddress& a);
  Device& add_device(const RadioAddress& a, bool temporary);
  void forget(Device& d);

  void on_connected(std::uint32_t link, const RadioAddress& peer, bool central);
  void on_connect_failed(const RadioAddress& peer, const std::string& reason);
  void on_disconnected(std::uint32_t link, std::uint8_t reason);
  void next_connection();

  Context& ctx_;
  LinkServices& services_;
  DbusObject object_;
  bool powered_ = true;
  bool blocked_ = false;
  bool discoverable_ = false;
  bool pairable_ = true;
  std::string alias_;
  std::map<std::string, Session> sessions_;  // by client unique name
  bool scanning_ = false;
  std::set<std::string> discovery_found_;     // device paths updated in this discovery
  std::optional<AdvertisingReport> pending_;  // an advertisement waiting for its scan response
  std::optional<Reactor::TimerId> pending_timer_;
  std::map<std::string, std::unique_ptr<Device>> devices_;  // by path
  std::map<std::uint32_t, std::unique_ptr<Link>> links_;    // by link id
  std::map<std::uint32_t, Device*> link_devices_;
  std::map<std::uint32_t, bool> link_central_;  // we initiated it
  std::vector<Device*> connect_queue_;          // the kernel makes one LE connection at a time
  Device* connecting_ = nullptr;
};

}  // namespace atsim::bluez
