#pragma once
// ATT PDUs (Core Vol 3 Part F 3.4): the subset GATT needs, as structs with an exact encoder and
// a decoder that names the byte offset of what it cannot read. Carried for real on the
// simulated air, so atsim and atsim-bluez talk the protocol a board and BlueZ talk.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/ble/bytes.hpp"
#include "sim/ble/uuid.hpp"

namespace atsim::ble::att {

inline constexpr std::uint16_t kDefaultMtu = 23;  // LE minimum ATT_MTU
inline constexpr std::uint16_t kMaxMtu = 517;
inline constexpr std::size_t kMaxValue = 512;  // Vol 3 Part F 3.2.9

enum class Op : std::uint8_t {
  error_rsp = 0x01,
  exchange_mtu_req = 0x02,
  exchange_mtu_rsp = 0x03,
  find_info_req = 0x04,
  find_info_rsp = 0x05,
  find_by_type_value_req = 0x06,
  find_by_type_value_rsp = 0x07,
  read_by_type_req = 0x08,
  read_by_type_rsp = 0x09,
  read_req = 0x0A,
  read_rsp = 0x0B,
  read_blob_req = 0x0C,
  read_blob_rsp = 0x0D,
  read_by_group_type_req = 0x10,
  read_by_group_type_rsp = 0x11,
  write_req = 0x12,
  write_rsp = 0x13,
  handle_value_ntf = 0x1B,
  handle_value_ind = 0x1D,
  handle_value_cfm = 0x1E,
  write_cmd = 0x52,
};

// Vol 3 Part F 3.4.1.1. `none` is not on the air: it is the success value of a Status.
enum class Error : std::uint8_t {
  none = 0x00,
  invalid_handle = 0x01,
  read_not_permitted = 0x02,
  write_not_permitted = 0x03,
  invalid_pdu = 0x04,
  insufficient_authentication = 0x05,
  request_not_supported = 0x06,
  invalid_offset = 0x07,
  insufficient_authorization = 0x08,
  prepare_queue_full = 0x09,
  attribute_not_found = 0x0A,
  attribute_not_long = 0x0B,
  insufficient_key_size = 0x0C,
  invalid_attribute_value_length = 0x0D,
  unlikely_error = 0x0E,
  insufficient_encryption = 0x0F,
  unsupported_group_type = 0x10,
  insufficient_resources = 0x11,
};

struct ErrorRsp {
  Op request;
  std::uint16_t handle;
  Error code;
};
struct ExchangeMtuReq {
  std::uint16_t mtu;
};
struct ExchangeMtuRsp {
  std::uint16_t mtu;
};
struct FindInfoReq {
  std::uint16_t start, end;
};
struct FindInfoRsp {
  // Every entry has the same UUID size (format 1: 16-bit, 2: 128-bit); the encoder checks.
  std::vector<std::pair<std::uint16_t, Uuid>> entries;
};
struct FindByTypeValueReq {
  std::uint16_t start, end, type;
  Bytes value;
};
struct FindByTypeValueRsp {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ranges;  // found, group end
};
struct ReadByTypeReq {
  std::uint16_t start, end;
  Uuid type;
};
struct ReadByTypeRsp {
  std::vector<std::pair<std::uint16_t, Bytes>> items;  // values of equal length
};
struct ReadReq {
  std::uint16_t handle;
};
struct ReadRsp {
  Bytes value;
};
struct ReadBlobReq {
  std::uint16_t handle, offset;
};
struct ReadBlobRsp {
  Bytes value;
};
struct ReadByGroupTypeReq {
  std::uint16_t start, end;
  Uuid type;
};
struct GroupItem {
  std::uint16_t start, end;
  Bytes value;
};
struct ReadByGroupTypeRsp {
  std::vector<GroupItem> items;  // values of equal length
};
struct WriteReq {
  std::uint16_t handle;
  Bytes value;
};
struct WriteRsp {};
struct WriteCmd {
  std::uint16_t handle;
  Bytes value;
};
struct Notification {
  std::uint16_t handle;
  Bytes value;
};
struct Indication {
  std::uint16_t handle;
  Bytes value;
};
struct Confirmation {};

using Pdu =
    std::variant<ErrorRsp, ExchangeMtuReq, ExchangeMtuRsp, FindInfoReq, FindInfoRsp,
                 FindByTypeValueReq, FindByTypeValueRsp, ReadByTypeReq, ReadByTypeRsp, ReadReq,
                 ReadRsp, ReadBlobReq, ReadBlobRsp, ReadByGroupTypeReq, ReadByGroupTypeRsp,
                 WriteReq, WriteRsp, WriteCmd, Notification, Indication, Confirmation>;

Op opcode_of(const Pdu& pdu);
Bytes encode(const Pdu& pdu);

struct DecodeError {
  std::size_t offset;  // byte offset in the PDU
  std::string why;
  std::uint8_t opcode;  // the first byte (0 for an empty PDU)
};
std::variant<Pdu, DecodeError> decode(std::span<const std::uint8_t> pdu);

// A request expects a response (the client waits); commands (bit 6) and notifications don't.
bool is_request(std::uint8_t opcode);
const char* error_name(Error e);

}  // namespace atsim::ble::att
