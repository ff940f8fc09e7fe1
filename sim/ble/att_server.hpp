#pragma once
// The ATT server side of GATT (Core Vol 3 Part F 3.4, Part G 4): answers a client's requests
// from a GattDb with the permission, length and MTU rules of the spec. One AttLink per
// connection holds what is per client: the MTU, the link's security, the CCCD values.
//
// Reads and writes may be answered later (atsim-bluez asks an application over D-Bus first):
// the server hands every answer to a `Respond` callback, at once or when the hook decides.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include "sim/ble/att.hpp"
#include "sim/ble/gatt_db.hpp"

namespace atsim::ble {

// What the link layer and SMP have established (SMP-lite: sim/ble/smp.hpp).
struct LinkSecurity {
  bool encrypted = false;
  bool authenticated = false;  // MITM-protected keys
  bool bonded = false;         // the peer has keys: unencrypted access gets 0x0F, not 0x05
  std::uint8_t key_size = 0;
};

struct AttLink {
  std::uint16_t mtu = att::kDefaultMtu;
  LinkSecurity security;
  std::map<std::uint16_t, std::uint16_t> cccd;  // CCCD handle -> value written by this client
};

class AttServer {
 public:
  using Respond = std::function<void(Bytes)>;
  using ReadDone = std::function<void(att::Error, Bytes)>;
  using WriteDone = std::function<void(att::Error)>;

  struct Hooks {
    // The value of a characteristic value or descriptor (not a declaration, not a CCCD) from
    // the application; unset: the stored value. `offset` is the Read Blob offset.
    std::function<void(std::uint16_t handle, std::uint16_t offset, ReadDone)> read;
    // Told after every successful client read of a value or descriptor (esp-at's +READ).
    std::function<void(std::uint16_t handle)> was_read;
    // A client write that passed the checks (CCCD writes too): Error::none accepts it and the
    // server stores the value (a CCCD's value on the link). Unset: accepted.
    std::function<void(std::uint16_t handle, const Bytes& value, bool command, WriteDone)> write;
    // A Handle Value Confirmation arrived (the indication was received).
    std::function<void()> confirmed;
  };

  explicit AttServer(GattDb& db, std::uint16_t rx_mtu = att::kMaxMtu) : db_(db), rx_mtu_(rx_mtu) {}
  void set_hooks(Hooks h) { hooks_ = std::move(h); }
  // The Core makes a CCCD two octets (BlueZ answers other lengths with an error). esp-at's
  // table holds its CCCDs as ordinary attributes of max 2 bytes, so a 1-byte write is taken
  // there (ESP32 §9.5.2.2 writes one byte): lenient accepts 1 or 2.
  void set_lenient_cccd(bool on) { lenient_cccd_ = on; }
  GattDb& db() { return db_; }

  // One PDU from the client. Requests get exactly one response through `respond`; commands,
  // confirmations and unknown commands get none. The link is shared because an answer may
  // come after the connection is gone (the late answer then changes nothing on the link).
  void handle(const std::shared_ptr<AttLink>& link, std::span<const std::uint8_t> pdu,
              Respond respond);

  // Whether this client enabled notifications (bit 0) or indications (bit 1) on the
  // characteristic whose value handle is given.
  bool subscribed(const AttLink& link, std::uint16_t value_handle, bool indication) const;
  // Server-initiated PDUs; the value is cut to MTU-3 as the spec requires.
  static Bytes notification(const AttLink& link, std::uint16_t handle,
                            std::span<const std::uint8_t> value);
  static Bytes indication(const AttLink& link, std::uint16_t handle,
                          std::span<const std::uint8_t> value);

 private:
  att::Error read_check(const AttLink& link, const Attribute& a) const;
  att::Error write_check(const AttLink& link, const Attribute& a, std::size_t len) const;
  const Attribute* visible(std::uint16_t handle) const;
  void read_value(AttLink& link, const Attribute& a, std::uint16_t offset, att::Op op,
                  Respond respond);
  void write_value(const std::shared_ptr<AttLink>& link, const Attribute& a, Bytes value,
                   bool command, Respond respond);

  GattDb& db_;
  std::uint16_t rx_mtu_;
  Hooks hooks_;
  bool lenient_cccd_ = false;
};

Bytes error_rsp(att::Op request, std::uint16_t handle, att::Error code);

}  // namespace atsim::ble
