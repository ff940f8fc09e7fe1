#pragma once
// Calls from the simulated BlueZ into its clients' objects (an advertisement's GetAll, an
// application's GetManagedObjects, ReadValue, WriteValue, StartNotify, an agent's
// RequestPasskey, ...). Every one is asynchronous: atsim-bluez must never block its loop, the
// client may take its time (an agent waits for a person), and the client may be gone. The reply
// (or the error: a timeout is org.freedesktop.DBus.Error.NoReply) comes back on the loop.
#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sim/bluez/reactor.hpp"

namespace atsim::bluez {

class AppCalls {
 public:
  // On success `error` is null and `reply` holds the results; otherwise `error` says why.
  using Done = std::function<void(sdbus::MethodReply& reply, const sdbus::Error* error)>;
  using Args = std::function<void(sdbus::MethodCall& call)>;

  AppCalls(sdbus::IConnection& bus, Reactor& reactor) : bus_(bus), reactor_(reactor) {}
  ~AppCalls();

  void call(const std::string& destination, const std::string& path, const std::string& iface,
            const std::string& member, Args args, std::chrono::milliseconds timeout, Done done);
  // A call BlueZ sends without waiting for any reply (Release of an advertisement).
  void send_no_reply(const std::string& destination, const std::string& path,
                     const std::string& iface, const std::string& member, Args args = {});
  // Forgets pending calls to `destination` (it left the bus): their Done never runs.
  void drop(const std::string& destination);

 private:
  struct Pending {
    std::string destination;
    std::unique_ptr<sdbus::IProxy> proxy;
    bool finished = false;
  };

  sdbus::IConnection& bus_;
  Reactor& reactor_;
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, std::unique_ptr<Pending>> pending_;
};

}  // namespace atsim::bluez
