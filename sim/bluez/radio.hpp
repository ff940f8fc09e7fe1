#pragma once
// The host controller under the simulated bluetoothd: what BlueZ asks of the kernel's HCI
// (scan, advertise, create and drop connections, carry ATT and SMP) and the events it gets
// back. Two implementations: AirRadio (a radio on the simulated air, atsim-air, the way a host
// adapter is a radio on a rig) and ScriptedAir (scripted remote devices in-process, for tests
// of the D-Bus side and for running without an air).
#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace atsim::bluez {

using Bytes = std::vector<std::uint8_t>;

// A remote's address as BlueZ writes it: "24:0A:C4:00:00:02", upper case, and its type.
struct RadioAddress {
  std::string address;
  bool random = false;
  auto operator<=>(const RadioAddress&) const = default;
  std::string type_name() const { return random ? "random" : "public"; }
};

enum class ReportKind { adv_ind, adv_direct_ind, adv_scan_ind, adv_nonconn_ind, scan_rsp };

struct AdvertisingReport {
  RadioAddress from;
  ReportKind kind;
  int rssi;
  Bytes data;
  bool connectable() const {
    return kind == ReportKind::adv_ind || kind == ReportKind::adv_direct_ind;
  }
};

// Legacy advertising as BlueZ asks the kernel for it: connectable → ADV_IND; otherwise
// ADV_SCAN_IND with a scan response, ADV_NONCONN_IND without.
struct Advertising {
  bool connectable = true;
  Bytes data, scan_response;
  std::chrono::milliseconds interval{100};
};

struct RadioEvents {
  std::function<void(const AdvertisingReport&)> report;
  // A link is up; `central`: we initiated it.
  std::function<void(std::uint32_t link, const RadioAddress& peer, bool central)> connected;
  std::function<void(const RadioAddress& peer, const std::string& reason)> connect_failed;
  std::function<void(std::uint32_t link, std::uint8_t reason)> disconnected;
  std::function<void(std::uint32_t link, const Bytes& pdu)> att;
  std::function<void(std::uint32_t link, const Bytes& pdu)> smp;
  std::function<void(std::uint32_t link, bool encrypted)> encryption;
  // The central asks us (peripheral) to encrypt with this key: answer with encrypt_reply.
  std::function<void(std::uint32_t link, const Bytes& ltk)> encrypt_request;
  // The controller is gone (the air closed): BlueZ's adapter goes with it.
  std::function<void(const std::string& why)> lost;
};

class Radio {
 public:
  virtual ~Radio() = default;
  virtual void set_events(RadioEvents events) = 0;
  virtual RadioAddress own_address() const = 0;
  virtual void scan(bool on, bool active) = 0;
  virtual void advertise(const std::optional<Advertising>& adv) = 0;  // nullopt: stop
  virtual void connect(const RadioAddress& peer, std::chrono::milliseconds timeout) = 0;
  virtual void cancel_connect() = 0;
  virtual void disconnect(std::uint32_t link, std::uint8_t reason) = 0;
  virtual void send_att(std::uint32_t link, const Bytes& pdu) = 0;
  virtual void send_smp(std::uint32_t link, const Bytes& pdu) = 0;
  virtual void encrypt(std::uint32_t link, const Bytes& ltk) = 0;  // as central
  virtual void encrypt_reply(std::uint32_t link, bool ok) = 0;     // as peripheral
};

}  // namespace atsim::bluez
