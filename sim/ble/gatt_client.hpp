#pragma once
// GATT client procedures (Core Vol 3 Part G 4) over an abstract PDU transport: MTU exchange,
// primary service discovery, included services, characteristics, descriptors, reads (long
// values with Read Blob), writes with and without response, and the notifications and
// indications a server sends (indications are confirmed here).
//
// ATT allows one outstanding request per bearer, so procedures queue and run one at a time;
// each ends in its callback exactly once (with Status::link_lost if abort() comes first).
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/ble/att.hpp"

namespace atsim::ble {

struct Status {
  enum class Kind { ok, att_error, link_lost, bad_response };
  Kind kind = Kind::ok;
  att::Error error = att::Error::none;  // for att_error
  std::uint16_t handle = 0;             // the handle an Error Response named
  bool ok() const { return kind == Kind::ok; }
  static Status att(att::Error e, std::uint16_t h) { return {Kind::att_error, e, h}; }
};

struct RemoteService {
  std::uint16_t start, end;
  Uuid uuid;
};
struct RemoteInclude {
  std::uint16_t decl;  // the include declaration's handle
  std::uint16_t start, end;
  Uuid uuid;
};
struct RemoteCharacteristic {
  std::uint16_t decl, value;
  std::uint8_t props;
  Uuid uuid;
};
struct RemoteDescriptor {
  std::uint16_t handle;
  Uuid uuid;
};

class GattClient {
 public:
  using Send = std::function<void(Bytes)>;
  explicit GattClient(Send send) : send_(std::move(send)) {}

  // Every PDU the server sends on this bearer.
  void on_pdu(std::span<const std::uint8_t> pdu);
  // The link is gone: every queued or running procedure ends with Status::link_lost.
  void abort();

  std::uint16_t mtu() const { return mtu_; }
  void exchange_mtu(std::uint16_t client_rx_mtu,
                    std::function<void(Status, std::uint16_t mtu)> done);
  void discover_primary_services(std::function<void(Status, std::vector<RemoteService>)> done);
  void find_included_services(std::uint16_t start, std::uint16_t end,
                              std::function<void(Status, std::vector<RemoteInclude>)> done);
  void discover_characteristics(
      std::uint16_t start, std::uint16_t end,
      std::function<void(Status, std::vector<RemoteCharacteristic>)> done);
  void discover_descriptors(std::uint16_t start, std::uint16_t end,
                            std::function<void(Status, std::vector<RemoteDescriptor>)> done);
  // Read, then Read Blob while the answer filled the MTU (a long value).
  void read(std::uint16_t handle, std::function<void(Status, Bytes)> done);
  // Write Request (with_response) or Write Command; the latter completes once sent. Values
  // longer than MTU-3 are refused with Status::bad_response (no long writes here).
  void write(std::uint16_t handle, Bytes value, bool with_response,
             std::function<void(Status)> done);
  // Notifications and indications from the server.
  std::function<void(std::uint16_t handle, const Bytes& value, bool indication)> on_value;
  // A PDU from the server that is not a response to our request (for logs).
  std::function<void(const std::string& why)> on_protocol_error;

 private:
  using OnResponse = std::function<void(const att::Pdu&)>;
  void request(att::Pdu pdu, OnResponse on_response);
  void enqueue(std::function<void()> start);
  void finish();  // the running procedure is done: start the next
  void services_from(std::uint16_t start, std::vector<RemoteService> acc,
                     std::function<void(Status, std::vector<RemoteService>)> done);
  void includes_from(std::uint16_t start, std::uint16_t end, std::vector<RemoteInclude> acc,
                     std::function<void(Status, std::vector<RemoteInclude>)> done);
  void resolve_include_uuids(std::size_t i, std::vector<RemoteInclude> acc,
                             std::function<void(Status, std::vector<RemoteInclude>)> done);
  void chars_from(std::uint16_t start, std::uint16_t end, std::vector<RemoteCharacteristic> acc,
                  std::function<void(Status, std::vector<RemoteCharacteristic>)> done);
  void descs_from(std::uint16_t start, std::uint16_t end, std::vector<RemoteDescriptor> acc,
                  std::function<void(Status, std::vector<RemoteDescriptor>)> done);
  void blob_from(std::uint16_t handle, Bytes acc, std::function<void(Status, Bytes)> done);

  Send send_;
  std::uint16_t mtu_ = att::kDefaultMtu;
  std::deque<std::function<void()>> queue_;
  bool running_ = false;
  OnResponse waiting_;                           // set while a request is outstanding
  std::vector<std::function<void()>> on_abort_;  // the running procedure's link_lost ending
  bool dead_ = false;                            // inside abort(): procedures end at once
};

}  // namespace atsim::ble
