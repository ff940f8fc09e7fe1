#pragma once
// What every part of the simulated BlueZ shares: the bus, the loop, the calls into clients,
// the log, the radio and the options. Built once in main().
#include <sdbus-c++/sdbus-c++.h>

#include <string>

#include "sim/bluez/app_calls.hpp"
#include "sim/bluez/log.hpp"
#include "sim/bluez/options.hpp"
#include "sim/bluez/radio.hpp"
#include "sim/bluez/reactor.hpp"

namespace atsim::bluez {

inline constexpr const char* kAdapterIface = "org.bluez.Adapter1";
inline constexpr const char* kDeviceIface = "org.bluez.Device1";
inline constexpr const char* kAdvertisingManagerIface = "org.bluez.LEAdvertisingManager1";
inline constexpr const char* kAdvertisementIface = "org.bluez.LEAdvertisement1";
inline constexpr const char* kGattManagerIface = "org.bluez.GattManager1";
inline constexpr const char* kAgentManagerIface = "org.bluez.AgentManager1";
inline constexpr const char* kAgentIface = "org.bluez.Agent1";
inline constexpr const char* kServiceIface = "org.bluez.GattService1";
inline constexpr const char* kCharIface = "org.bluez.GattCharacteristic1";
inline constexpr const char* kDescIface = "org.bluez.GattDescriptor1";
inline constexpr const char* kPropertiesIface = "org.freedesktop.DBus.Properties";
inline constexpr const char* kObjectManagerIface = "org.freedesktop.DBus.ObjectManager";

// BlueZ's error names (src/error.c) and the messages it sends with them.
namespace error {
inline sdbus::Error invalid_args(const std::string& m = "Invalid arguments in method call") {
  return sdbus::Error("org.bluez.Error.InvalidArguments", m);
}
inline sdbus::Error failed(const std::string& m) {
  return sdbus::Error("org.bluez.Error.Failed", m);
}
inline sdbus::Error in_progress(const std::string& m = "In Progress") {
  return sdbus::Error("org.bluez.Error.InProgress", m);
}
inline sdbus::Error not_ready() {
  return sdbus::Error("org.bluez.Error.NotReady", "Resource Not Ready");
}
inline sdbus::Error not_connected() {
  return sdbus::Error("org.bluez.Error.NotConnected", "Not Connected");
}
inline sdbus::Error already_connected() {
  return sdbus::Error("org.bluez.Error.AlreadyConnected", "Already Connected");
}
inline sdbus::Error already_exists(const std::string& m = "Already Exists") {
  return sdbus::Error("org.bluez.Error.AlreadyExists", m);
}
inline sdbus::Error does_not_exist(const std::string& m = "Does Not Exist") {
  return sdbus::Error("org.bluez.Error.DoesNotExist", m);
}
inline sdbus::Error not_supported(const std::string& m = "Operation is not supported") {
  return sdbus::Error("org.bluez.Error.NotSupported", m);
}
inline sdbus::Error not_permitted(const std::string& m = "Operation is not permitted") {
  return sdbus::Error("org.bluez.Error.NotPermitted", m);
}
inline sdbus::Error invalid_length(const std::string& m = "Invalid Length") {
  return sdbus::Error("org.bluez.Error.InvalidLength", m);
}
inline sdbus::Error not_authorized() {
  return sdbus::Error("org.bluez.Error.NotAuthorized", "Operation Not Authorized");
}
}  // namespace error

struct Context {
  sdbus::IConnection& bus;
  Reactor& reactor;
  AppCalls& calls;
  Log& log;
  Radio& radio;
  const Options& options;
  std::string adapter_path;  // /org/bluez/hci0
};

// Replies to a method call with no results (the common case).
inline void reply_ok(const sdbus::MethodCall& call) {
  call.createReply().send();
}
inline void reply_error(const sdbus::MethodCall& call, const sdbus::Error& e) {
  call.createErrorReply(e).send();
}

}  // namespace atsim::bluez
