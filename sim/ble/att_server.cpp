#include "sim/ble/att_server.hpp"

#include <algorithm>
#include <memory>

namespace atsim::ble {

using namespace att;

Bytes error_rsp(Op request, std::uint16_t handle, Error code) {
  return encode(ErrorRsp{request, handle, code});
}

namespace {

bool is_declaration(const Attribute& a) {
  for (auto t :
       {uuids::primary_service, uuids::secondary_service, uuids::include, uuids::characteristic}) {
    if (a.type == Uuid::from16(t)) return true;
  }
  return false;
}
bool is_cccd(const Attribute& a) {
  return a.type == Uuid::from16(uuids::cccd);
}

// Core Vol 3 Part C 10.3: without keys the answer is Insufficient Authentication; with keys
// but no encryption yet, Insufficient Encryption.
Error security_error(const AttLink& link, bool need_enc, bool need_mitm) {
  const LinkSecurity& s = link.security;
  if ((need_enc || need_mitm) && !s.encrypted) {
    return s.bonded ? Error::insufficient_encryption : Error::insufficient_authentication;
  }
  if (need_mitm && !s.authenticated) return Error::insufficient_authentication;
  return Error::none;
}

}  // namespace

const Attribute* AttServer::visible(std::uint16_t handle) const {
  const Attribute* a = db_.find(handle);
  return a && !a->hidden ? a : nullptr;
}

Error AttServer::read_check(const AttLink& link, const Attribute& a) const {
  if (is_declaration(a)) return Error::none;
  if (!(a.perm & (perm::read | perm::read_encrypted | perm::read_mitm)))
    return Error::read_not_permitted;
  return security_error(link, a.perm & perm::read_encrypted, a.perm & perm::read_mitm);
}

Error AttServer::write_check(const AttLink& link, const Attribute& a, std::size_t len) const {
  if (is_declaration(a)) return Error::write_not_permitted;
  if (!(a.perm & (perm::write | perm::write_encrypted | perm::write_mitm)))
    return Error::write_not_permitted;
  if (Error e = security_error(link, a.perm & perm::write_encrypted, a.perm & perm::write_mitm);
      e != Error::none) {
    return e;
  }
  const bool bad_cccd = lenient_cccd_ ? (len < 1 || len > 2) : len != 2;
  if (is_cccd(a) ? bad_cccd : len > a.max_len) return Error::invalid_attribute_value_length;
  return Error::none;
}

bool AttServer::subscribed(const AttLink& link, std::uint16_t value_handle, bool indication) const {
  auto cccd = db_.cccd_of(value_handle);
  if (!cccd) return false;
  auto it = link.cccd.find(*cccd);
  return it != link.cccd.end() && (it->second & (indication ? 0x0002 : 0x0001));
}

Bytes AttServer::notification(const AttLink& link, std::uint16_t handle,
                              std::span<const std::uint8_t> value) {
  const std::size_t n = std::min<std::size_t>(value.size(), link.mtu - 3u);
  return encode(
      Notification{handle, Bytes(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(n))});
}

Bytes AttServer::indication(const AttLink& link, std::uint16_t handle,
                            std::span<const std::uint8_t> value) {
  const std::size_t n = std::min<std::size_t>(value.size(), link.mtu - 3u);
  return encode(
      Indication{handle, Bytes(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(n))});
}

void AttServer::read_value(AttLink& link, const Attribute& a, std::uint16_t offset, Op op,
                           Respond respond) {
  const std::uint16_t handle = a.handle;
  const std::size_t room = link.mtu - 1u;
  auto finish = [this, handle, offset, op, room, respond](Error e, Bytes value) {
    if (e != Error::none) return respond(error_rsp(op, handle, e));
    if (op == Op::read_blob_req) {
      // The application (hook) was given the offset and answers from there; the stored value
      // is cut here. An offset past the end is an error, at the end an empty answer.
      value.resize(std::min(value.size(), room));
      if (hooks_.was_read) hooks_.was_read(handle);
      return respond(encode(ReadBlobRsp{std::move(value)}));
    }
    value.resize(std::min(value.size(), room));
    if (hooks_.was_read) hooks_.was_read(handle);
    respond(encode(ReadRsp{std::move(value)}));
  };
  if (is_cccd(a)) {
    auto it = link.cccd.find(handle);
    const std::uint16_t v = it == link.cccd.end() ? 0 : it->second;
    Bytes b;
    put_u16(b, v);
    if (offset > b.size()) return respond(error_rsp(op, handle, Error::invalid_offset));
    return finish(Error::none, Bytes(b.begin() + offset, b.end()));
  }
  if (hooks_.read && !is_declaration(a)) {
    return hooks_.read(handle, offset, [finish](Error e, Bytes v) { finish(e, std::move(v)); });
  }
  if (offset > a.value.size()) return respond(error_rsp(op, handle, Error::invalid_offset));
  finish(Error::none, Bytes(a.value.begin() + offset, a.value.end()));
}

void AttServer::write_value(const std::shared_ptr<AttLink>& link, const Attribute& a, Bytes value,
                            bool command, Respond respond) {
  const std::uint16_t handle = a.handle;
  const bool cccd = is_cccd(a);
  auto apply = [this, weak = std::weak_ptr<AttLink>(link), handle, cccd, command, respond,
                value](Error e) {
    if (e == Error::none) {
      if (cccd) {
        if (auto l = weak.lock())
          l->cccd[handle] = static_cast<std::uint16_t>(value[0] | value[1] << 8);
      } else if (Attribute* target = db_.find(handle)) {
        target->value = value;
      }
    }
    if (command) return;
    respond(e == Error::none ? encode(WriteRsp{}) : error_rsp(Op::write_req, handle, e));
  };
  if (hooks_.write) return hooks_.write(handle, value, command, apply);
  apply(Error::none);
}

void AttServer::handle(const std::shared_ptr<AttLink>& shared, std::span<const std::uint8_t> bytes,
                       Respond respond) {
  AttLink& link = *shared;
  auto decoded = decode(bytes);
  if (auto* bad = std::get_if<DecodeError>(&decoded)) {
    // Vol 3 Part F 3.4.1.1: a malformed request is Invalid PDU; an unknown one is Request Not
    // Supported; commands are dropped silently.
    if (!bytes.empty() && is_request(bytes[0])) {
      const bool known = bad->why != "unknown ATT opcode";
      respond(error_rsp(static_cast<Op>(bytes[0]), 0,
                        known ? Error::invalid_pdu : Error::request_not_supported));
    }
    return;
  }
  Pdu& pdu = std::get<Pdu>(decoded);
  const Op op = opcode_of(pdu);
  auto bad_range = [](std::uint16_t s, std::uint16_t e) { return s == 0 || s > e; };

  if (auto* p = std::get_if<ExchangeMtuReq>(&pdu)) {
    link.mtu = std::max<std::uint16_t>(kDefaultMtu, std::min(p->mtu, rx_mtu_));
    return respond(encode(ExchangeMtuRsp{rx_mtu_}));
  }
  if (auto* p = std::get_if<FindInfoReq>(&pdu)) {
    if (bad_range(p->start, p->end)) return respond(error_rsp(op, p->start, Error::invalid_handle));
    FindInfoRsp rsp;
    std::size_t used = 2;
    std::optional<bool> short_form;
    for (std::uint32_t h = p->start; h <= p->end && h <= db_.last_handle(); ++h) {
      const Attribute* a = visible(static_cast<std::uint16_t>(h));
      if (!a) continue;
      const bool s = a->type.short16().has_value();
      if (short_form && *short_form != s) break;
      const std::size_t size = 2 + (s ? 2 : 16);
      if (used + size > link.mtu) break;
      short_form = s;
      used += size;
      rsp.entries.emplace_back(a->handle, a->type);
    }
    if (rsp.entries.empty()) return respond(error_rsp(op, p->start, Error::attribute_not_found));
    return respond(encode(rsp));
  }
  if (auto* p = std::get_if<FindByTypeValueReq>(&pdu)) {
    if (bad_range(p->start, p->end)) return respond(error_rsp(op, p->start, Error::invalid_handle));
    FindByTypeValueRsp rsp;
    const auto services = db_.services();
    for (std::uint32_t h = p->start; h <= p->end && h <= db_.last_handle(); ++h) {
      const Attribute* a = visible(static_cast<std::uint16_t>(h));
      if (!a || a->type != Uuid::from16(p->type) || a->value != p->value) continue;
      if (1 + 4 * (rsp.ranges.size() + 1) > link.mtu) break;
      std::uint16_t end = a->handle;
      for (const auto& s : services) {
        if (s.start == a->handle) end = s.end;
      }
      rsp.ranges.emplace_back(a->handle, end);
    }
    if (rsp.ranges.empty()) return respond(error_rsp(op, p->start, Error::attribute_not_found));
    return respond(encode(rsp));
  }
  if (auto* p = std::get_if<ReadByTypeReq>(&pdu)) {
    if (bad_range(p->start, p->end)) return respond(error_rsp(op, p->start, Error::invalid_handle));
    ReadByTypeRsp rsp;
    const std::size_t cap = std::min<std::size_t>(link.mtu - 4u, 253);
    std::size_t used = 2;
    for (std::uint32_t h = p->start; h <= p->end && h <= db_.last_handle(); ++h) {
      const Attribute* a = visible(static_cast<std::uint16_t>(h));
      if (!a || a->type != p->type) continue;
      if (Error e = read_check(link, *a); e != Error::none) {
        if (rsp.items.empty()) return respond(error_rsp(op, a->handle, e));
        break;
      }
      const bool dynamic = hooks_.read && !is_declaration(*a) && !is_cccd(*a);
      if (dynamic || is_cccd(*a)) {
        // Values from the application or per link: read alone, as a Read would.
        if (!rsp.items.empty()) break;
        const std::uint16_t handle = a->handle;
        return read_value(link, *a, 0, op, [respond, handle, cap](Bytes r) {
          auto d = decode(r);
          auto* rr = std::get_if<Pdu>(&d);
          if (rr && std::holds_alternative<ReadRsp>(*rr)) {
            Bytes v = std::get<ReadRsp>(*rr).value;
            v.resize(std::min(v.size(), cap));
            return respond(encode(ReadByTypeRsp{{{handle, std::move(v)}}}));
          }
          if (rr && std::holds_alternative<ErrorRsp>(*rr)) {
            return respond(error_rsp(Op::read_by_type_req, handle, std::get<ErrorRsp>(*rr).code));
          }
          respond(std::move(r));
        });
      }
      Bytes v(a->value.begin(),
              a->value.begin() + static_cast<std::ptrdiff_t>(std::min(a->value.size(), cap)));
      if (!rsp.items.empty() && v.size() != rsp.items.front().second.size()) break;
      if (used + 2 + v.size() > link.mtu) break;
      used += 2 + v.size();
      rsp.items.emplace_back(a->handle, std::move(v));
    }
    if (rsp.items.empty()) return respond(error_rsp(op, p->start, Error::attribute_not_found));
    return respond(encode(rsp));
  }
  if (auto* p = std::get_if<ReadReq>(&pdu)) {
    const Attribute* a = visible(p->handle);
    if (!a) return respond(error_rsp(op, p->handle, Error::invalid_handle));
    if (Error e = read_check(link, *a); e != Error::none)
      return respond(error_rsp(op, p->handle, e));
    return read_value(link, *a, 0, op, respond);
  }
  if (auto* p = std::get_if<ReadBlobReq>(&pdu)) {
    const Attribute* a = visible(p->handle);
    if (!a) return respond(error_rsp(op, p->handle, Error::invalid_handle));
    if (Error e = read_check(link, *a); e != Error::none)
      return respond(error_rsp(op, p->handle, e));
    return read_value(link, *a, p->offset, op, respond);
  }
  if (auto* p = std::get_if<ReadByGroupTypeReq>(&pdu)) {
    if (bad_range(p->start, p->end)) return respond(error_rsp(op, p->start, Error::invalid_handle));
    if (p->type != Uuid::from16(uuids::primary_service) &&
        p->type != Uuid::from16(uuids::secondary_service)) {
      return respond(error_rsp(op, p->start, Error::unsupported_group_type));
    }
    ReadByGroupTypeRsp rsp;
    std::size_t used = 2;
    for (const auto& s : db_.services()) {
      if (s.start < p->start || s.start > p->end) continue;
      const Attribute* a = visible(s.start);
      if (!a || a->type != p->type) continue;
      const std::size_t cap = std::min<std::size_t>(link.mtu - 6u, 251);
      Bytes v(a->value.begin(),
              a->value.begin() + static_cast<std::ptrdiff_t>(std::min(a->value.size(), cap)));
      if (!rsp.items.empty() && v.size() != rsp.items.front().value.size()) break;
      if (used + 4 + v.size() > link.mtu) break;
      used += 4 + v.size();
      rsp.items.push_back(GroupItem{s.start, s.end, std::move(v)});
    }
    if (rsp.items.empty()) return respond(error_rsp(op, p->start, Error::attribute_not_found));
    return respond(encode(rsp));
  }
  if (auto* p = std::get_if<WriteReq>(&pdu)) {
    const Attribute* a = visible(p->handle);
    if (!a) return respond(error_rsp(op, p->handle, Error::invalid_handle));
    if (Error e = write_check(link, *a, p->value.size()); e != Error::none) {
      return respond(error_rsp(op, p->handle, e));
    }
    return write_value(shared, *a, std::move(p->value), false, respond);
  }
  if (auto* p = std::get_if<WriteCmd>(&pdu)) {
    const Attribute* a = visible(p->handle);
    if (!a || write_check(link, *a, p->value.size()) != Error::none) return;  // no response, ever
    return write_value(shared, *a, std::move(p->value), true, respond);
  }
  if (std::holds_alternative<Confirmation>(pdu)) {
    if (hooks_.confirmed) hooks_.confirmed();
    return;
  }
  // A response, notification or indication sent to a server: a client PDU arrived here by
  // mistake. Requests were all handled above.
  if (is_request(static_cast<std::uint8_t>(op)))
    respond(error_rsp(op, 0, Error::request_not_supported));
}

}  // namespace atsim::ble
