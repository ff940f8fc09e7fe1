#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

void Ble::expect_error(const std::vector<std::string>& lines, std::string_view who) {
  for (const auto& line : lines) EXPECT_TRUE(is_error(d(who).command(line))) << line;
}

std::vector<support::BleScanLine> Ble::scan_lines(Clock::time_point until) {
  std::vector<support::BleScanLine> out;
  for (;;) {
    const auto left = std::chrono::duration_cast<Millis>(until - Clock::now());
    if (left.count() <= 0) break;
    auto e = dut().wait_urc("\\+BLESCAN:.*", left);
    if (!e) break;
    std::string why;
    if (auto s = support::parse_blescan(*e, &why))
      out.push_back(*s);
    else
      ADD_FAILURE() << "a +BLESCAN line without the fields of ESP32 §6.2.5 (" << why
                    << "): " << e->text;
  }
  return out;
}

std::vector<support::BleScanLine> Ble::lines_from(const std::vector<support::BleScanLine>& lines,
                                                  const std::string& address) {
  std::vector<support::BleScanLine> out;
  for (const auto& l : lines)
    if (l.address == support::ble_address(address)) out.push_back(l);
  return out;
}

std::optional<support::LocalChar> Ble::table_char(const std::string& uuid) {
  auto c = local_char(uuid);
  if (!c) ADD_FAILURE() << "AT+BLEGATTSCHAR? lists no characteristic " << uuid;
  return c;
}

void Ble::take_ccc_write() {
  message("\\+WRITE:.*", Millis{3000});
}

std::optional<support::LocalChar> Ble::subscribed(const std::string& uuid) {
  if (!init(kBleServer) || !serve_and_advertise()) {
    ADD_FAILURE() << "the DUT could not serve and advertise";
    return std::nullopt;
  }
  auto c = table_char(uuid);
  if (!c) return std::nullopt;
  if (auto connected = peer_connects(); !connected) {
    ADD_FAILURE() << connected.message();
    return std::nullopt;
  }
  const auto r = peer().start_notify(address(), {kTableService, uuid}, connect_deadline());
  if (!r) {
    ADD_FAILURE() << "StartNotify on " << uuid << ": " << r.describe() << "\n" << peer_timeline();
    return std::nullopt;
  }
  take_ccc_write();
  return c;
}

::testing::AssertionResult Ble::mtu_becomes(int mtu) {
  const auto deadline = Clock::now() + connect_timeout();
  const std::string want = "0," + std::to_string(mtu);
  Response q;
  for (;;) {
    q = dut().command("AT+BLECFGMTU?");
    const auto v = q.values("BLECFGMTU");
    if (q.ok() && v.size() == 1 && v[0] == want) return ::testing::AssertionSuccess();
    if (Clock::now() >= deadline) break;
    dut().wait_urc("\\+BLECFGMTU:.*", Millis{100});  // 3.x builds announce the exchange
  }
  return ::testing::AssertionFailure() << "AT+BLECFGMTU? does not report " << want << " within "
                                       << connect_timeout().count() << " ms\n"
                                       << q.tail;
}

void Ble::forget_bonds_at_teardown() {
  on_teardown("the DUT forgets its bonds", [this] {
    if (dut().command("AT+BLEENCCLEAR").ok()) return;
    // BLE was off: bonds are cleared with it initialised (§6.2.1 note).
    if (!init(kBleClient)) return;
    EXPECT_TRUE(is_ok(dut().command("AT+BLEENCCLEAR"))) << "postamble: the DUT keeps its bonds";
  });
}

void Ble::peer_starts_pairing() {
  dut().reset_expect_cursor();
  peer().start_pairing(address(), fixtures::deadline_in(kPairing));
  answer_security_request();
}

void Ble::answer_security_request() {
  // Only looked at (expect_line), not taken: the later waits still find these messages.
  const auto first = dut().expect_line(
      "\\+BLESECREQ:0|\\+BLESECNTFYKEY:0,.*|\\+BLESECKEYREQ:0|\\+BLEAUTHCMPL:0,.*", kPairing);
  if (!first || first->text != "+BLESECREQ:0") {
    observe("blesecreq", "no +BLESECREQ:0 when the central asked to pair" +
                             (first ? ", before " + first->text : std::string()));
    return;
  }
  message("\\+BLESECREQ:0", Millis{0});  // taken from the queue: answered here
  EXPECT_TRUE(is_ok(dut().command("AT+BLEENCRSP=0,1")));
}

