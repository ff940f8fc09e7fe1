#pragma once
// SMP-lite: the Security Manager (Core Vol 3 Part H) as the simulated air carries it. The
// feature exchange is real (Pairing Request/Response, Security Request, Pairing Failed, with
// the real codes and fields), and so is the choice of the pairing method from the IO
// capabilities (Part H 2.3.5.1). No cryptography: the passkey or number is carried in the
// clear in sim-only PDUs (codes 0xF0-0xF2, unassigned in the spec), and encryption is a link
// flag the air sets (ENCRYPT/ENCRYPTED, docs/contracts/ble-air.md).
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "sim/ble/bytes.hpp"

namespace atsim::ble::smp {

enum class Code : std::uint8_t {
  pairing_request = 0x01,
  pairing_response = 0x02,
  pairing_failed = 0x05,
  security_request = 0x0B,
  // sim-only
  sim_passkey = 0xF0,    // the number the displaying side shows (passkey or comparison value)
  sim_key_entry = 0xF1,  // the passkey the inputting side's user typed
  sim_confirm = 0xF2,    // numeric comparison: this side's user said yes (1) or no (0)
};

// IO capabilities (Part H 3.5.1), the values of AT+BLESECPARAM's <iocap> and BlueZ's agents.
enum class IoCap : std::uint8_t {
  display_only = 0,
  display_yes_no = 1,
  keyboard_only = 2,
  no_input_no_output = 3,
  keyboard_display = 4,
};

// AuthReq bits (Part H 3.5.1): bonding flags (bits 0-1, 01 = bonding), MITM, SC, keypress.
namespace auth {
inline constexpr std::uint8_t bond = 0x01;
inline constexpr std::uint8_t mitm = 0x04;
inline constexpr std::uint8_t sc = 0x08;
inline constexpr std::uint8_t keypress = 0x10;
}  // namespace auth

// Key distribution bits: EncKey, IdKey, SignKey, LinkKey.
inline constexpr std::uint8_t kKeyDistMask = 0x0F;

enum class FailReason : std::uint8_t {
  passkey_entry_failed = 0x01,
  oob_not_available = 0x02,
  authentication_requirements = 0x03,
  confirm_value_failed = 0x04,
  pairing_not_supported = 0x05,
  encryption_key_size = 0x06,
  command_not_supported = 0x07,
  unspecified_reason = 0x08,
  repeated_attempts = 0x09,
  invalid_parameters = 0x0A,
  dhkey_check_failed = 0x0B,
  numeric_comparison_failed = 0x0C,
};

struct Features {  // the body of a Pairing Request and Response
  IoCap io = IoCap::no_input_no_output;
  std::uint8_t oob = 0;
  std::uint8_t auth_req = 0;
  std::uint8_t max_key_size = 16;
  std::uint8_t init_key_dist = 0;
  std::uint8_t resp_key_dist = 0;
  bool operator==(const Features&) const = default;
};

struct PairingRequest {
  Features f;
};
struct PairingResponse {
  Features f;
};
struct PairingFailed {
  FailReason reason;
};
struct SecurityRequest {
  std::uint8_t auth_req;
};
struct SimPasskey {
  std::uint32_t value;  // 0..999999
};
struct SimKeyEntry {
  std::uint32_t value;
};
struct SimConfirm {
  bool yes;
};

using Pdu = std::variant<PairingRequest, PairingResponse, PairingFailed, SecurityRequest,
                         SimPasskey, SimKeyEntry, SimConfirm>;

Bytes encode(const Pdu& pdu);
struct DecodeError {
  std::size_t offset;
  std::string why;
};
std::variant<Pdu, DecodeError> decode(std::span<const std::uint8_t> pdu);

// The pairing method both sides derive from the exchanged features (Part H 2.3.5.1, Table
// 2.8): Just Works when neither side asks for MITM, else by the IO capabilities; LE Secure
// Connections when both set the SC bit.
enum class Method {
  just_works,
  passkey_initiator_displays,  // the responder's user types what the initiator shows
  passkey_responder_displays,
  passkey_both_input,
  numeric_comparison,
};
Method pairing_method(const Features& initiator, const Features& responder);
bool secure_connections(const Features& initiator, const Features& responder);
// The key size both use: the smaller maximum (Part H 2.3.4); under 7 the pairing fails.
std::uint8_t agreed_key_size(const Features& initiator, const Features& responder);
const char* method_name(Method m);

}  // namespace atsim::ble::smp
