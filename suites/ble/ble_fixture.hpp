#pragma once
// The BLE chapter (ESP32 §6.2.1–6.2.37 and the BLE messages of §8): each section checked from
// the DUT's replies, from the BLE peer (what BlueZ shows of the DUT, what the DUT does to the
// peer) and, for what only the air shows, from the simulated air's ground truth. The shared
// machinery is support::BleTest; this fixture adds what only the chapter needs.
#include <string>
#include <vector>

#include "suites/ble/peer_server.hpp"
#include "suites/support/ble_test.hpp"

namespace atc::ble {

using support::BleBytes;
using support::kBleClient;
using support::kBleServer;

// The esp-at default ble_data table (the factory service bin, docs/contracts/ble.md): one
// service 0xA002 with C300 (read, 1 byte), C301 (read), C302 (write, 1 byte), C303 (write
// without response), C304 (write), C305 (notify) and C306 (indicate).
inline constexpr const char* kTableService = "A002";

class Ble : public support::BleTest {
 protected:
  // How long a pairing may take (SMP's own timeout is 30 s; one takes a few events).
  static constexpr Millis kPairing{15000};
  // Each line is answered ERROR (one failure per line that is not).
  void expect_error(const std::vector<std::string>& lines, std::string_view who = kMainRole);
  // The +BLESCAN lines that arrive until `until`, parsed; a line that does not parse is a
  // failure (the clause's fields, ESP32 §6.2.5).
  std::vector<support::BleScanLine> scan_lines(Clock::time_point until);
  // The peer's address as the DUT reports it in +BLESCAN lines (those of the peer only).
  std::vector<support::BleScanLine> lines_from(const std::vector<support::BleScanLine>& lines,
                                               const std::string& address);
  // `uuid` in the DUT's table (created by the caller); a failure when it is not there.
  std::optional<support::LocalChar> table_char(const std::string& uuid);
  // The +WRITE the DUT prints for the central's write of a Client Characteristic
  // Configuration (esp-at prints one per descriptor write), taken so that a later wait for a
  // +WRITE does not find it; waited for up to 3 s, none is not judged here.
  void take_ccc_write();
  // The DUT serves and advertises, the peer connects and subscribes to `uuid` of the table
  // (the CCC write the DUT reports as +WRITE is taken). The characteristic as the DUT lists it.
  std::optional<support::LocalChar> subscribed(const std::string& uuid);
  // The notifications (or indications) of `uuid` of the table the central received since
  // `from`, once `n` arrived (within the connect timeout) and a quiet second more showed no
  // other: a check that exactly `n` came does not hinge on how fast the rig delivers them.
  std::vector<fixtures::BleNotification> exactly_notified(const std::string& uuid, std::size_t n,
                                                          std::size_t from);
  // AT+BLECFGMTU? reports `mtu` within the connect timeout (the exchange takes a round trip on
  // air; "the user should use command AT+BLECFGMTU? to query the actual MTU length").
  ::testing::AssertionResult mtu_becomes(int mtu);
  // ---- Pairing (the DUT a server, the peer the central that connects and pairs)
  // The DUT's bonds (kept in NVS, so not cleared by a reset) are cleared at teardown.
  void forget_bonds_at_teardown();
  // The peer (central) starts pairing: Device1.Pair, then answer_security_request().
  void peer_starts_pairing();
  // +BLESECREQ:0 (real builds: the peer asks to pair) answered AT+BLEENCRSP=0,1. It is looked
  // for among the lines after the DUT's expect cursor (callers reset it before the pairing is
  // asked for), until the pairing's deadline or the first later pairing message: a DUT that
  // prints none (v1.1 documents no such message) is observed, not failed, and a slow rig only
  // makes the wait longer (a short wait here once left a conforming DUT unanswered).
  void answer_security_request();
  // The next request BlueZ made of the peer's agent with `method`, from request `from` on.
  std::optional<fixtures::BleAgentRequest> agent_asked(const std::string& method, std::size_t from);
  // BlueZ shows the DUT Paired (or not) within the pairing's deadline.
  bool peer_paired(bool paired);
  // The end of the pairing the peer started, judged on both sides: the peer's Pair and the
  // DUT's +BLEAUTHCMPL say `paired` (`paired_anyway`: the failure message when a refused one
  // paired); after a failed pairing the peer is connected again (the link may go with it).
  // A fatal failure (no end, or a refused pairing that paired) stops only this helper: callers
  // check HasFatalFailure().
  void expect_pairing_ends(bool paired, const std::string& paired_anyway);
  // The DUT advertises already; the peer connects and pairs with Just Works (no question on
  // either side): Pair succeeds and the DUT prints +BLEAUTHCMPL:0,0.
  ::testing::AssertionResult pair_just_works();
  // The peer serves peer_application(), the DUT (client) connects and discovers it with
  // AT+BLEGATTCPRIMSRV=0 and AT+BLEGATTCCHAR=0,<0xFFF0>; nullopt (with a failure) when the
  // DUT does not find both services.
  std::optional<PeerDiscovery> client_of_peer();
};

}  // namespace atc::ble

// Tests in this chapter are written as ATC_TEST(Ble, Name, {...}).
using atc::ble::Ble;
