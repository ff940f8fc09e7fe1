#pragma once
// Agents and pairing: BlueZ 5.66 (src/agent.c, src/device.c) with the kernel's SMP (smp.c) as
// SMP-lite carries it on the simulated air (sim/ble/smp.hpp: the real feature exchange and
// method choice, the passkey or number in the clear, encryption as a link flag).
//  - AgentManager1 on /org/bluez: one agent per client with its IO capability, a default
//    agent; an agent whose client leaves the bus is dropped (and the default with it).
//  - Device1.Pair (needs the link up here; real BlueZ would connect first) pairs with the
//    caller's agent, else the default agent, else as NoInputNoOutput; it replies when the link
//    is encrypted, or with AuthenticationFailed / Rejected / Canceled / Timeout.
//    CancelPairing ends it. A remote's Pairing Request or Security Request is answered with the
//    default agent. Our auth_req: bonding, SC, and MITM unless the agent is NoInputNoOutput.
//  - The agent is asked what the method needs: RequestPasskey, DisplayPasskey,
//    RequestConfirmation, RequestAuthorization (incoming Just Works); Cancel() when the pairing
//    ends while a question is open.
//  - Paired and Bonded follow; a bond (the LTK) lets the remote encrypt again later, and goes
//    with RemoveDevice.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sim/ble/smp.hpp"
#include "sim/bluez/context.hpp"
#include "sim/bluez/dbus_object.hpp"

namespace atsim::bluez {

class Adapter;
class Device;
class Link;

class Pairing {
 public:
  explicit Pairing(Context& ctx);
  ~Pairing();
  void set_adapter(Adapter& adapter) { adapter_ = &adapter; }
  void declare(DbusObject& bluez);  // AgentManager1 on /org/bluez
  void declare_device(Device& d);   // Device1.Pair, Device1.CancelPairing
  void client_gone(const std::string& name);
  void smp(Link& link, const Bytes& pdu);
  void encryption_changed(Link& link, bool encrypted);
  void encrypt_request(Link& link, const Bytes& ltk);
  void link_down(Link& link);
  void device_removed(const Device& d);

 private:
  struct Agent {
    std::string owner, path, capability;
  };
  struct Session;  // one pairing on one link

  void register_agent(sdbus::MethodCall call);
  void unregister_agent(sdbus::MethodCall call);
  void request_default_agent(sdbus::MethodCall call);
  const Agent* agent_for(const std::string& caller) const;
  ble::smp::Features features(const Agent* agent) const;

  void pair(Device& d, sdbus::MethodCall call);
  void cancel(Device& d, sdbus::MethodCall call);
  Session& start(Link& link, bool initiator, const Agent* agent);
  void method_chosen(Session& s);
  void check_entry(Session& s);
  void check_comparison(Session& s);
  void encrypt(Session& s);
  void ask_agent(Session& s, const char* method, std::function<void(sdbus::MethodCall&)> args,
                 std::function<void(sdbus::MethodReply&)> answered);
  void send(Session& s, const ble::smp::Pdu& pdu);
  void fail(Session& s, ble::smp::FailReason reason, const sdbus::Error& error);
  void finish(std::uint32_t link, const std::optional<sdbus::Error>& error);
  Session* session(std::uint32_t link);

  Context& ctx_;
  Adapter* adapter_ = nullptr;
  std::map<std::string, Agent> agents_;  // by owner: one agent per client
  std::optional<std::string> default_owner_;
  std::map<std::uint32_t, std::unique_ptr<Session>> sessions_;  // by link
  std::map<std::string, Bytes> bonds_;                          // remote address → LTK
  std::uint64_t random_ = 0x2545F4914F6CDD1DULL;
};

}  // namespace atsim::bluez
