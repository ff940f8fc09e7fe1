#include "sim/ble/att.hpp"

#include <stdexcept>

namespace atsim::ble::att {
namespace {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

Bytes head(Op op) {
  return Bytes{static_cast<std::uint8_t>(op)};
}

void put_range(Bytes& b, std::uint16_t start, std::uint16_t end) {
  put_u16(b, start);
  put_u16(b, end);
}

// A list response whose entries must share one length (the first byte says it).
template <class Item, class Size, class Put>
Bytes list_rsp(Op op, const std::vector<Item>& items, Size size, Put put_item) {
  Bytes b = head(op);
  if (items.empty()) throw std::invalid_argument("ATT list response with no entries");
  const std::size_t len = size(items.front());
  if (len > 255) throw std::invalid_argument("ATT list entry longer than 255 bytes");
  b.push_back(static_cast<std::uint8_t>(len));
  for (const auto& item : items) {
    if (size(item) != len) throw std::invalid_argument("ATT list entries of unequal length");
    put_item(b, item);
  }
  return b;
}

}  // namespace

Op opcode_of(const Pdu& pdu) {
  return std::visit(Overload{[](const ErrorRsp&) { return Op::error_rsp; },
                             [](const ExchangeMtuReq&) { return Op::exchange_mtu_req; },
                             [](const ExchangeMtuRsp&) { return Op::exchange_mtu_rsp; },
                             [](const FindInfoReq&) { return Op::find_info_req; },
                             [](const FindInfoRsp&) { return Op::find_info_rsp; },
                             [](const FindByTypeValueReq&) { return Op::find_by_type_value_req; },
                             [](const FindByTypeValueRsp&) { return Op::find_by_type_value_rsp; },
                             [](const ReadByTypeReq&) { return Op::read_by_type_req; },
                             [](const ReadByTypeRsp&) { return Op::read_by_type_rsp; },
                             [](const ReadReq&) { return Op::read_req; },
                             [](const ReadRsp&) { return Op::read_rsp; },
                             [](const ReadBlobReq&) { return Op::read_blob_req; },
                             [](const ReadBlobRsp&) { return Op::read_blob_rsp; },
                             [](const ReadByGroupTypeReq&) { return Op::read_by_group_type_req; },
                             [](const ReadByGroupTypeRsp&) { return Op::read_by_group_type_rsp; },
                             [](const WriteReq&) { return Op::write_req; },
                             [](const WriteRsp&) { return Op::write_rsp; },
                             [](const WriteCmd&) { return Op::write_cmd; },
                             [](const Notification&) { return Op::handle_value_ntf; },
                             [](const Indication&) { return Op::handle_value_ind; },
                             [](const Confirmation&) { return Op::handle_value_cfm; }},
                    pdu);
}

Bytes encode(const Pdu& pdu) {
  Bytes b = head(opcode_of(pdu));
  std::visit(Overload{
                 [&](const ErrorRsp& p) {
                   b.push_back(static_cast<std::uint8_t>(p.request));
                   put_u16(b, p.handle);
                   b.push_back(static_cast<std::uint8_t>(p.code));
                 },
                 [&](const ExchangeMtuReq& p) { put_u16(b, p.mtu); },
                 [&](const ExchangeMtuRsp& p) { put_u16(b, p.mtu); },
                 [&](const FindInfoReq& p) { put_range(b, p.start, p.end); },
                 [&](const FindInfoRsp& p) {
                   if (p.entries.empty())
                     throw std::invalid_argument("Find Information Response with no entries");
                   const bool short_form = p.entries.front().second.short16().has_value();
                   b.push_back(short_form ? 0x01 : 0x02);
                   for (const auto& [h, u] : p.entries) {
                     if (u.short16().has_value() != short_form) {
                       throw std::invalid_argument("Find Information Response mixes UUID sizes");
                     }
                     put_u16(b, h);
                     put(b, u.le_bytes());
                   }
                 },
                 [&](const FindByTypeValueReq& p) {
                   put_range(b, p.start, p.end);
                   put_u16(b, p.type);
                   put(b, p.value);
                 },
                 [&](const FindByTypeValueRsp& p) {
                   for (const auto& [s, e] : p.ranges) put_range(b, s, e);
                 },
                 [&](const ReadByTypeReq& p) {
                   put_range(b, p.start, p.end);
                   put(b, p.type.le_bytes());
                 },
                 [&](const ReadByTypeRsp& p) {
                   b = list_rsp(
                       Op::read_by_type_rsp, p.items,
                       [](const auto& i) { return 2 + i.second.size(); },
                       [](Bytes& out, const auto& i) {
                         put_u16(out, i.first);
                         put(out, i.second);
                       });
                 },
                 [&](const ReadReq& p) { put_u16(b, p.handle); },
                 [&](const ReadRsp& p) { put(b, p.value); },
                 [&](const ReadBlobReq& p) {
                   put_u16(b, p.handle);
                   put_u16(b, p.offset);
                 },
                 [&](const ReadBlobRsp& p) { put(b, p.value); },
                 [&](const ReadByGroupTypeReq& p) {
                   put_range(b, p.start, p.end);
                   put(b, p.type.le_bytes());
                 },
                 [&](const ReadByGroupTypeRsp& p) {
                   b = list_rsp(
                       Op::read_by_group_type_rsp, p.items,
                       [](const GroupItem& i) { return 4 + i.value.size(); },
                       [](Bytes& out, const GroupItem& i) {
                         put_range(out, i.start, i.end);
                         put(out, i.value);
                       });
                 },
                 [&](const WriteReq& p) {
                   put_u16(b, p.handle);
                   put(b, p.value);
                 },
                 [&](const WriteRsp&) {},
                 [&](const WriteCmd& p) {
                   put_u16(b, p.handle);
                   put(b, p.value);
                 },
                 [&](const Notification& p) {
                   put_u16(b, p.handle);
                   put(b, p.value);
                 },
                 [&](const Indication& p) {
                   put_u16(b, p.handle);
                   put(b, p.value);
                 },
                 [&](const Confirmation&) {},
             },
             pdu);
  return b;
}

namespace {

std::variant<Pdu, DecodeError> fail(const Reader& r, std::uint8_t op, std::string why) {
  return DecodeError{r.offset(), std::move(why), op};
}

std::optional<Uuid> uuid_rest(Reader& r) {
  const Bytes b = r.rest();
  auto u = Uuid::from_le(b);
  if (!u) r.fail();
  return u;
}

}  // namespace

std::variant<Pdu, DecodeError> decode(std::span<const std::uint8_t> bytes) {
  Reader r(bytes);
  if (bytes.empty()) return DecodeError{0, "empty ATT PDU", 0};
  const std::uint8_t op = r.u8();
  auto done = [&](Pdu p) -> std::variant<Pdu, DecodeError> {
    if (r.failed()) return fail(r, op, "truncated or malformed PDU");
    if (r.left() != 0) return DecodeError{r.offset(), "trailing bytes", op};
    return p;
  };
  switch (static_cast<Op>(op)) {
    case Op::error_rsp: {
      ErrorRsp p{static_cast<Op>(r.u8()), r.u16(), Error::none};
      p.code = static_cast<Error>(r.u8());
      return done(p);
    }
    case Op::exchange_mtu_req:
      return done(ExchangeMtuReq{r.u16()});
    case Op::exchange_mtu_rsp:
      return done(ExchangeMtuRsp{r.u16()});
    case Op::find_info_req: {
      FindInfoReq p{r.u16(), 0};
      p.end = r.u16();
      return done(p);
    }
    case Op::find_info_rsp: {
      const std::uint8_t format = r.u8();
      if (format != 1 && format != 2) {
        r.fail();
        return fail(r, op, "Find Information format must be 1 or 2");
      }
      const std::size_t size = format == 1 ? 2 : 16;
      FindInfoRsp p;
      if (r.left() == 0 || r.left() % (2 + size) != 0) {
        r.fail();
        return fail(r, op, "Find Information entries do not fit the format");
      }
      while (r.left() > 0) {
        const std::uint16_t h = r.u16();
        p.entries.emplace_back(h, *Uuid::from_le(r.take(size)));
      }
      return done(p);
    }
    case Op::find_by_type_value_req: {
      FindByTypeValueReq p{r.u16(), 0, 0, {}};
      p.end = r.u16();
      p.type = r.u16();
      p.value = r.rest();
      return done(p);
    }
    case Op::find_by_type_value_rsp: {
      FindByTypeValueRsp p;
      if (r.left() == 0 || r.left() % 4 != 0) {
        r.fail();
        return fail(r, op, "handle ranges must be 4 bytes each");
      }
      while (r.left() > 0) {
        const std::uint16_t s = r.u16();
        p.ranges.emplace_back(s, r.u16());
      }
      return done(p);
    }
    case Op::read_by_type_req:
    case Op::read_by_group_type_req: {
      const std::uint16_t s = r.u16(), e = r.u16();
      auto u = uuid_rest(r);
      if (!u) return fail(r, op, "the attribute type must be a 2- or 16-byte UUID");
      if (static_cast<Op>(op) == Op::read_by_type_req) return done(ReadByTypeReq{s, e, *u});
      return done(ReadByGroupTypeReq{s, e, *u});
    }
    case Op::read_by_type_rsp: {
      const std::size_t len = r.u8();
      ReadByTypeRsp p;
      if (len < 2 || r.left() == 0 || r.left() % len != 0) {
        r.fail();
        return fail(r, op, "entries do not fit the length byte");
      }
      while (r.left() > 0) {
        const std::uint16_t h = r.u16();
        p.items.emplace_back(h, r.take(len - 2));
      }
      return done(p);
    }
    case Op::read_req:
      return done(ReadReq{r.u16()});
    case Op::read_rsp:
      return done(ReadRsp{r.rest()});
    case Op::read_blob_req: {
      ReadBlobReq p{r.u16(), 0};
      p.offset = r.u16();
      return done(p);
    }
    case Op::read_blob_rsp:
      return done(ReadBlobRsp{r.rest()});
    case Op::read_by_group_type_rsp: {
      const std::size_t len = r.u8();
      ReadByGroupTypeRsp p;
      if (len < 4 || r.left() == 0 || r.left() % len != 0) {
        r.fail();
        return fail(r, op, "entries do not fit the length byte");
      }
      while (r.left() > 0) {
        GroupItem i{r.u16(), 0, {}};
        i.end = r.u16();
        i.value = r.take(len - 4);
        p.items.push_back(std::move(i));
      }
      return done(p);
    }
    case Op::write_req: {
      WriteReq p{r.u16(), {}};
      p.value = r.rest();
      return done(p);
    }
    case Op::write_rsp:
      return done(WriteRsp{});
    case Op::write_cmd: {
      WriteCmd p{r.u16(), {}};
      p.value = r.rest();
      return done(p);
    }
    case Op::handle_value_ntf: {
      Notification p{r.u16(), {}};
      p.value = r.rest();
      return done(p);
    }
    case Op::handle_value_ind: {
      Indication p{r.u16(), {}};
      p.value = r.rest();
      return done(p);
    }
    case Op::handle_value_cfm:
      return done(Confirmation{});
  }
  return DecodeError{0, "unknown ATT opcode", op};
}

bool is_request(std::uint8_t opcode) {
  if (opcode & 0x40) return false;  // commands
  switch (static_cast<Op>(opcode)) {
    case Op::error_rsp:
    case Op::exchange_mtu_rsp:
    case Op::find_info_rsp:
    case Op::find_by_type_value_rsp:
    case Op::read_by_type_rsp:
    case Op::read_rsp:
    case Op::read_blob_rsp:
    case Op::read_by_group_type_rsp:
    case Op::write_rsp:
    case Op::handle_value_ntf:
    case Op::handle_value_ind:
    case Op::handle_value_cfm:
      return false;
    default:
      return true;  // unknown opcodes without the command bit are requests (Vol 3 Part F 3.4.9)
  }
}

const char* error_name(Error e) {
  switch (e) {
    case Error::none:
      return "success";
    case Error::invalid_handle:
      return "Invalid Handle";
    case Error::read_not_permitted:
      return "Read Not Permitted";
    case Error::write_not_permitted:
      return "Write Not Permitted";
    case Error::invalid_pdu:
      return "Invalid PDU";
    case Error::insufficient_authentication:
      return "Insufficient Authentication";
    case Error::request_not_supported:
      return "Request Not Supported";
    case Error::invalid_offset:
      return "Invalid Offset";
    case Error::insufficient_authorization:
      return "Insufficient Authorization";
    case Error::prepare_queue_full:
      return "Prepare Queue Full";
    case Error::attribute_not_found:
      return "Attribute Not Found";
    case Error::attribute_not_long:
      return "Attribute Not Long";
    case Error::insufficient_key_size:
      return "Insufficient Encryption Key Size";
    case Error::invalid_attribute_value_length:
      return "Invalid Attribute Value Length";
    case Error::unlikely_error:
      return "Unlikely Error";
    case Error::insufficient_encryption:
      return "Insufficient Encryption";
    case Error::unsupported_group_type:
      return "Unsupported Group Type";
    case Error::insufficient_resources:
      return "Insufficient Resources";
  }
  return "application error";
}

}  // namespace atsim::ble::att
