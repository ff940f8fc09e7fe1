#include "sim/bluez/pairing.hpp"

#include "sim/bluez/adapter.hpp"
#include "sim/bluez/device.hpp"
#include "sim/bluez/link.hpp"

namespace atsim::bluez {
namespace {

namespace smp = ble::smp;
using smp::Method;

constexpr auto kSmpTimeout = std::chrono::seconds(30);  // Core Vol 3 Part H 3.4

bool known_capability(const std::string& c) {
  // agent.c parse_io_capability; "" means KeyboardDisplay.
  return c.empty() || c == "DisplayOnly" || c == "DisplayYesNo" || c == "KeyboardOnly" ||
         c == "NoInputNoOutput" || c == "KeyboardDisplay";
}

smp::IoCap io_of(const std::string& c) {
  if (c == "DisplayOnly") return smp::IoCap::display_only;
  if (c == "DisplayYesNo") return smp::IoCap::display_yes_no;
  if (c == "KeyboardOnly") return smp::IoCap::keyboard_only;
  if (c == "NoInputNoOutput") return smp::IoCap::no_input_no_output;
  return smp::IoCap::keyboard_display;
}

// device.c new_authentication_return, by what ended the pairing.
sdbus::Error auth_failed() {
  return sdbus::Error("org.bluez.Error.AuthenticationFailed", "Authentication Failed");
}
sdbus::Error auth_canceled() {
  return sdbus::Error("org.bluez.Error.AuthenticationCanceled", "Authentication Canceled");
}
sdbus::Error auth_timeout() {
  return sdbus::Error("org.bluez.Error.AuthenticationTimeout", "Authentication Timeout");
}

}  // namespace

struct Pairing::Session {
  std::uint32_t link = 0;
  Device* device = nullptr;
  bool initiator = false;
  std::optional<Agent> agent;
  smp::Features ours, theirs;
  bool features_done = false;
  Method method = Method::just_works;
  std::optional<std::uint32_t> shown, entered, peer_entered;
  std::optional<bool> confirmed, peer_confirmed;
  Bytes ltk;
  std::optional<sdbus::MethodCall> pair_call;  // Device1.Pair waiting for the outcome
  std::optional<Reactor::TimerId> timeout;
  bool agent_asked = false;             // a question is open at the agent
  bool awaiting_authorization = false;  // incoming Just Works: the agent has not said yes yet
  bool encryption_held = false;         // the central's ENC_REQUEST waits for that yes
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  bool displays() const {
    return (method == Method::passkey_initiator_displays && initiator) ||
           (method == Method::passkey_responder_displays && !initiator);
  }
  bool inputs() const {
    return method == Method::passkey_both_input ||
           (method == Method::passkey_initiator_displays && !initiator) ||
           (method == Method::passkey_responder_displays && initiator);
  }
};

Pairing::Pairing(Context& ctx) : ctx_(ctx) {}

Pairing::~Pairing() {
  for (auto& [link, s] : sessions_) {
    *s->alive = false;
    if (s->timeout) ctx_.reactor.cancel(*s->timeout);
  }
}

// ------------------------------------------------------------------ agents

void Pairing::declare(DbusObject& o) {
  const std::string I = kAgentManagerIface;
  o.method(I, "RegisterAgent", "os", "",
           [this](sdbus::MethodCall c) { register_agent(std::move(c)); });
  o.method(I, "UnregisterAgent", "o", "",
           [this](sdbus::MethodCall c) { unregister_agent(std::move(c)); });
  o.method(I, "RequestDefaultAgent", "o", "",
           [this](sdbus::MethodCall c) { request_default_agent(std::move(c)); });
}

void Pairing::register_agent(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  std::string capability;
  call >> path >> capability;
  const auto owner = call.getSender();
  ctx_.log.line("AgentManager1.RegisterAgent " + std::string(path) + " " + capability + " from " +
                owner);
  if (agents_.count(owner)) throw error::already_exists();
  if (!known_capability(capability)) throw error::invalid_args();
  agents_[owner] = Agent{owner, path, capability.empty() ? "KeyboardDisplay" : capability};
  reply_ok(call);
}

void Pairing::unregister_agent(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  call >> path;
  const auto owner = call.getSender();
  ctx_.log.line("AgentManager1.UnregisterAgent " + std::string(path) + " from " + owner);
  auto it = agents_.find(owner);
  if (it == agents_.end() || it->second.path != path) throw error::does_not_exist("No such agent");
  agents_.erase(it);
  if (default_owner_ == owner) default_owner_.reset();
  reply_ok(call);
}

void Pairing::request_default_agent(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  call >> path;
  const auto owner = call.getSender();
  auto it = agents_.find(owner);
  if (it == agents_.end() || it->second.path != path) throw error::does_not_exist("No such agent");
  default_owner_ = owner;
  reply_ok(call);
}

const Pairing::Agent* Pairing::agent_for(const std::string& caller) const {
  if (auto it = agents_.find(caller); it != agents_.end()) return &it->second;
  if (!default_owner_) return nullptr;
  auto it = agents_.find(*default_owner_);
  return it == agents_.end() ? nullptr : &it->second;
}

void Pairing::client_gone(const std::string& name) {
  if (agents_.erase(name)) ctx_.log.line("agent of " + name + " dropped: it left the bus");
  if (default_owner_ == name) default_owner_.reset();
}

smp::Features Pairing::features(const Agent* agent) const {
  smp::Features f;
  f.io = agent ? io_of(agent->capability) : smp::IoCap::no_input_no_output;
  // The kernel's SMP (smp_conn_security, build_pairing_cmd): bonding, SC, and MITM whenever
  // the IO capability allows it.
  f.auth_req = smp::auth::bond | smp::auth::sc;
  if (f.io != smp::IoCap::no_input_no_output) f.auth_req |= smp::auth::mitm;
  f.max_key_size = 16;
  f.init_key_dist = 0x0D;
  f.resp_key_dist = 0x0F;
  return f;
}

// ------------------------------------------------------------------ Device1.Pair

void Pairing::declare_device(Device& d) {
  auto& o = d.object();
  o.method(kDeviceIface, "Pair", "", "",
           [this, &d](sdbus::MethodCall c) { pair(d, std::move(c)); });
  o.method(kDeviceIface, "CancelPairing", "", "",
           [this, &d](sdbus::MethodCall c) { cancel(d, std::move(c)); });
}

Pairing::Session* Pairing::session(std::uint32_t link) {
  auto it = sessions_.find(link);
  return it == sessions_.end() ? nullptr : it->second.get();
}

void Pairing::pair(Device& d, sdbus::MethodCall call) {
  ctx_.log.line("Device1.Pair " + d.path() + " from " + call.getSender());
  if (d.paired()) throw sdbus::Error("org.bluez.Error.AlreadyExists", "Already Exists");
  Link* link = adapter_ ? adapter_->link_of(d) : nullptr;
  if (!link) throw error::not_connected();
  if (session(link->id())) throw error::in_progress();
  Session& s = start(*link, true, agent_for(call.getSender()));
  s.pair_call = std::move(call);
  send(s, smp::PairingRequest{s.ours});
}

void Pairing::cancel(Device& d, sdbus::MethodCall call) {
  Link* link = adapter_ ? adapter_->link_of(d) : nullptr;
  Session* s = link ? session(link->id()) : nullptr;
  if (!s) throw error::does_not_exist("No pairing in progress");
  reply_ok(call);
  fail(*s, smp::FailReason::unspecified_reason, auth_canceled());
}

Pairing::Session& Pairing::start(Link& link, bool initiator, const Agent* agent) {
  auto s = std::make_unique<Session>();
  s->link = link.id();
  s->device = &link.device();
  s->initiator = initiator;
  if (agent) s->agent = *agent;
  s->ours = features(agent);
  const auto id = link.id();
  s->timeout = ctx_.reactor.after(kSmpTimeout, [this, id] {
    if (Session* x = session(id)) {
      x->timeout.reset();
      fail(*x, smp::FailReason::unspecified_reason, auth_timeout());
    }
  });
  auto& ref = *s;
  sessions_[id] = std::move(s);
  return ref;
}

void Pairing::send(Session& s, const smp::Pdu& pdu) {
  ctx_.radio.send_smp(s.link, smp::encode(pdu));
}

void Pairing::fail(Session& s, smp::FailReason reason, const sdbus::Error& error) {
  send(s, smp::PairingFailed{reason});
  finish(s.link, error);
}

void Pairing::finish(std::uint32_t link, const std::optional<sdbus::Error>& error) {
  auto it = sessions_.find(link);
  if (it == sessions_.end()) return;
  auto s = std::move(it->second);
  sessions_.erase(it);
  *s->alive = false;
  if (s->timeout) ctx_.reactor.cancel(*s->timeout);
  // A question still open at the agent: BlueZ withdraws it (agent_cancel).
  if (s->agent_asked && s->agent)
    ctx_.calls.send_no_reply(s->agent->owner, s->agent->path, kAgentIface, "Cancel");
  if (s->encryption_held && error) ctx_.radio.encrypt_reply(link, false);
  ctx_.log.line("pairing on link " + std::to_string(link) +
                (error ? " failed: " + error->getName() : " done"));
  if (s->pair_call) {
    if (error) {
      reply_error(*s->pair_call, *error);
    } else {
      reply_ok(*s->pair_call);
    }
  }
}

// ------------------------------------------------------------------ SMP-lite

void Pairing::ask_agent(Session& s, const char* method,
                        std::function<void(sdbus::MethodCall&)> args,
                        std::function<void(sdbus::MethodReply&)> answered) {
  if (!s.agent) {
    // No agent: nobody to ask. Authorization is granted, anything else cannot be answered.
    if (std::string(method) == "RequestAuthorization") {
      sdbus::MethodReply none;
      return answered(none);
    }
    return fail(s, smp::FailReason::passkey_entry_failed, auth_failed());
  }
  s.agent_asked = true;
  auto alive = s.alive;
  const auto link = s.link;
  ctx_.calls.call(s.agent->owner, s.agent->path, kAgentIface, method, std::move(args), kSmpTimeout,
                  [this, alive, link, answered](sdbus::MethodReply& reply, const sdbus::Error* e) {
                    if (!*alive) return;
                    Session* x = session(link);
                    if (!x) return;
                    x->agent_asked = false;
                    if (e) {
                      // Rejected or Canceled by the agent (or it timed out): the pairing fails.
                      return fail(*x,
                                  x->method == Method::numeric_comparison
                                      ? smp::FailReason::numeric_comparison_failed
                                      : smp::FailReason::passkey_entry_failed,
                                  auth_failed());
                    }
                    answered(reply);
                  });
}

void Pairing::smp(Link& link, const Bytes& bytes) {
  auto decoded = smp::decode(bytes);
  if (std::get_if<smp::DecodeError>(&decoded)) {
    if (Session* s = session(link.id()))
      fail(*s, smp::FailReason::invalid_parameters, auth_failed());
    return;
  }
  const smp::Pdu& pdu = std::get<smp::Pdu>(decoded);
  Session* s = session(link.id());
  if (auto* req = std::get_if<smp::PairingRequest>(&pdu)) {
    if (link.central()) {
      ctx_.radio.send_smp(link.id(),
                          smp::encode(smp::PairingFailed{smp::FailReason::command_not_supported}));
      return;
    }
    if (s) finish(link.id(), auth_failed());
    Session& n = start(link, false, agent_for(""));
    n.theirs = req->f;
    send(n, smp::PairingResponse{n.ours});
    return method_chosen(n);
  }
  if (auto* sec = std::get_if<smp::SecurityRequest>(&pdu)) {
    // The peripheral asks for security: the kernel pairs (or encrypts with the bond).
    if (!link.central() || s) return;
    Session& n = start(link, true, agent_for(""));
    if (auto b = bonds_.find(link.device().address().address); b != bonds_.end()) {
      n.ltk = b->second;
      return ctx_.radio.encrypt(n.link, n.ltk);
    }
    n.ours.auth_req |= sec->auth_req & smp::auth::mitm;
    send(n, smp::PairingRequest{n.ours});
    return;
  }
  if (!s) return;  // no pairing going on: a stray PDU
  if (auto* rsp = std::get_if<smp::PairingResponse>(&pdu)) {
    if (!s->initiator || s->features_done)
      return fail(*s, smp::FailReason::unspecified_reason, auth_failed());
    s->theirs = rsp->f;
    return method_chosen(*s);
  }
  if (std::get_if<smp::PairingFailed>(&pdu)) return finish(link.id(), auth_failed());
  if (auto* k = std::get_if<smp::SimPasskey>(&pdu)) {
    s->shown = k->value;  // the number on the remote's display
    if (s->method == Method::numeric_comparison && !s->initiator) {
      const std::uint32_t n = k->value;
      const std::string dev = s->device->path();
      ask_agent(
          *s, "RequestConfirmation",
          [dev, n](sdbus::MethodCall& m) { m << sdbus::ObjectPath(dev) << n; },
          [this, link = s->link](sdbus::MethodReply&) {
            Session* x = session(link);
            if (!x) return;
            x->confirmed = true;
            send(*x, smp::SimConfirm{true});
            check_comparison(*x);
          });
    }
    return;
  }
  if (auto* e = std::get_if<smp::SimKeyEntry>(&pdu)) {
    s->peer_entered = e->value;
    return check_entry(*s);
  }
  if (auto* c = std::get_if<smp::SimConfirm>(&pdu)) {
    if (s->method == Method::numeric_comparison) {
      s->peer_confirmed = c->yes;
      if (!c->yes) return finish(link.id(), auth_failed());
      return check_comparison(*s);
    }
    if (s->initiator && c->yes) encrypt(*s);  // the displaying peripheral checked our passkey
  }
}

void Pairing::method_chosen(Session& s) {
  const smp::Features& init = s.initiator ? s.ours : s.theirs;
  const smp::Features& resp = s.initiator ? s.theirs : s.ours;
  s.features_done = true;
  s.method = smp::pairing_method(init, resp);
  ctx_.log.line(std::string("pairing on link ") + std::to_string(s.link) + ": " +
                smp::method_name(s.method));
  if (smp::agreed_key_size(init, resp) < 7) {
    return fail(s, smp::FailReason::encryption_key_size, auth_failed());
  }
  const std::string dev = s.device->path();
  const auto link = s.link;
  if (s.method == Method::just_works) {
    if (s.initiator) return encrypt(s);
    // An incoming Just Works pairing: the kernel asks user space to confirm (confirm_hint),
    // which BlueZ turns into RequestAuthorization.
    // SMP-lite's central encrypts at once, so its request is held until the agent said yes
    // (the kernel would not send its confirm value before).
    s.awaiting_authorization = true;
    return ask_agent(
        s, "RequestAuthorization", [dev](sdbus::MethodCall& m) { m << sdbus::ObjectPath(dev); },
        [this, link](sdbus::MethodReply&) {
          Session* x = session(link);
          if (!x) return;
          x->awaiting_authorization = false;
          if (x->encryption_held) ctx_.radio.encrypt_reply(link, true);
        });
  }
  auto draw = [this] {
    random_ ^= random_ << 13;
    random_ ^= random_ >> 7;
    random_ ^= random_ << 17;
    return static_cast<std::uint32_t>(random_ % 1000000);
  };
  if (s.method == Method::numeric_comparison) {
    if (!s.initiator) return;  // the central draws the number (SimPasskey)
    const std::uint32_t n = draw();
    s.shown = n;
    send(s, smp::SimPasskey{n});
    return ask_agent(
        s, "RequestConfirmation",
        [dev, n](sdbus::MethodCall& m) { m << sdbus::ObjectPath(dev) << n; },
        [this, link](sdbus::MethodReply&) {
          Session* x = session(link);
          if (!x) return;
          x->confirmed = true;
          send(*x, smp::SimConfirm{true});
          check_comparison(*x);
        });
  }
  if (s.displays()) {
    const std::uint32_t n = draw();
    s.shown = n;
    send(s, smp::SimPasskey{n});  // sim-only: what our display shows, in the clear
    // DisplayPasskey goes without a reply (agent.c agent_display_passkey).
    if (s.agent) {
      ctx_.calls.send_no_reply(
          s.agent->owner, s.agent->path, kAgentIface, "DisplayPasskey",
          [dev, n](sdbus::MethodCall& m) { m << sdbus::ObjectPath(dev) << n << std::uint16_t{0}; });
    }
  }
  if (s.inputs()) {
    ask_agent(
        s, "RequestPasskey", [dev](sdbus::MethodCall& m) { m << sdbus::ObjectPath(dev); },
        [this, link](sdbus::MethodReply& reply) {
          Session* x = session(link);
          if (!x) return;
          std::uint32_t key = 0;
          reply >> key;
          x->entered = key;
          send(*x, smp::SimKeyEntry{key});
          check_entry(*x);
        });
  }
}

void Pairing::check_entry(Session& s) {
  if (s.method == Method::passkey_both_input) {
    if (!s.initiator || !s.entered || !s.peer_entered) return;
    if (*s.entered != *s.peer_entered)
      return fail(s, smp::FailReason::passkey_entry_failed, auth_failed());
    return encrypt(s);
  }
  if (!s.displays() || !s.shown || !s.peer_entered) return;
  if (*s.peer_entered != *s.shown)
    return fail(s, smp::FailReason::passkey_entry_failed, auth_failed());
  if (s.initiator) return encrypt(s);
  send(s, smp::SimConfirm{true});  // tell the central to go on
}

void Pairing::check_comparison(Session& s) {
  if (s.confirmed == false)
    return fail(s, smp::FailReason::numeric_comparison_failed, auth_failed());
  if (s.initiator && s.confirmed == true && s.peer_confirmed == true) encrypt(s);
}

void Pairing::encrypt(Session& s) {
  if (!s.initiator) return;  // the central starts encryption; we answer its request
  s.ltk.clear();
  for (int i = 0; i < 16; ++i) {
    random_ = random_ * 6364136223846793005ULL + 1442695040888963407ULL;
    s.ltk.push_back(static_cast<std::uint8_t>(random_ >> 56));
  }
  ctx_.radio.encrypt(s.link, s.ltk);
}

void Pairing::encrypt_request(Link& link, const Bytes& ltk) {
  // As peripheral: a key from the pairing going on, or the bond we hold with this central.
  Session* s = session(link.id());
  if (s && s->awaiting_authorization) {
    s->ltk = ltk;
    s->encryption_held = true;
    return;
  }
  bool ok = s && s->features_done && !s->initiator;
  if (s) s->ltk = ltk;
  if (!ok) {
    auto b = bonds_.find(link.device().address().address);
    ok = b != bonds_.end() && b->second == ltk;
    if (ok && !s) start(link, false, nullptr).ltk = ltk;
  }
  ctx_.radio.encrypt_reply(link.id(), ok);
}

void Pairing::encryption_changed(Link& link, bool encrypted) {
  Session* s = session(link.id());
  auto& sec = link.att_state()->security;
  sec.encrypted = encrypted;
  if (!s) return;
  if (!encrypted) return finish(link.id(), auth_failed());
  sec.authenticated = s->features_done && s->method != Method::just_works;
  sec.key_size = 16;
  const bool bonding = s->features_done ? (s->ours.auth_req & smp::auth::bond) &&
                                              (s->theirs.auth_req & smp::auth::bond)
                                        : true;  // encrypted with a bond's key
  if (bonding) {
    bonds_[link.device().address().address] = s->ltk;
    sec.bonded = true;
  }
  link.device().set_paired(true, bonding);
  finish(link.id(), std::nullopt);
}

void Pairing::link_down(Link& link) {
  finish(link.id(), auth_canceled());
}

void Pairing::device_removed(const Device& d) {
  bonds_.erase(d.address().address);
}

}  // namespace atsim::bluez
