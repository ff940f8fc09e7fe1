#pragma once
// What the BLE chapter (ESP32 §6.2, §8) and the BLE examples (§9.5) share: the DUT's BLE
// commands with their deadlines and shapes, the BLE peer (fixtures/ble_peer.hpp: the host
// adapter through BlueZ, from the rig's <ble> PIXIT) and the air's ground truth.
//
// Preamble: every DUT the test drives is de-initialised (AT+BLEINIT? then =0), and a test that
// needs the peer starts with a peer that has no device object for those DUTs. Postamble: the
// peer disconnects and forgets every device it met (bonds go with them), then every DUT is reset
// (AT+RST): BLE settings are not in §7, so that de-initialises BLE and puts every setting back
// to its default (AT+BLEINIT=0 alone keeps them). Bonds (kept in NVS) are cleared by the tests
// that make them.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fixtures/ble_peer.hpp"
#include "harness/at/at_syntax.hpp"
#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"
#include "suites/support/air_truth.hpp"
#include "suites/support/ble_syntax.hpp"

namespace atc::support {

using fixtures::Deadline;

inline constexpr int kBleClient = 1;  // AT+BLEINIT=1
inline constexpr int kBleServer = 2;  // AT+BLEINIT=2

// A data command's exchange (AT+BLEGATTSNTFY, ...IND, ...SSETATTR, AT+BLEGATTCWR): the prompt
// (§9.5.2.1 shows a bare ">", OK then ">" is accepted too), then the data and its result.
struct DataExchange {
  Response prompt;
  std::optional<Response> result;  // only when a prompt came (the data was then sent)
  bool prompted() const { return prompt.final == Final::prompt; }
  bool ok() const { return result && result->ok(); }
};
::testing::AssertionResult sent_ok(const DataExchange& x);
// ERROR instead of the prompt, or after the data (the document does not say when).
::testing::AssertionResult refused(const DataExchange& x);

// One characteristic of the DUT's GATT server as AT+BLEGATTSCHAR? lists it (§6.2.20).
struct LocalChar {
  int srv = 0, chr = 0;
  std::string uuid;  // as printed
  int props = 0;
  std::vector<std::pair<int, std::string>> descs;  // desc_index, uuid as printed ("" if none)
};
// One characteristic of the peer's server as AT+BLEGATTCCHAR lists it (§6.2.26).
struct RemoteChar {
  int srv = 0, chr = 0;
  std::string uuid;
  int props = 0;
  std::vector<std::pair<int, std::string>> descs;
};
// One line of AT+BLEGATTCPRIMSRV (§6.2.24).
struct RemoteService {
  int index = 0;
  std::string uuid;
  int type = -1;
};

class BleTest : public DutTest {
 protected:
  void preamble() override;

  // ---- The DUT of `who`
  Dut& d(std::string_view who) { return dut(who); }
  Millis gatt_timeout() const { return Millis{10000}; }  // a GATT procedure on air
  // AT+BLEINIT=<role>: OK, or a failure naming §6.2.1.
  ::testing::AssertionResult init(int role, std::string_view who = kMainRole);
  // AT+BLEINIT=0 (AT+RST if that is refused): nothing BLE left running.
  void deinit(std::string_view who = kMainRole);
  // AT+RST and its ready (a failure naming §3.2.2 otherwise): BLE off, every setting default.
  void reset_ble(std::string_view who = kMainRole);
  // AT+<name>? answered OK with exactly one "+<name>:" line: its fields.
  std::optional<Fields> query(const std::string& name, std::string_view who = kMainRole,
                              Response* out = nullptr);
  // The DUT's public BLE address (AT+BLEADDR?, §6.2.2) in upper case, read once per run.
  std::string address(std::string_view who = kMainRole);
  // A data command: its prompt, then `data`, then the result.
  DataExchange with_data(const std::string& line, const std::string& data,
                         std::string_view who = kMainRole);
  // The DUT's GATT server table (AT+BLEGATTSSRVCRE and ...SRVSTART done by the caller).
  std::vector<LocalChar> local_chars(std::string_view who = kMainRole);
  std::optional<LocalChar> local_char(const std::string& uuid, std::string_view who = kMainRole);
  // AT+BLEGATTSSRVCRE, AT+BLEGATTSSRVSTART and AT+BLEADVSTART on a server.
  ::testing::AssertionResult serve_and_advertise(std::string_view who = kMainRole);
  // The client's discovery of the connected server (§6.2.24, §6.2.26).
  std::vector<RemoteService> primary_services(std::string_view who = kMainRole,
                                              Response* out = nullptr);
  std::vector<RemoteChar> remote_chars(int srv, std::string_view who = kMainRole,
                                       Response* out = nullptr);
  // AT+BLESPP (§6.2.30: "OK >"): the exchange, its final result the prompt when SPP began. The
  // prompt's trailing space (the "> " of esp-at builds and the simulator) is taken, so raw data
  // read afterwards is the peer's only.
  Response enter_spp(std::string_view who = kMainRole);
  // Waits for a message matching `pattern` (ECMAScript, whole line) from `who`.
  std::optional<Event> message(const std::string& pattern, Millis timeout,
                               std::string_view who = kMainRole);
  // +BLECONN:0,<address> / +BLEDISCONN:0,<address> patterns, the address quoted or bare.
  static std::string conn_message(const std::string& address);
  static std::string disconn_message(const std::string& address);

  // ---- The BLE peer (PIXIT `ble`)
  fixtures::BlePeer& peer();
  const BlePixit& ble_pixit() { return *rig().ble; }
  Millis scan_timeout() { return Millis{ble_pixit().scan_timeout_ms}; }
  Millis connect_timeout() { return Millis{ble_pixit().connect_timeout_ms}; }
  Deadline scan_deadline() { return fixtures::deadline_in(scan_timeout()); }
  Deadline connect_deadline() { return fixtures::deadline_in(connect_timeout()); }
  std::string peer_address();  // the host adapter's, upper case
  // The peer starts discovering (filtered on `address`) and waits until BlueZ shows a device
  // for it for which `ready` holds; nullopt (with a failure) after the scan timeout.
  std::optional<fixtures::BleDevice> discover(
      const std::string& address,
      const std::function<bool(const fixtures::BleDevice&)>& ready = {});
  // The peer (central) connects to `who`, which advertises connectably: Connect succeeds, the
  // DUT prints +BLECONN:0,<peer>, and (with `resolve`) BlueZ has read its GATT database.
  ::testing::AssertionResult peer_connects(std::string_view who = kMainRole, bool resolve = true);
  // The peer advertises, connectable, with the local name "atc-peer" (once per test: BlueZ
  // may offer a single advertising instance).
  void advertise_peer();
  // The peer advertises (advertise_peer) and `who` (a client) connects to it:
  // AT+BLECONN answers OK, +BLECONN:0,<peer> follows, and the peer sees the link.
  ::testing::AssertionResult connect_to_peer(std::string_view who = kMainRole);
  // What the test's timeline of the peer says, for failure messages.
  std::string peer_timeline() { return peer_ ? peer_->timeline(peer_mark_) : "(no peer)"; }

  // ---- The air's ground truth (PIXIT `air-truth`)
  AirTruth truth();

  // The roles this test drives (dut first).
  std::vector<std::string> roles();

 private:
  std::unique_ptr<fixtures::BlePeer> peer_;
  std::size_t peer_mark_ = 0;
  std::string advertisement_;  // the peer's advertisement for connect_to_peer
};

}  // namespace atc::support
