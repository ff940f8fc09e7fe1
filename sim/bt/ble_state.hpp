#pragma once
// The ESP32's BLE: what AT+BLEINIT brings up (the controller on the simulated air, the GATT
// database with GAP and GATT services, one connection) and the GAP settings the §6.2 commands
// set. None of it is saved (BLE is not in §7): every boot starts from BleState{}.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/air/air_client.hpp"
#include "sim/ble/address.hpp"
#include "sim/ble/att_server.hpp"
#include "sim/ble/gatt_client.hpp"
#include "sim/ble/gatt_db.hpp"
#include "sim/ble/smp.hpp"
#include "sim/bt/service_table.hpp"
#include "sim/event_loop.hpp"
#include "sim/params.hpp"

namespace atsim {
class Device;
}

namespace atsim::bt {

// AT+BLESCANPARAM's fields; the defaults are ESP-IDF's example scan parameters
// (docs/contracts/ble.md: the document gives none).
struct ScanParams {
  std::int64_t type = 0, own = 0, filter = 0, interval = 0x50, window = 0x30;
};

// AT+BLEADVPARAM's fields; the defaults are ESP-IDF's (adv_int 0x20..0x40, ADV_IND, public,
// all channels, allow any, peer 00:00:00:00:00:00).
struct AdvParams {
  std::int64_t min = 0x20, max = 0x40, type = 0, own = 0, channel = 7, filter = 0, peer_type = 0;
  ble::Address peer{};
};

// The one connection (conn_index 0: "only 0 is supported").
struct Connection {
  std::uint32_t h = 0;
  ble::Address peer;
  bool central = false;  // we connected out (client role)
  std::int64_t interval = 0, latency = 0, timeout = 0, min_interval = 0, max_interval = 0;
  std::uint16_t mtu = ble::att::kDefaultMtu;
  std::uint16_t requested_mtu = 0;  // the last AT+BLECFGMTU
  std::int64_t dlen = 27;
  std::shared_ptr<ble::AttLink> att;       // our GATT server's view of the peer
  std::unique_ptr<ble::GattClient> gattc;  // our GATT client toward the peer
};

// An advertising report held until its scan response comes (active scans report both on one
// +BLESCAN line, as Bluedroid merges them).
struct HeldReport {
  ble::Bytes data;
  int rssi = 0;
};

// What our GATT client learnt of the peer's table (AT+BLEGATTCPRIMSRV, AT+BLEGATTCCHAR): the
// indexes the GATTC commands take are positions in these lists, from 1.
struct RemoteTable {
  bool services_known = false;
  std::vector<ble::RemoteService> services;
  std::map<int, std::vector<ble::RemoteCharacteristic>> chars;              // by srv_index
  std::map<std::pair<int, int>, std::vector<ble::RemoteDescriptor>> descs;  // by (srv, char)
};

// Everything that exists only while BLE is initialised.
struct Radio {
  std::unique_ptr<air::AirClient> air;  // null: no --air, or it could not be reached
  ble::GattDb db;
  std::unique_ptr<ble::AttServer> server;
  std::uint16_t name_handle = 0;  // the GAP Device Name value
  std::optional<Connection> conn;
  bool advertising = false;
  bool scanning = false;
  EventLoop::TimerId scan_stop = 0;
  std::map<ble::Address, HeldReport> held;
  std::optional<ble::Address> connecting;
  EventLoop::TimerId connect_timer = 0;
  // GATT server (AT+BLEGATTSSRVCRE and after): the ble_data services, numbered from 1.
  bool services_created = false;
  std::vector<LocalService> services;
  bool indication_pending = false;  // AT+BLEGATTSIND waits for the confirmation
  // GATT client.
  RemoteTable remote;
  // SPP (§6.2.29-6.2.30): the configured characteristics, and whether the UART is in SPP.
  struct Spp {
    bool configured = false;
    int tx_srv = 0, tx_char = 0, rx_srv = 0, rx_char = 0;
  } spp;
  bool in_spp = false;
  // SMP-lite pairing on the link (security.cpp); none while idle.
  struct Pairing {
    bool initiator = false;              // we are the central
    bool awaiting_accept = false;        // +BLESECREQ printed, waiting for AT+BLEENCRSP
    bool from_security_request = false;  // the peer's Security Request started it
    ble::smp::Features ours, theirs;
    bool features_done = false;
    ble::smp::Method method = ble::smp::Method::just_works;
    std::optional<std::uint32_t> shown;    // the passkey or number displayed (ours or the peer's)
    std::optional<std::uint32_t> entered;  // ours, typed with AT+BLEKEYREPLY
    bool entry_deferred = false;           // keyreply-any-key: the entry waits for the peer's key
    std::optional<std::uint32_t> peer_entered;
    std::optional<bool> confirmed, peer_confirmed;  // numeric comparison
    bool matched = false;                           // the displaying side found the entry right
    ble::Bytes ltk;
    EventLoop::TimerId timeout = 0;
  };
  std::optional<Pairing> pairing;
};

// AT+BLESECPARAM, in the document's numbering (docs/contracts/ble.md: auth_req 0,1,2,4,5,6,7).
struct SecParams {
  std::int64_t auth_req = 1, iocap = 3, key_size = 16, init_key = 3, rsp_key = 3;
};

struct BleState {
  int role = 0;  // 0 not initialised, 1 client, 2 server
  SecParams sec;
  std::optional<ble::Address> random_addr;
  std::string name = "BLE_AT";
  ScanParams scan;
  AdvParams adv;
  ble::Bytes adv_data, scan_rsp;
  std::unique_ptr<Radio> radio;
};

BleState& ble(Device& d);
// The public address: the factory base MAC + 2 (the ESP-IDF rule for the Bluetooth MAC).
ble::Address public_address(Device& d);
// conn_index: "only 0 is supported for the single connection right now" (unless a defect).
bool valid_conn_index(Device& d, const Params& p, std::size_t i);

}  // namespace atsim::bt
