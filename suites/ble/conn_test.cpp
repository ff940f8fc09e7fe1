// esp32 §6.2.11 AT+BLECONN, §6.2.12 AT+BLECONNPARAM, §6.2.13 AT+BLEDISCONN, §6.2.14
// AT+BLEDATALEN, §6.2.15 AT+BLECFGMTU: the DUT as client connecting to the peer (which sees the
// link come and go), a peer disconnecting from the DUT as server, and the link's parameters.
#include <thread>

#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

using namespace std::chrono_literals;
// An address nobody on the air uses (a static random one the peer never takes).
constexpr const char* kNobody = "ce:00:00:7e:57:01";
// How long a connection to nobody may take to end in +BLECONN:0,fail: the document gives no
// bound; real builds give up within a few seconds (docs/contracts/ble.md: 3 s here).
constexpr Millis kFailBound{20000};

// AT+BLECONNPARAM? as its six numbers (nullopt when the query is not that).
std::optional<std::vector<long>> conn_params(const Fields& f) {
  if (f.size() != 6) return std::nullopt;
  std::vector<long> v;
  for (const auto& x : f) {
    auto n = to_number(x.value);
    if (!n) return std::nullopt;
    v.push_back(*n);
  }
  return v;
}

}  // namespace

ATC_TEST(Ble, BleconnConnectsToThePeripheralPeer,
         {.purpose = "Ensure that AT+BLECONN=0,<address> of an advertising peripheral answers OK, "
                     "then +BLECONN:0,<address>; the peripheral sees the DUT connected from its "
                     "public address, and AT+BLECONN? lists the connection",
          .clauses = {"esp32 §6.2.11"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(info_matches(dut().command("AT+BLECONN?"), {}))
      << "AT+BLECONN? lists nothing before a connection";
  ASSERT_TRUE(connect_to_peer());
  const auto dev = peer().device(address());
  ASSERT_TRUE(dev);
  EXPECT_TRUE(dev->connected);
  EXPECT_EQ(dev->address_type, "public") << "the DUT connects from its public address";
  Response q = dut().command("AT+BLECONN?");
  ASSERT_TRUE(is_ok(q));
  const auto v = q.values("BLECONN");
  ASSERT_EQ(v.size(), 1u) << q.tail;
  const Fields f = split_fields(v[0]);
  ASSERT_EQ(f.size(), 2u) << v[0];
  EXPECT_EQ(f[0].value, "0");
  EXPECT_TRUE(same_mac(f[1].value, peer_address())) << v[0];
}

ATC_TEST(Ble, BleconnToNobodyEndsInFail,
         {.purpose = "Ensure that AT+BLECONN to an address nobody advertises answers OK, then "
                     "+BLECONN:0,fail (later builds: -1) within a bound, and AT+BLECONN? lists "
                     "no connection",
          .clauses = {"esp32 §6.2.11"},
          .features = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  Response r = dut().command(std::string("AT+BLECONN=0,\"") + kNobody + "\",1");
  ASSERT_TRUE(is_ok(r));
  std::optional<Event> fail;
  EXPECT_TRUE(got_urc(dut(), "\\+BLECONN:0,(fail|-1)", kFailBound, &fail));
  if (fail)
    measure("bleconn_fail_after_ms", std::chrono::duration_cast<Millis>(fail->at - r.done).count(),
            "ms");
  EXPECT_TRUE(info_matches(dut().command("AT+BLECONN?"), {}));
}

ATC_TEST(Ble, BleconnRejectsBadParametersAndDoesNotConnect,
         {.purpose = "Ensure that AT+BLECONN with a conn_index other than 0 (only 0 is "
                     "supported), a malformed or unquoted address, an address type out of range, "
                     "or while index 0 is connected is answered ERROR and the peer sees no "
                     "(second) connection",
          .clauses = {"esp32 §6.2.11"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  advertise_peer();
  const std::string pa = lower(peer_address());
  ASSERT_TRUE(init(kBleClient));
  expect_error({"AT+BLECONN=1,\"" + pa + "\"", "AT+BLECONN=0,\"" + pa.substr(0, 14) + "\"",
                "AT+BLECONN=0," + pa, "AT+BLECONN=0,\"" + pa + "\",4", "AT+BLECONN=0",
                "AT+BLECONN=0,\"" + pa + "\",0,1", "AT+BLECONN=?"});
  // Nothing connected: no message, nothing at the peer; then the channel works.
  EXPECT_FALSE(message(conn_message(pa), Millis{1000}))
      << "a refused AT+BLECONN connected all the same";
  EXPECT_FALSE(peer().wait_connected_by(address(), fixtures::deadline_in(Millis{10})))
      << "the peer saw a connection after a refused AT+BLECONN";
  ASSERT_TRUE(connect_to_peer());
  EXPECT_TRUE(is_error(dut().command("AT+BLECONN=0,\"" + pa + "\"")))
      << "index 0 is connected already";
  Response q = dut().command("AT+BLECONN?");
  EXPECT_EQ(q.values("BLECONN").size(), 1u) << q.tail;
}

ATC_TEST(Ble, BleconnparamUpdatesTheConnection,
         {.purpose = "Ensure that on a connection the DUT made, AT+BLECONNPARAM? reports "
                     "<conn_index>,<min>,<max>,<cur>,<latency>,<timeout> with cur within "
                     "[min,max], and AT+BLECONNPARAM=0,30,30,0,600 is OK and the query then "
                     "shows 0,30,30,30,0,600",
          .clauses = {"esp32 §6.2.12"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  ASSERT_TRUE(connect_to_peer());
  Response r;
  auto f = query("BLECONNPARAM", kMainRole, &r);
  ASSERT_TRUE(f) << r.tail;
  auto p = conn_params(*f);
  ASSERT_TRUE(p) << "six numbers: " << r.values("BLECONNPARAM").at(0);
  EXPECT_EQ((*p)[0], 0);
  EXPECT_LE((*p)[1], (*p)[3]) << "cur_interval below min_interval";
  EXPECT_LE((*p)[3], (*p)[2]) << "cur_interval above max_interval";
  ASSERT_TRUE(is_ok(dut().command("AT+BLECONNPARAM=0,30,30,0,600")));
  // The update takes effect at an instant some connection events later; a refusal by the
  // peer is +BLECONNPARAM : 0,-1.
  const auto deadline = Clock::now() + connect_timeout();
  std::string last;
  bool updated = false;
  while (!updated && Clock::now() < deadline) {
    if (message("\\+BLECONNPARAM ?: ?0,-1", Millis{200})) {
      ADD_FAILURE() << "the peer refused 30,30,0,600 (+BLECONNPARAM : 0,-1); BlueZ accepts it";
      break;
    }
    auto now = query("BLECONNPARAM", kMainRole, &r);
    last = r.values("BLECONNPARAM").empty() ? r.describe() : r.values("BLECONNPARAM").at(0);
    updated = now && values_of(*now) == std::vector<std::string>{"0", "30", "30", "30", "0", "600"};
  }
  EXPECT_TRUE(updated) << "AT+BLECONNPARAM? still shows " << last << " "
                       << connect_timeout().count() << " ms after the update";
}

ATC_TEST(Ble, BleconnparamRejectsValuesOutOfRange,
         {.purpose = "Ensure that AT+BLECONNPARAM without a connection, with a conn_index other "
                     "than 0, or with an interval, latency or timeout out of range or min above "
                     "max is answered ERROR and the parameters are unchanged",
          .clauses = {"esp32 §6.2.12"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(is_error(dut().command("AT+BLECONNPARAM=0,30,30,0,600")))
      << "no connection is established yet";
  ASSERT_TRUE(connect_to_peer());
  Response before;
  ASSERT_TRUE(query("BLECONNPARAM", kMainRole, &before)) << before.tail;
  expect_error({"AT+BLECONNPARAM=1,30,30,0,600", "AT+BLECONNPARAM=0,5,30,0,600",
                "AT+BLECONNPARAM=0,30,3201,0,600", "AT+BLECONNPARAM=0,40,30,0,600",
                "AT+BLECONNPARAM=0,30,30,500,600", "AT+BLECONNPARAM=0,30,30,0,9",
                "AT+BLECONNPARAM=0,30,30,0,3201", "AT+BLECONNPARAM=0,30,30,0",
                "AT+BLECONNPARAM=?"});
  EXPECT_FALSE(message("\\+BLECONNPARAM ?: ?0,-1", Millis{300}));
  EXPECT_TRUE(has_value(dut().command("AT+BLECONNPARAM?"), "BLECONNPARAM",
                        before.values("BLECONNPARAM").at(0)));
}

ATC_TEST(Ble, BledisconnEndsTheLinkThePeerSeesIt,
         {.purpose = "Ensure that AT+BLEDISCONN=0 on a connection answers OK, then "
                     "+BLEDISCONN:0,<address>; the peer sees the link end and AT+BLECONN? lists "
                     "nothing",
          .clauses = {"esp32 §6.2.13"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  ASSERT_TRUE(connect_to_peer());
  ASSERT_TRUE(is_ok(dut().command("AT+BLEDISCONN=0")));
  EXPECT_TRUE(got_urc(dut(), disconn_message(peer_address()), connect_timeout()));
  EXPECT_TRUE(peer().wait_disconnected(address(), connect_deadline()))
      << "the peer still sees the DUT connected\n"
      << peer_timeline();
  EXPECT_TRUE(info_matches(dut().command("AT+BLECONN?"), {}));
}

ATC_TEST(Ble, APeerDisconnectingIsReported,
         {.purpose = "Ensure that when the central (the peer) ends the link to the DUT as server, "
                     "the DUT prints +BLEDISCONN:0,<central address> unsolicited",
          .clauses = {"esp32 §6.2.13"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  const auto r = peer().disconnect(address(), connect_deadline());
  ASSERT_TRUE(r.ok) << r.describe();
  EXPECT_TRUE(got_urc(dut(), disconn_message(peer_address()), connect_timeout()));
}

ATC_TEST(Ble, BledisconnRejectsBadParametersAndKeepsTheLink,
         {.purpose = "Ensure that AT+BLEDISCONN with a conn_index other than 0 (only 0 is "
                     "supported) or malformed is answered ERROR and the link stays up",
          .clauses = {"esp32 §6.2.13"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  // Without a connection the document says nothing: recorded.
  observe("bledisconn_without_connection", dut().command("AT+BLEDISCONN=0").describe());
  ASSERT_TRUE(connect_to_peer());
  expect_error(
      {"AT+BLEDISCONN=1", "AT+BLEDISCONN=x", "AT+BLEDISCONN", "AT+BLEDISCONN?", "AT+BLEDISCONN=?"});
  EXPECT_FALSE(message(disconn_message(peer_address()), Millis{500}))
      << "a refused AT+BLEDISCONN ended the link";
  const auto dev = peer().device(address());
  EXPECT_TRUE(dev && dev->connected) << "the peer no longer sees the DUT connected";
  Response q = dut().command("AT+BLECONN?");
  EXPECT_EQ(q.values("BLECONN").size(), 1u) << q.tail;
}

ATC_TEST(Ble, BledatalenAcceptsTheRangeOnAConnection,
         {.purpose = "Ensure that AT+BLEDATALEN=0,<len> is OK for 0x1b..0xfb on a connection, "
                     "and ERROR without a connection, outside that range or with a conn_index "
                     "other than 0",
          .clauses = {"esp32 §6.2.14"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(is_error(dut().command("AT+BLEDATALEN=0,30"))) << "no connection yet";
  ASSERT_TRUE(connect_to_peer());
  for (const char* ok : {"AT+BLEDATALEN=0,27", "AT+BLEDATALEN=0,251", "AT+BLEDATALEN=0,30"}) {
    EXPECT_TRUE(is_ok(dut().command(ok))) << ok;
  }
  expect_error({"AT+BLEDATALEN=0,26", "AT+BLEDATALEN=0,252", "AT+BLEDATALEN=1,30",
                "AT+BLEDATALEN=0", "AT+BLEDATALEN=0,x", "AT+BLEDATALEN=?"});
}

ATC_TEST(Ble, BledatalenChangesTheLinkOnAir,
         {.purpose = "Ensure, from the air's ground truth, that AT+BLEDATALEN=0,30 changes the "
                     "DUT's LL data length on the link to 30",
          .clauses = {"esp32 §6.2.14"},
          .features = {"ble"},
          .pixit = {"ble", "air-truth"}}) {
  ASSERT_TRUE(init(kBleClient));
  ASSERT_TRUE(connect_to_peer());
  const std::string me = address();
  Response r = dut().command("AT+BLEDATALEN=0,30");
  ASSERT_TRUE(is_ok(r));
  const auto changed = truth().wait(
      "DATA_LEN_CHANGED", "", r.sent,
      [&](const auto& frames) {
        for (const auto& f : frames)
          if (f.to == support::truth_address(me) && f.number("tx") == 30) return true;
        return false;
      },
      Clock::now() + connect_timeout());
  bool ok = false;
  for (const auto& f : changed)
    ok = ok || (f.to == support::truth_address(me) && f.number("tx") == 30);
  EXPECT_TRUE(ok) << "the air saw no data length change to 30 from the DUT within "
                  << connect_timeout().count() << " ms";
}

ATC_TEST(Ble, BlecfgmtuIsNegotiatedWithThePeer,
         {.purpose = "Ensure that as a connected client AT+BLECFGMTU=0,200 is OK, AT+BLECFGMTU? "
                     "then reports the negotiated 200, and the peer's server sees writes with "
                     "that MTU",
          .clauses = {"esp32 §6.2.15"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  fixtures::BleLocalService svc;
  svc.uuid = "fff0";
  fixtures::BleLocalCharacteristic c;
  c.uuid = "fff2";
  c.flags = {"write"};
  svc.characteristics.push_back(c);
  peer().register_application({svc});
  ASSERT_TRUE(init(kBleClient));
  ASSERT_TRUE(connect_to_peer());
  // BlueZ exchanges its own MTU and reads the DUT's database when a link comes up; once it is
  // done the DUT's exchange is the last word (the order does not matter to an ESP-IDF stack,
  // whose AT+BLECFGMTU sets its local MTU for both roles).
  ASSERT_TRUE(peer().wait_services_resolved(address(), connect_deadline())) << peer_timeline();
  ASSERT_TRUE(is_ok(dut().command("AT+BLECFGMTU=0,200")));
  EXPECT_TRUE(mtu_becomes(200));
  // The write a peer's server sees carries the link's MTU (BlueZ's "mtu" option).
  const auto services = primary_services();
  int srv = 0;
  for (const auto& s : services)
    if (support::same_uuid(s.uuid, "fff0")) srv = s.index;
  ASSERT_NE(srv, 0) << "AT+BLEGATTCPRIMSRV=0 lists no 0xFFF0";
  const auto chars = remote_chars(srv);
  ASSERT_EQ(chars.size(), 1u);
  const std::string data(150, 'm');  // more than a 23-byte MTU could carry in one write
  const auto mark = peer().gatt_requests().size();
  auto x = with_data("AT+BLEGATTCWR=0," + std::to_string(srv) + "," + std::to_string(chars[0].chr) +
                         ",," + std::to_string(data.size()),
                     data);
  EXPECT_TRUE(sent_ok(x)) << "150 bytes fit one write with an MTU of 200";
  auto w = peer().wait_gatt_request(
      [](const fixtures::BleGattRequest& g) {
        return g.kind == fixtures::BleGattRequest::Kind::write;
      },
      connect_deadline(), mark);
  ASSERT_TRUE(w) << "the peer's server saw no write";
  EXPECT_EQ(w->mtu, std::optional<std::uint16_t>(200)) << "the link's MTU at the peer";
  EXPECT_EQ(w->value.size(), data.size());
}

ATC_TEST(Ble, BlecfgmtuRejectsWhatItCannotNegotiate,
         {.purpose = "Ensure that AT+BLECFGMTU without a connection, as a server, with an MTU "
                     "below 23 or a conn_index other than 0 is answered ERROR and the MTU is "
                     "unchanged",
          .clauses = {"esp32 §6.2.15"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(is_error(dut().command("AT+BLECFGMTU=0,200"))) << "no connection yet";
  ASSERT_TRUE(connect_to_peer());
  // BlueZ exchanges the MTU by itself once connected (as a real host does), so the MTU may
  // still change after the link is up: the value the refused commands must leave alone is the
  // settled one, read until it holds for a second (within the connect timeout).
  Response before;
  ASSERT_TRUE(query("BLECFGMTU", kMainRole, &before)) << before.tail;
  const auto settle_by = Clock::now() + connect_timeout();
  for (auto held_since = Clock::now();
       Clock::now() - held_since < 1s && Clock::now() < settle_by;) {
    std::this_thread::sleep_for(100ms);  // polling a condition, bounded by settle_by
    Response now = dut().command("AT+BLECFGMTU?");
    ASSERT_TRUE(has_lines(now, "BLECFGMTU", 1));
    if (now.values("BLECFGMTU") != before.values("BLECFGMTU")) {
      before = now;
      held_since = Clock::now();
    }
  }
  expect_error({"AT+BLECFGMTU=0,22", "AT+BLECFGMTU=1,200", "AT+BLECFGMTU=0,x", "AT+BLECFGMTU=0",
                "AT+BLECFGMTU=?"});
  EXPECT_TRUE(
      has_value(dut().command("AT+BLECFGMTU?"), "BLECFGMTU", before.values("BLECFGMTU").at(0)));
  // "Only the client can call this command".
  ASSERT_TRUE(is_ok(dut().command("AT+BLEDISCONN=0")));
  ASSERT_TRUE(got_urc(dut(), disconn_message(peer_address()), connect_timeout()));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=0")));
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  EXPECT_TRUE(is_error(dut().command("AT+BLECFGMTU=0,200"))) << "as a server";
}

}  // namespace atc::ble
