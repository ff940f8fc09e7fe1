// ESP32 §9.5 BLE AT examples: 9.5.1.1 (the DUT advertises an iBeacon: the peer's BlueZ is the
// phone), 9.5.1.2 (the DUT scans for iBeacons: the peer advertises one), 9.5.2.1 (basic
// communication) and 9.5.2.2 (UART-BLE passthrough) between two ESP32 boards of the rig, each
// run in both directions. Both boards run the firmware under test, so whichever misbehaves, the
// test fails, and the message names the role. 9.5.2.3 is prose only (docs/errata.md).
// The +NOTIFY/+INDICATE index rule of 9.5.2.1 is also checked against the peer as server, so a
// single-board rig checks it too.
#include "suites/support/ble_test.hpp"

namespace atc::examples {

using namespace std::chrono_literals;
using support::kBleClient;
using support::kBleServer;

namespace {

// §9.5.1's iBeacon, in its correct 60-digit form (§9.5.1.1 prints 59: docs/errata.md).
constexpr const char* kIBeacon = "0201061aff4c000215fda50693a4e24fb1afcfc6eb0764782527b7f206c5";
constexpr const char* kIBeaconBody = "0215fda50693a4e24fb1afcfc6eb0764782527b7f206c5";
// §9.5.2.1's advertising data with the name's length byte corrected to 0A (docs/errata.md).
constexpr const char* kServerAdv = "0201060A09457370726573736966030302A0";

}  // namespace

class BleExamples : public support::BleTest {
 protected:
  // "<role> (<server|client>)", for messages.
  std::string who(std::string_view role, const char* part) {
    return std::string(role) + " (" + part + ")";
  }
  // Each step's command on `role` answers OK; a failure names the role and the command.
  ::testing::AssertionResult ok(std::string_view role, const std::string& line,
                                Millis timeout = Millis{10000}) {
    Response r = d(role).command(line, timeout);
    if (r.ok()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "on " << role << ": " << line << " answered " << r.describe() << "\n"
           << r.tail;
  }
  void basic_communication(std::string_view server, std::string_view client);
  void uart_ble_passthrough(std::string_view server, std::string_view client);
};

ATC_TEST(BleExamples, Example9511TheDutAdvertisesAnIBeacon,
         {.purpose = "Ensure that §9.5.1.1 works: AT+BLEINIT=2, AT+BLEADVDATA=<iBeacon>, "
                     "AT+BLEADVSTART, and a central (the phone of the example) sees the iBeacon: "
                     "Apple's company id 0x004C with the proximity UUID, major, minor and power",
          .clauses = {"esp32 §9.5.1.1"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(ok(kMainRole, "AT+BLEINIT=2"));
  ASSERT_TRUE(ok(kMainRole, std::string("AT+BLEADVDATA=\"") + kIBeacon + "\""));
  ASSERT_TRUE(ok(kMainRole, "AT+BLEADVSTART"));
  auto dev = discover(address(), [](const fixtures::BleDevice& x) {
    auto it = x.manufacturer_data.find(0x004C);
    return it != x.manufacturer_data.end() && fixtures::to_hex(it->second) == kIBeaconBody;
  });
  EXPECT_TRUE(dev) << "the central never saw the iBeacon";
}

ATC_TEST(BleExamples, Example9512TheDutScansForIBeacons,
         {.purpose = "Ensure that §9.5.1.2 works: AT+BLEINIT=1, AT+BLESCAN=1,3 answers OK and "
                     "+BLESCAN lines carry an advertising iBeacon's address and the frame of "
                     "Table 9-1 the host MCU parses (0xFF, 4C 00, 02 15, UUID, major, minor, "
                     "power)",
          .clauses = {"esp32 §9.5.1.2"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  fixtures::BleAdvertisement beacon;
  beacon.type = "broadcast";
  beacon.manufacturer_data = {{0x004C, *support::from_hex(kIBeaconBody)}};
  peer().advertise(beacon);
  const std::string pa = peer_address();
  ASSERT_TRUE(ok(kMainRole, "AT+BLEINIT=1"));
  Response scan = dut().command("AT+BLESCAN=1,3");
  ASSERT_TRUE(is_ok(scan));
  bool found = false;
  for (const auto until = scan.done + 3500ms; !found && Clock::now() < until;) {
    auto e =
        dut().wait_urc("\\+BLESCAN:.*", std::chrono::duration_cast<Millis>(until - Clock::now()));
    if (!e) break;
    auto line = support::parse_blescan(*e);
    if (!line || line->address != pa) continue;
    auto m = support::ad_field(line->adv, 0xFF);
    found = m && support::to_hex(*m) == std::string("4c00") + kIBeaconBody;
    if (!found) ADD_FAILURE() << "the iBeacon's line lacks its frame: " << e->text;
  }
  EXPECT_TRUE(found) << "no +BLESCAN line of the iBeacon " << pa << " in 3 s";
}

ATC_TEST(BleExamples, Example9521NotifyAndIndicateCarryTheClientsIndexes,
         {.purpose = "Ensure that, as §9.5.2.1 shows, a client's +NOTIFY and +INDICATE carry "
                     "<conn_index>,<srv_index>,<char_index>,<len>,<value> with the indexes the "
                     "client discovered (not the server's): here against the peer as server",
          .clauses = {"esp32 §9.5.2.1"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  fixtures::BleLocalService svc;
  svc.uuid = "fff0";
  for (const char* uuid : {"fff4", "fff5"}) {
    fixtures::BleLocalCharacteristic c;
    c.uuid = uuid;
    c.flags = {std::string(uuid) == "fff4" ? "notify" : "indicate"};
    svc.characteristics.push_back(c);
  }
  peer().register_application({svc});
  ASSERT_TRUE(ok(kMainRole, "AT+BLEINIT=1"));
  ASSERT_TRUE(connect_to_peer());
  int srv = 0;
  for (const auto& s : primary_services())
    if (support::same_uuid(s.uuid, "fff0")) srv = s.index;
  ASSERT_NE(srv, 0) << "AT+BLEGATTCPRIMSRV=0 lists no 0xFFF0";
  const auto chars = remote_chars(srv);
  for (const char* uuid : {"fff4", "fff5"}) {
    const bool notify = std::string(uuid) == "fff4";
    const support::RemoteChar* c = nullptr;
    for (const auto& x : chars)
      if (support::same_uuid(x.uuid, uuid)) c = &x;
    ASSERT_TRUE(c) << "AT+BLEGATTCCHAR lists no " << uuid;
    int cccd = 0;
    for (const auto& [idx, u] : c->descs)
      if (support::same_uuid(u, "2902")) cccd = idx;
    ASSERT_NE(cccd, 0) << uuid << " has no 0x2902 listed";
    const std::string at = "AT+BLEGATTCWR=0," + std::to_string(srv) + "," + std::to_string(c->chr) +
                           "," + std::to_string(cccd) + ",2";
    ASSERT_TRUE(
        sent_ok(with_data(at, notify ? std::string("\x01\x00", 2) : std::string("\x02\x00", 2))));
    ASSERT_TRUE(peer().wait_local_notifying({"fff0", uuid}, true, connect_deadline()));
    ASSERT_TRUE(peer().set_local_value({"fff0", uuid}, support::bytes_of("v\r\n"), true));
    std::optional<Event> e;
    const std::string kind = notify ? "NOTIFY" : "INDICATE";
    ASSERT_TRUE(got_urc(dut(), "\\+" + kind + ":[\\s\\S]*", connect_timeout(), &e));
    const std::string want =
        "+" + kind + ":0," + std::to_string(srv) + "," + std::to_string(c->chr) + ",3,v\r\n";
    EXPECT_EQ(e->text, want)
        << "the client's indexes as AT+BLEGATTCPRIMSRV/AT+BLEGATTCCHAR gave them";
  }
}

void BleExamples::basic_communication(std::string_view server, std::string_view client) {
  const std::string S = who(server, "server"), C = who(client, "client");
  // 1. Initialisation.
  ASSERT_TRUE(ok(server, "AT+BLEINIT=2"));
  ASSERT_TRUE(ok(server, "AT+BLEGATTSSRVCRE"));
  ASSERT_TRUE(ok(server, "AT+BLEGATTSSRVSTART"));
  ASSERT_TRUE(ok(client, "AT+BLEINIT=1"));
  // 2. The connection.
  const std::string server_addr = address(server), client_addr = address(client);
  ASSERT_FALSE(server_addr.empty() || client_addr.empty());
  ASSERT_TRUE(ok(server, "AT+BLEADVPARAM=32,64,0,0,7"));
  ASSERT_TRUE(ok(server, std::string("AT+BLEADVDATA=\"") + kServerAdv + "\""));
  ASSERT_TRUE(ok(server, "AT+BLEADVSTART"));
  ASSERT_TRUE(ok(client, "AT+BLESCANPARAM=1,0,0,100,50"));
  Response scan = d(client).command("AT+BLESCAN=1,3");
  ASSERT_TRUE(is_ok(scan)) << C;
  bool seen = false;
  for (const auto until = scan.done + 3500ms; Clock::now() < until;) {
    auto e = d(client).wait_urc("\\+BLESCAN:.*",
                                std::chrono::duration_cast<Millis>(until - Clock::now()));
    if (!e) break;
    if (auto l = support::parse_blescan(*e); l && l->address == server_addr) seen = true;
  }
  EXPECT_TRUE(seen) << C << " did not scan " << S << " (" << server_addr << ")";
  ASSERT_TRUE(ok(client, "AT+BLECONN=0,\"" + lower(server_addr) + "\""));
  ASSERT_TRUE(got_urc(d(client), conn_message(server_addr), Millis{10000})) << C;
  ASSERT_TRUE(got_urc(d(server), conn_message(client_addr), Millis{10000})) << S;
  ASSERT_TRUE(ok(client, "AT+BLECONNPARAM=0,30,30,0,600"));
  bool updated = false;
  for (const auto until = Clock::now() + 5s; !updated && Clock::now() < until;) {
    updated = has_value(d(client).command("AT+BLECONNPARAM?"), "BLECONNPARAM", "0,30,30,30,0,600");
    if (!updated) d(client).wait_urc("\\+BLECONNPARAM ?: ?0,-1", Millis{200});
  }
  EXPECT_TRUE(updated) << C << ": AT+BLECONNPARAM? never showed 0,30,30,30,0,600";
  ASSERT_TRUE(ok(client, "AT+BLECFGMTU=0,200"));
  bool mtu = false;
  for (const auto until = Clock::now() + 5s; !mtu && Clock::now() < until;) {
    mtu = has_value(d(client).command("AT+BLECFGMTU?"), "BLECFGMTU", "0,200");
    if (!mtu) d(client).wait_urc("\\+BLECFGMTU:.*", Millis{200});
  }
  EXPECT_TRUE(mtu) << C << ": AT+BLECFGMTU? never showed 0,200";
  // 3. Services and characteristics on both sides: the client's index is the server's + 2.
  Response local = d(server).command("AT+BLEGATTSSRV?");
  const auto rows = local.values("BLEGATTSSRV");
  ASSERT_FALSE(rows.empty()) << S << ": AT+BLEGATTSSRV? lists nothing\n" << local.tail;
  const Fields first = split_fields(rows[0]);
  EXPECT_TRUE(first.size() == 4 && first[0].value == "1" && first[1].value == "1" &&
              support::same_uuid(first[2].value, "a002") && first[3].value == "1")
      << S << ": +BLEGATTSSRV:" << rows[0] << " (the example: 1,1,0xA002,1)";
  ASSERT_FALSE(local_chars(server).empty()) << S;
  int srv = 0;
  const auto services = primary_services(client);
  for (const auto& s : services)
    if (support::same_uuid(s.uuid, "a002")) srv = s.index;
  ASSERT_EQ(srv, 3) << C << ": 0xA002 is the server's service 1, so the client's 3 (the notice)";
  const auto chars = remote_chars(srv, client);
  const std::vector<std::pair<const char*, int>> want{
      {"c300", 2}, {"c301", 2}, {"c302", 8}, {"c303", 4}, {"c304", 8}, {"c305", 16}, {"c306", 32}};
  ASSERT_EQ(chars.size(), want.size()) << C << ": the characteristics of 0xA002";
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(support::same_uuid(chars[i].uuid, want[i].first)) << C << ": " << chars[i].uuid;
    EXPECT_EQ(chars[i].props & 0x3E, want[i].second) << C << ": " << chars[i].uuid;
  }
  // Read: HEX on the client, +READ on the server.
  EXPECT_TRUE(
      has_value(d(client).command("AT+BLEGATTCRD=0,3,1", gatt_timeout()), "BLEGATTCRD", "0,1,30"))
      << C;
  EXPECT_TRUE(got_urc(d(server), "\\+READ:0," + support::address_regex(client_addr), 5s)) << S;
  // Write (C302 takes one byte in the default table: docs/errata.md): +WRITE on the server.
  EXPECT_TRUE(sent_ok(with_data("AT+BLEGATTCWR=0,3,3,,1", "7", client))) << C;
  std::optional<Event> w;
  EXPECT_TRUE(got_urc(d(server), "\\+WRITE:[\\s\\S]*", 5s, &w)) << S;
  if (w) {
    EXPECT_EQ(w->text, "+WRITE:0,1,3,,1,7") << S;
  }
  // 4. Notify: the client configures the CCCD (01 00), the server notifies.
  EXPECT_TRUE(sent_ok(with_data("AT+BLEGATTCWR=0,3,6,1,2", std::string("\x01\x00", 2), client)))
      << C;
  EXPECT_TRUE(got_urc(d(server), "\\+WRITE:[\\s\\S]*", 5s)) << S << ": the CCCD write";
  EXPECT_TRUE(sent_ok(with_data("AT+BLEGATTSNTFY=0,1,6,3", "a\r\n", server))) << S;
  std::optional<Event> n;
  EXPECT_TRUE(got_urc(d(client), "\\+NOTIFY:[\\s\\S]*", 5s, &n)) << C;
  if (n) {
    EXPECT_EQ(n->text, "+NOTIFY:0,3,6,3,a\r\n") << C << ": the client's indexes (server's + 2)";
  }
  // 5. Indicate.
  EXPECT_TRUE(sent_ok(with_data("AT+BLEGATTCWR=0,3,7,1,2", std::string("\x02\x00", 2), client)))
      << C;
  EXPECT_TRUE(got_urc(d(server), "\\+WRITE:[\\s\\S]*", 5s)) << S << ": the CCCD write";
  EXPECT_TRUE(sent_ok(with_data("AT+BLEGATTSIND=0,1,7,3", "xyz", server))) << S;
  std::optional<Event> i;
  EXPECT_TRUE(got_urc(d(client), "\\+INDICATE:[\\s\\S]*", 5s, &i)) << C;
  if (i) {
    EXPECT_EQ(i->text, "+INDICATE:0,3,7,3,xyz") << C;
  }
  // The link ends on both sides.
  ASSERT_TRUE(ok(client, "AT+BLEDISCONN=0"));
  EXPECT_TRUE(got_urc(d(client), disconn_message(server_addr), 5s)) << C;
  EXPECT_TRUE(got_urc(d(server), disconn_message(client_addr), 5s)) << S;
}

ATC_TEST(BleExamples, Example9521TwoBoardsTheDutServes,
         {.purpose = "Ensure that §9.5.2.1 works between two boards, the DUT as GATT server and "
                     "board b as client: scan, connect, parameters, MTU, discovery with the +2 "
                     "index, read (+READ), write (+WRITE), notify and indicate through the CCCD, "
                     "disconnection on both sides",
          .clauses = {"esp32 §9.5.2.1"},
          .features = {"ble", "ble-gatts", "ble-gattc"},
          .pixit = {"ble-air"},
          .roles = {"b"}}) {
  basic_communication(kMainRole, "b");
}

ATC_TEST(BleExamples, Example9521TwoBoardsTheDutConnects,
         {.purpose = "Ensure that §9.5.2.1 works between two boards, board b as GATT server and "
                     "the DUT as client, step for step as with the roles the other way round",
          .clauses = {"esp32 §9.5.2.1"},
          .features = {"ble", "ble-gatts", "ble-gattc"},
          .pixit = {"ble-air"},
          .roles = {"b"}}) {
  basic_communication("b", kMainRole);
}

void BleExamples::uart_ble_passthrough(std::string_view server, std::string_view client) {
  const std::string S = who(server, "server"), C = who(client, "client");
  ASSERT_TRUE(ok(server, "AT+BLEINIT=2"));
  ASSERT_TRUE(ok(server, "AT+BLEGATTSSRVCRE"));
  ASSERT_TRUE(ok(server, "AT+BLEGATTSSRVSTART"));
  ASSERT_TRUE(ok(client, "AT+BLEINIT=1"));
  const std::string server_addr = address(server), client_addr = address(client);
  ASSERT_FALSE(server_addr.empty() || client_addr.empty());
  ASSERT_TRUE(ok(server, std::string("AT+BLEADVDATA=\"") + kServerAdv + "\""));
  ASSERT_TRUE(ok(server, "AT+BLEADVSTART"));
  ASSERT_TRUE(ok(client, "AT+BLECONN=0,\"" + lower(server_addr) + "\""));
  ASSERT_TRUE(got_urc(d(client), conn_message(server_addr), Millis{10000})) << C;
  ASSERT_TRUE(got_urc(d(server), conn_message(client_addr), Millis{10000})) << S;
  ASSERT_FALSE(local_chars(server).empty()) << S;
  int srv = 0;
  for (const auto& s : primary_services(client))
    if (support::same_uuid(s.uuid, "a002")) srv = s.index;
  ASSERT_EQ(srv, 3) << C;
  ASSERT_EQ(remote_chars(3, client).size(), 7u) << C;
  // 4. SPP: the client first (tx C304, rx C306), then the server (tx C306, rx C304).
  ASSERT_TRUE(ok(client, "AT+BLESPPCFG=1,3,5,3,7"));
  ASSERT_EQ(enter_spp(client).final, Final::prompt) << C;
  on_teardown("client leaves SPP", [this, client] {
    if (d(client).in_passthrough()) d(client).exit_passthrough();
  });
  ASSERT_TRUE(ok(server, "AT+BLESPPCFG=1,1,7,1,5"));
  ASSERT_EQ(enter_spp(server).final, Final::prompt) << S;
  on_teardown("server leaves SPP", [this, server] {
    if (d(server).in_passthrough()) d(server).exit_passthrough();
  });
  const std::string up = "from the client's UART\r\n";
  d(client).write_raw(up);
  EXPECT_EQ(d(server).take_raw(up.size(), Millis{3000}), up) << S << " received";
  const std::string down = "and back from the server\r\n";
  d(server).write_raw(down);
  EXPECT_EQ(d(client).take_raw(down.size(), Millis{3000}), down) << C << " received";
  d(client).exit_passthrough();
  d(server).exit_passthrough();
  EXPECT_TRUE(ok(client, "AT")) << "+++ returns " << C << " to command mode";
  EXPECT_TRUE(ok(server, "AT")) << "+++ returns " << S << " to command mode";
}

ATC_TEST(BleExamples, Example9522TwoBoardsTheDutServes,
         {.purpose = "Ensure that §9.5.2.2 works between two boards, the DUT as server and board "
                     "b as client: both enter UART-BLE passthrough and bytes written to one UART "
                     "come out of the other, both ways; +++ ends it on both",
          .clauses = {"esp32 §9.5.2.2"},
          .features = {"ble", "ble-gatts", "ble-gattc", "ble-spp"},
          .pixit = {"ble-air"},
          .roles = {"b"}}) {
  uart_ble_passthrough(kMainRole, "b");
}

ATC_TEST(BleExamples, Example9522TwoBoardsTheDutConnects,
         {.purpose = "Ensure that §9.5.2.2 works between two boards, board b as server and the "
                     "DUT as client",
          .clauses = {"esp32 §9.5.2.2"},
          .features = {"ble", "ble-gatts", "ble-gattc", "ble-spp"},
          .pixit = {"ble-air"},
          .roles = {"b"}}) {
  uart_ble_passthrough("b", kMainRole);
}

}  // namespace atc::examples
