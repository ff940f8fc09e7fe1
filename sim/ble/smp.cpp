#include "sim/ble/smp.hpp"

namespace atsim::ble::smp {
namespace {

void put_features(Bytes& b, const Features& f) {
  b.push_back(static_cast<std::uint8_t>(f.io));
  b.push_back(f.oob);
  b.push_back(f.auth_req);
  b.push_back(f.max_key_size);
  b.push_back(f.init_key_dist);
  b.push_back(f.resp_key_dist);
}

void put_u32(Bytes& b, std::uint32_t v) {
  put_u16(b, static_cast<std::uint16_t>(v & 0xFFFF));
  put_u16(b, static_cast<std::uint16_t>(v >> 16));
}

}  // namespace

Bytes encode(const Pdu& pdu) {
  Bytes b;
  if (auto* p = std::get_if<PairingRequest>(&pdu)) {
    b.push_back(static_cast<std::uint8_t>(Code::pairing_request));
    put_features(b, p->f);
  } else if (auto* r = std::get_if<PairingResponse>(&pdu)) {
    b.push_back(static_cast<std::uint8_t>(Code::pairing_response));
    put_features(b, r->f);
  } else if (auto* f = std::get_if<PairingFailed>(&pdu)) {
    b = {static_cast<std::uint8_t>(Code::pairing_failed), static_cast<std::uint8_t>(f->reason)};
  } else if (auto* s = std::get_if<SecurityRequest>(&pdu)) {
    b = {static_cast<std::uint8_t>(Code::security_request), s->auth_req};
  } else if (auto* k = std::get_if<SimPasskey>(&pdu)) {
    b.push_back(static_cast<std::uint8_t>(Code::sim_passkey));
    put_u32(b, k->value);
  } else if (auto* e = std::get_if<SimKeyEntry>(&pdu)) {
    b.push_back(static_cast<std::uint8_t>(Code::sim_key_entry));
    put_u32(b, e->value);
  } else if (auto* c = std::get_if<SimConfirm>(&pdu)) {
    b = {static_cast<std::uint8_t>(Code::sim_confirm), static_cast<std::uint8_t>(c->yes ? 1 : 0)};
  }
  return b;
}

std::variant<Pdu, DecodeError> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return DecodeError{0, "empty SMP PDU"};
  Reader r(bytes);
  const auto code = static_cast<Code>(r.u8());
  auto features = [&r] {
    Features f;
    const std::uint8_t io = r.u8();
    if (io > 4) r.fail();
    f.io = static_cast<IoCap>(io);
    f.oob = r.u8();
    f.auth_req = r.u8();
    f.max_key_size = r.u8();
    if (f.max_key_size < 7 || f.max_key_size > 16) r.fail();
    f.init_key_dist = r.u8();
    f.resp_key_dist = r.u8();
    return f;
  };
  Pdu pdu;
  switch (code) {
    case Code::pairing_request:
      pdu = PairingRequest{features()};
      break;
    case Code::pairing_response:
      pdu = PairingResponse{features()};
      break;
    case Code::pairing_failed: {
      const std::uint8_t reason = r.u8();
      if (reason == 0 || reason > 0x0E) r.fail();
      pdu = PairingFailed{static_cast<FailReason>(reason)};
      break;
    }
    case Code::security_request:
      pdu = SecurityRequest{r.u8()};
      break;
    case Code::sim_passkey:
    case Code::sim_key_entry: {
      const std::uint32_t v = r.u32();
      if (v > 999999) r.fail();
      if (code == Code::sim_passkey) {
        pdu = SimPasskey{v};
      } else {
        pdu = SimKeyEntry{v};
      }
      break;
    }
    case Code::sim_confirm: {
      const std::uint8_t yes = r.u8();
      if (yes > 1) r.fail();
      pdu = SimConfirm{yes == 1};
      break;
    }
    default:
      return DecodeError{0, "unknown or unsupported SMP code"};
  }
  if (r.failed()) return DecodeError{r.offset(), "truncated or out-of-range field"};
  if (r.left() != 0) return DecodeError{r.offset(), "trailing bytes"};
  return pdu;
}

bool secure_connections(const Features& i, const Features& r) {
  return (i.auth_req & auth::sc) && (r.auth_req & auth::sc);
}

std::uint8_t agreed_key_size(const Features& i, const Features& r) {
  return std::min(i.max_key_size, r.max_key_size);
}

Method pairing_method(const Features& i, const Features& r) {
  if (!(i.auth_req & auth::mitm) && !(r.auth_req & auth::mitm)) return Method::just_works;
  const bool sc = secure_connections(i, r);
  using enum IoCap;
  constexpr auto JW = Method::just_works, ID = Method::passkey_initiator_displays,
                 RD = Method::passkey_responder_displays, BI = Method::passkey_both_input,
                 NC = Method::numeric_comparison;
  // Rows: initiator; columns: responder (DisplayOnly, DisplayYesNo, KeyboardOnly, NoIO, KbdDisp).
  // Cells that differ under Secure Connections are resolved below.
  static constexpr Method legacy[5][5] = {
      {JW, JW, ID, JW, ID},  // DisplayOnly
      {JW, JW, ID, JW, ID},  // DisplayYesNo
      {RD, RD, BI, JW, RD},  // KeyboardOnly
      {JW, JW, JW, JW, JW},  // NoInputNoOutput
      {RD, RD, ID, JW, ID},  // KeyboardDisplay
  };
  const auto a = static_cast<std::size_t>(i.io), b = static_cast<std::size_t>(r.io);
  if (sc) {
    const bool yes_no_i = i.io == display_yes_no || i.io == keyboard_display;
    const bool yes_no_r = r.io == display_yes_no || r.io == keyboard_display;
    if (yes_no_i && yes_no_r) return NC;
  }
  return legacy[a][b];
}

const char* method_name(Method m) {
  switch (m) {
    case Method::just_works:
      return "just-works";
    case Method::passkey_initiator_displays:
      return "passkey-initiator-displays";
    case Method::passkey_responder_displays:
      return "passkey-responder-displays";
    case Method::passkey_both_input:
      return "passkey-both-input";
    case Method::numeric_comparison:
      return "numeric-comparison";
  }
  return "?";
}

}  // namespace atsim::ble::smp
