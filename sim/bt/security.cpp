// SMP-lite on the ESP32's link (sim/ble/smp.hpp): the feature exchange, the pairing method
// from both IO capabilities, the passkey or number shown, typed and confirmed through the AT
// commands of §6.2.32-6.2.35, then encryption (the air's ENCRYPT) and the bond. Messages:
// +BLESECREQ (real 1.x builds; not in v1.1) when the peer asks, +BLESECNTFYKEY:<conn>,<key>
// when a key is to be shown, +BLESECKEYREQ:<conn> when one is to be typed, and
// +BLEAUTHCMPL:<conn>,<0 ok|1 failed> at the end (docs/contracts/ble.md).
#include "sim/bt/security.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/air/frame.hpp"
#include "sim/bt/bonds.hpp"
#include "sim/bt/controller.hpp"
#include "sim/bt/link_events.hpp"
#include "sim/device.hpp"

namespace atsim::bt {

using namespace ble;
using smp::Method;
using Pairing = Radio::Pairing;

namespace {

constexpr auto kSmpTimeout = std::chrono::seconds(30);  // Core Vol 3 Part H 3.4

Radio* radio(Device& d) {
  return ble(d).radio.get();
}

void send_smp(Device& d, const smp::Pdu& pdu) {
  Radio* r = radio(d);
  if (!r || !r->conn || !r->air) return;
  air::Frame f("PDU");
  f.set("h", r->conn->h).set_hex("smp", smp::encode(pdu));
  r->air->send(f);
}

void finish(Device& d, bool ok) {
  Radio* r = radio(d);
  if (!r || !r->pairing) return;
  if (r->pairing->timeout) d.loop().cancel(r->pairing->timeout);
  r->pairing.reset();
  if (ok && d.has(Defect::enc_no_authcmpl)) return;
  d.info(std::string("+BLEAUTHCMPL:0,") + (ok ? "0" : "1"));
}

void fail(Device& d, smp::FailReason why) {
  send_smp(d, smp::PairingFailed{why});
  finish(d, false);
}

Pairing& start_pairing(Device& d, bool initiator) {
  Radio* r = radio(d);
  r->pairing.emplace(Radio::Pairing{});  // not emplace(): clang 14 takes the nested struct for not default-constructible
  r->pairing->initiator = initiator;
  r->pairing->ours = our_features(d);
  r->pairing->timeout = d.after(kSmpTimeout, [&d] {
    if (Radio* x = radio(d); x && x->pairing) fail(d, smp::FailReason::unspecified_reason);
  });
  return *r->pairing;
}

bool displays(const Pairing& p) {
  using enum Method;
  return (p.method == passkey_initiator_displays && p.initiator) ||
         (p.method == passkey_responder_displays && !p.initiator);
}
bool inputs(const Pairing& p) {
  using enum Method;
  return p.method == passkey_both_input ||
         (p.method == passkey_initiator_displays && !p.initiator) ||
         (p.method == passkey_responder_displays && p.initiator);
}

// The central starts encryption with a fresh key once the method is satisfied.
void encrypt(Device& d) {
  Radio* r = radio(d);
  if (!r || !r->pairing || !r->pairing->initiator || !r->air) return;
  Bytes ltk;
  for (int i = 0; i < 16; ++i) ltk.push_back(static_cast<std::uint8_t>(d.random()));
  r->pairing->ltk = ltk;
  air::Frame f("ENCRYPT");
  f.set("h", r->conn->h).set_hex("ltk", ltk);
  r->air->send(f);
}

// Both feature sets known: choose the method and do this side's part of it.
void method_chosen(Device& d) {
  Pairing& p = *radio(d)->pairing;
  const smp::Features& init = p.initiator ? p.ours : p.theirs;
  const smp::Features& resp = p.initiator ? p.theirs : p.ours;
  p.features_done = true;
  p.method = smp::pairing_method(init, resp);
  if (smp::agreed_key_size(init, resp) < 7) return fail(d, smp::FailReason::encryption_key_size);
  if (p.method == Method::just_works) return encrypt(d);
  if (p.method == Method::numeric_comparison) {
    // The central draws the number; both sides show it and ask their user.
    if (p.initiator) {
      p.shown = static_cast<std::uint32_t>(d.random() % 1000000);
      send_smp(d, smp::SimPasskey{*p.shown});
      d.info("+BLESECNTFYKEY:0," + std::to_string(*p.shown));
    }
    return;
  }
  if (displays(p)) {
    p.shown = static_cast<std::uint32_t>(d.random() % 1000000);
    send_smp(d, smp::SimPasskey{*p.shown});  // sim-only: what the display shows, in the clear
    d.info("+BLESECNTFYKEY:0," + std::to_string(*p.shown));
  }
  if (inputs(p)) d.info("+BLESECKEYREQ:0");
}

// Passkey entry: the displaying side compares; with both inputting, the central compares.
void check_entry(Device& d) {
  Pairing& p = *radio(d)->pairing;
  if (p.method == Method::passkey_both_input) {
    if (!p.initiator || !p.entered || !p.peer_entered) return;
    if (*p.entered != *p.peer_entered) return fail(d, smp::FailReason::passkey_entry_failed);
    return encrypt(d);
  }
  if (!displays(p) || !p.shown || !p.peer_entered) return;
  const bool right = *p.peer_entered == *p.shown;
  if (!right) return fail(d, smp::FailReason::passkey_entry_failed);
  if (p.initiator) return encrypt(d);
  send_smp(d, smp::SimConfirm{true});  // tell the central to go on
}

void check_comparison(Device& d) {
  Pairing& p = *radio(d)->pairing;
  if (p.confirmed == false) return fail(d, smp::FailReason::numeric_comparison_failed);
  if (p.initiator && p.confirmed == true && p.peer_confirmed == true) encrypt(d);
}

}  // namespace

smp::Features our_features(Device& d) {
  const SecParams& s = ble(d).sec;
  static const std::uint8_t kAuth[] = {0x00, 0x01, 0x04, 0,
                                       0x08, 0x09, 0x0C, 0x0D};  // by the document's value
  smp::Features f;
  f.io = static_cast<smp::IoCap>(s.iocap);
  f.auth_req = kAuth[s.auth_req];
  f.max_key_size = static_cast<std::uint8_t>(std::clamp<std::int64_t>(s.key_size, 7, 16));
  f.init_key_dist = static_cast<std::uint8_t>(s.init_key);
  f.resp_key_dist = static_cast<std::uint8_t>(s.rsp_key);
  return f;
}

void start_security(Device& d, std::int64_t sec_act) {
  Radio* r = radio(d);
  if (!r || !r->conn) return;
  // A bonded peer: encryption with the stored key, no pairing.
  if (r->conn->central) {
    if (auto b = bond_of(d, r->conn->peer); b && r->air) {
      Pairing& p = start_pairing(d, true);
      p.ltk = b->ltk;
      air::Frame f("ENCRYPT");
      f.set("h", r->conn->h).set_hex("ltk", b->ltk);
      r->air->send(f);
      return;
    }
    Pairing& p = start_pairing(d, true);
    if (sec_act == 3) p.ours.auth_req |= smp::auth::mitm;  // ESP_BLE_SEC_ENCRYPT_MITM
    send_smp(d, smp::PairingRequest{p.ours});
    return;
  }
  // As peripheral, ask the central (Core Vol 3 Part H 3.6.7).
  smp::Features f = our_features(d);
  if (sec_act == 3) f.auth_req |= smp::auth::mitm;
  send_smp(d, smp::SecurityRequest{f.auth_req});
}

void accept_pairing(Device& d, bool accept) {
  Radio* r = radio(d);
  if (!r || !r->pairing || !r->pairing->awaiting_accept) return;
  Pairing& p = *r->pairing;
  p.awaiting_accept = false;
  if (!accept && !d.has(Defect::encrsp_reject_ignored))
    return fail(d, smp::FailReason::pairing_not_supported);
  if (p.initiator) {  // the peer's Security Request: now we request
    send_smp(d, smp::PairingRequest{p.ours});
    return;
  }
  send_smp(d, smp::PairingResponse{p.ours});
  method_chosen(d);
}

void reply_key(Device& d, std::uint32_t key) {
  Radio* r = radio(d);
  if (!r || !r->pairing || !inputs(*r->pairing)) return;
  Pairing& p = *r->pairing;
  p.entered = key;
  // The planted firmware sends the key the peer showed (SMP-lite carries it) whatever was
  // typed, waiting for it when it has not come yet, so it pairs with any key.
  if (d.has(Defect::keyreply_any_key)) {
    if (!p.shown) {
      p.entry_deferred = true;
      return;
    }
    key = *p.shown;
  }
  send_smp(d, smp::SimKeyEntry{key});
  check_entry(d);
}

void reply_confirm(Device& d, bool yes) {
  Radio* r = radio(d);
  if (!r || !r->pairing || r->pairing->method != Method::numeric_comparison) return;
  Pairing& p = *r->pairing;
  p.confirmed = yes || d.has(Defect::confreply_ignored);
  send_smp(d, smp::SimConfirm{*p.confirmed});
  check_comparison(d);
}

bool pairing_waits_for_key(Device& d) {
  Radio* r = radio(d);
  return r && r->pairing && r->pairing->features_done && inputs(*r->pairing) &&
         !r->pairing->entered;
}
bool pairing_waits_for_confirm(Device& d) {
  Radio* r = radio(d);
  return r && r->pairing && r->pairing->method == Method::numeric_comparison &&
         !r->pairing->confirmed;
}
bool pairing_waits_for_accept(Device& d) {
  Radio* r = radio(d);
  return r && r->pairing && r->pairing->awaiting_accept;
}

void on_smp(Device& d, const Bytes& bytes) {
  Radio* r = radio(d);
  if (!r || !r->conn) return;
  auto decoded = smp::decode(bytes);
  if (auto* e = std::get_if<smp::DecodeError>(&decoded)) {
    std::fprintf(stderr, "atsim: SMP PDU %s: offset %zu: %s\n", hex(bytes).c_str(), e->offset,
                 e->why.c_str());
    if (r->pairing) fail(d, smp::FailReason::invalid_parameters);
    return;
  }
  const smp::Pdu& pdu = std::get<smp::Pdu>(decoded);
  if (auto* req = std::get_if<smp::PairingRequest>(&pdu)) {
    if (r->conn->central)
      return send_smp(d, smp::PairingFailed{smp::FailReason::command_not_supported});
    Pairing& p = start_pairing(d, false);
    p.theirs = req->f;
    p.awaiting_accept = true;
    d.info("+BLESECREQ:0");  // the application decides: AT+BLEENCRSP
    return;
  }
  if (auto* sec = std::get_if<smp::SecurityRequest>(&pdu)) {
    if (!r->conn->central || r->pairing) return;
    Pairing& p = start_pairing(d, true);
    p.from_security_request = true;
    p.ours.auth_req |= sec->auth_req & smp::auth::mitm;
    p.awaiting_accept = true;
    d.info("+BLESECREQ:0");
    return;
  }
  if (!r->pairing) return;  // stray: no pairing going on
  Pairing& p = *r->pairing;
  if (auto* rsp = std::get_if<smp::PairingResponse>(&pdu)) {
    if (!p.initiator || p.features_done) return fail(d, smp::FailReason::unspecified_reason);
    p.theirs = rsp->f;
    return method_chosen(d);
  }
  if (std::get_if<smp::PairingFailed>(&pdu)) return finish(d, false);
  if (auto* k = std::get_if<smp::SimPasskey>(&pdu)) {
    p.shown = k->value;  // the number on the peer's display
    if (p.method == Method::numeric_comparison) {
      d.info("+BLESECNTFYKEY:0," + std::to_string(k->value));
      return check_comparison(d);
    }
    if (p.entry_deferred) {  // keyreply-any-key
      p.entry_deferred = false;
      send_smp(d, smp::SimKeyEntry{*p.shown});
      return check_entry(d);
    }
    return;
  }
  if (auto* e = std::get_if<smp::SimKeyEntry>(&pdu)) {
    p.peer_entered = e->value;
    return check_entry(d);
  }
  if (auto* c = std::get_if<smp::SimConfirm>(&pdu)) {
    if (p.method == Method::numeric_comparison) {
      p.peer_confirmed = c->yes;
      if (!c->yes) return finish(d, false);
      return check_comparison(d);
    }
    if (p.initiator && c->yes) encrypt(d);  // the peripheral checked our passkey
  }
}

void on_encryption(Device& d, const air::Frame& f) {
  Radio* r = radio(d);
  if (!r || !r->conn) return;
  if (f.verb == "ENC_REQUEST") {
    // The peripheral: a key from the pairing going on, or a bond with this central.
    const Bytes ltk = f.bytes("ltk");
    bool ok = r->pairing && r->pairing->features_done && !r->pairing->initiator;
    if (r->pairing) r->pairing->ltk = ltk;
    if (!ok) {
      auto b = bond_of(d, r->conn->peer);
      ok = b && b->ltk == ltk;
      if (ok && !r->pairing) start_pairing(d, false).ltk = ltk;
    }
    air::Frame reply("ENC_REPLY");
    reply.set("h", r->conn->h).set("ok", ok ? 1 : 0);
    if (r->air) r->air->send(reply);
    return;
  }
  // ENCRYPTED: both sides.
  const bool ok = f.integer("ok", 0, 1) == 1;
  if (!r->pairing) return;
  Pairing p = *r->pairing;
  if (ok) {
    LinkSecurity& s = r->conn->att->security;
    s.encrypted = true;
    s.authenticated = p.features_done && p.method != Method::just_works;
    s.key_size = 16;
    const bool bonding = p.features_done ? (p.ours.auth_req & smp::auth::bond) &&
                                               (p.theirs.auth_req & smp::auth::bond)
                                         : true;  // a bond's key
    if (bonding || d.has(Defect::encdev_lists_unbonded)) {
      add_bond(d, Bond{r->conn->peer, p.ltk});
      s.bonded = true;
    }
  }
  finish(d, ok);
}

}  // namespace atsim::bt