std::vector<fixtures::BleNotification> Ble::exactly_notified(const std::string& uuid, std::size_t n,
                                                             std::size_t from) {
  const fixtures::BleAttribute a{kTableService, uuid};
  auto got = peer().wait_notifications(address(), a, n, connect_deadline(), from);
  if (got.size() < n) return got;
  return peer().wait_notifications(address(), a, n + 1, fixtures::deadline_in(Millis{1000}), from);
}

std::optional<fixtures::BleAgentRequest> Ble::agent_asked(const std::string& method,
                                                          std::size_t from) {
  const auto deadline = fixtures::deadline_in(kPairing);
  for (std::size_t next = from;;) {
    auto r = peer().wait_agent_request(deadline, next);
    if (!r) return std::nullopt;
    if (r->method == method) return r;
    next = r->id;  // ids count from 1: request N is at index N-1
  }
}

void Ble::expect_pairing_ends(bool paired, const std::string& paired_anyway) {
  const auto r = peer().wait_pairing(address(), fixtures::deadline_in(kPairing));
  ASSERT_TRUE(r) << "the peer's Pair did not end";
  if (!paired) {
    // Paired after all: what follows (the DUT's message, another pairing) cannot be judged.
    ASSERT_FALSE(r->ok) << paired_anyway;
    EXPECT_TRUE(got_urc(dut(), "\\+BLEAUTHCMPL:0,[1-9][0-9]*", kPairing));
    EXPECT_TRUE(peer_paired(false));
    if (const auto dev = peer().device(address()); !dev || !dev->connected) {
      ASSERT_TRUE(peer_connects(kMainRole, false));
    }
    return;
  }
  EXPECT_TRUE(r->ok) << r->describe();
  EXPECT_TRUE(got_urc(dut(), "\\+BLEAUTHCMPL:0,0", kPairing));
  EXPECT_TRUE(peer_paired(true)) << peer_timeline();
}

bool Ble::peer_paired(bool paired) {
  return peer()
      .wait_device(address(), fixtures::deadline_in(kPairing),
                   [paired](const fixtures::BleDevice& d) { return d.paired == paired; })
      .has_value();
}

::testing::AssertionResult Ble::pair_just_works() {
  if (auto c = peer_connects(kMainRole, false); !c) return c;
  peer_starts_pairing();
  const auto r = peer().wait_pairing(address(), fixtures::deadline_in(kPairing));
  if (!r || !r->ok)
    return ::testing::AssertionFailure()
           << "Just Works pairing failed: " << (r ? r->describe() : std::string("no end")) << "\n"
           << peer_timeline();
  if (!message("\\+BLEAUTHCMPL:0,0", kPairing))
    return ::testing::AssertionFailure() << "no +BLEAUTHCMPL:0,0 on the DUT\n" << dut().tail();
  return ::testing::AssertionSuccess();
}

std::optional<PeerDiscovery> Ble::client_of_peer() {
  peer().register_application(peer_application());
  if (!init(kBleClient)) return std::nullopt;
  if (auto c = connect_to_peer(); !c) {
    ADD_FAILURE() << c.message();
    return std::nullopt;
  }
  PeerDiscovery p;
  Response r;
  p.services = primary_services(kMainRole, &r);
  for (const auto& s : p.services) {
    if (support::same_uuid(s.uuid, kPeerService)) p.svc = s.index;
    if (support::same_uuid(s.uuid, kPeerOuter)) p.outer = s.index;
  }
  if (!r.ok() || !p.svc || !p.outer) {
    failed_clause(clause_of("6.2.24"));
    ADD_FAILURE() << "AT+BLEGATTCPRIMSRV=0 does not list 0xFFF0 and " << kPeerOuter << ": "
                  << r.describe() << "\n"
                  << r.tail;
    return std::nullopt;
  }
  p.chars = remote_chars(p.svc, kMainRole, &r);
  if (!r.ok() || p.chars.empty()) {
    failed_clause(clause_of("6.2.26"));
    ADD_FAILURE() << "AT+BLEGATTCCHAR=0," << p.svc << ": " << r.describe() << "\n" << r.tail;
    return std::nullopt;
  }
  return p;
}

}  // namespace atc::ble
