#pragma once
// org.bluez.LEAdvertisingManager1 (src/advertising.c of BlueZ 5.66, with the kernel's part of
// making the bytes): RegisterAdvertisement reads the client's LEAdvertisement1 (GetManagedObjects
// on its path, then GetAll) before it replies; the data are built as BlueZ and the kernel build
// them (Flags first, added by the host; ServiceUUIDs, SolicitUUIDs, ManufacturerData,
// ServiceData, Appearance; TX power with "tx-power"), and LocalName (or the adapter's name with
// "local-name") goes in the scan response. Too much data: "Failed to parse advertisement.".
// SupportedInstances counts the *free* instances; a Timeout ends with Release() to the client;
// UnregisterAdvertisement and a client leaving the bus end it without one.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/bluez/context.hpp"
#include "sim/bluez/dbus_object.hpp"

namespace atsim::bluez {

struct AdapterState {  // what advertising needs to know of the adapter
  std::function<bool()> powered;
  std::function<bool()> discoverable;
  std::function<std::string()> alias;
};

class AdvertisingManager {
 public:
  AdvertisingManager(Context& ctx, AdapterState adapter);
  ~AdvertisingManager();
  void declare(DbusObject& adapter);
  void client_gone(const std::string& name);
  // The controller stops advertising when a central connects to it, and the kernel starts
  // it again when that link goes (or when power comes back).
  void set_suspended(bool suspended);
  std::size_t active() const { return ads_.size(); }

 private:
  struct Ad {
    std::string owner, path;
    bool connectable = false;
    Bytes data, scan_response;
    std::optional<Reactor::TimerId> timeout;
  };

  void register_advertisement(sdbus::MethodCall call);
  void unregister_advertisement(sdbus::MethodCall call);
  // Builds the bytes from the properties; the error is BlueZ's reply when they do not fit.
  std::optional<std::string> build(Ad& ad, const std::map<std::string, sdbus::Variant>& props);
  void remove(const std::string& owner, const std::string& path, bool release);
  void refresh();
  void instances_changed();

  Context& ctx_;
  AdapterState adapter_;
  DbusObject* object_ = nullptr;
  std::vector<Ad> ads_;
  std::size_t pending_ = 0;  // registrations reading their object
  bool suspended_ = false;
  static constexpr std::size_t kInstances = 1;  // the simulated controller has one set
};

}  // namespace atsim::bluez
