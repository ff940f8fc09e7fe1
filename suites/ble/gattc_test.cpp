// esp32 §6.2.24 AT+BLEGATTCPRIMSRV, §6.2.25 AT+BLEGATTCINCLSRV, §6.2.26 AT+BLEGATTCCHAR,
// §6.2.27 AT+BLEGATTCRD, §6.2.28 AT+BLEGATTCWR: the DUT as GATT client of the peer's server, an
// application the peer exports through BlueZ (peer_server.hpp): what the DUT discovers, reads
// and writes is checked against what the peer serves and what BlueZ asked of it.
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

using fixtures::BleGattRequest;
using namespace std::chrono_literals;

bool is_write(const BleGattRequest& g) {
  return g.kind == BleGattRequest::Kind::write;
}

}  // namespace

ATC_TEST(Ble, GattcprimsrvListsThePeersPrimaryServices,
         {.purpose = "Ensure that AT+BLEGATTCPRIMSRV=0 lists each primary service of the "
                     "connected server as +BLEGATTCPRIMSRV:0,<srv_index>,<srv_uuid>,<srv_type>, "
                     "indexes from 1, the server's GAP (0x1800) and GATT (0x1801) services "
                     "included, 16- and 128-bit UUIDs; and is ERROR without a connection or in "
                     "another form",
          .clauses = {"esp32 §6.2.24"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(is_error(dut().command("AT+BLEGATTCPRIMSRV=0", gatt_timeout())))
      << "no connection yet";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=0")));
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  for (std::size_t i = 0; i < p->services.size(); ++i) {
    EXPECT_EQ(p->services[i].index, static_cast<int>(i + 1)) << p->services[i].uuid;
    EXPECT_EQ(p->services[i].type, 1) << p->services[i].uuid << " is primary";
  }
  for (const char* base : {"1800", "1801"}) {
    bool found = false;
    for (const auto& s : p->services) found = found || support::same_uuid(s.uuid, base);
    EXPECT_TRUE(found) << "the server's 0x" << base << " is not listed";
  }
  expect_error({"AT+BLEGATTCPRIMSRV=1", "AT+BLEGATTCPRIMSRV", "AT+BLEGATTCPRIMSRV?",
                "AT+BLEGATTCPRIMSRV=0,1", "AT+BLEGATTCPRIMSRV=?"});
}

ATC_TEST(Ble, GattcinclsrvNamesTheIncludedService,
         {.purpose = "Ensure that AT+BLEGATTCINCLSRV=0,<srv_index> of a service that includes "
                     "another lists +BLEGATTCINCLSRV:0,<srv_index>,<srv_uuid>,<srv_type>,"
                     "<included_srv_uuid>,<included_srv_type> naming the included one, lists "
                     "nothing for a service without includes, and is ERROR for indexes that do "
                     "not exist",
          .clauses = {"esp32 §6.2.25"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  Response r = dut().command("AT+BLEGATTCINCLSRV=0," + std::to_string(p->outer), gatt_timeout());
  ASSERT_TRUE(is_ok(r));
  const auto lines = r.values("BLEGATTCINCLSRV");
  ASSERT_EQ(lines.size(), 1u) << r.tail;
  const Fields f = split_fields(lines[0]);
  ASSERT_EQ(f.size(), 6u) << lines[0];
  EXPECT_EQ(f[0].value, "0");
  EXPECT_EQ(f[1].value, std::to_string(p->outer));
  EXPECT_TRUE(support::same_uuid(f[2].value, kPeerOuter)) << lines[0];
  EXPECT_EQ(f[3].value, "1");
  EXPECT_TRUE(support::same_uuid(f[4].value, kPeerService))
      << "the included service is 0xFFF0: " << lines[0];
  EXPECT_EQ(f[5].value, "1") << "0xFFF0 is a primary service";
  r = dut().command("AT+BLEGATTCINCLSRV=0," + std::to_string(p->svc), gatt_timeout());
  EXPECT_TRUE(is_ok(r));
  EXPECT_TRUE(r.values("BLEGATTCINCLSRV").empty()) << "0xFFF0 includes nothing\n" << r.tail;
  const auto past = std::to_string(p->services.size() + 1);
  expect_error({"AT+BLEGATTCINCLSRV=0,0", "AT+BLEGATTCINCLSRV=0," + past,
                "AT+BLEGATTCINCLSRV=1," + std::to_string(p->outer), "AT+BLEGATTCINCLSRV=0",
                "AT+BLEGATTCINCLSRV?"});
}

ATC_TEST(Ble, GattccharListsThePeersCharacteristicsAndDescriptors,
         {.purpose = "Ensure that AT+BLEGATTCCHAR=0,<srv_index> lists each characteristic of "
                     "the service with the properties the server declares, and its descriptors "
                     "(0x2901, and the 0x2902 of notify and indicate characteristics); ERROR for "
                     "indexes that do not exist",
          .clauses = {"esp32 §6.2.26"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  const auto app = peer_application();
  for (const auto& local : app[0].characteristics) {
    const auto* c = p->chr(local.uuid);
    if (!c) {
      ADD_FAILURE() << "AT+BLEGATTCCHAR does not list " << local.uuid;
      continue;
    }
    EXPECT_EQ(c->srv, p->svc);
    EXPECT_EQ(c->props & 0x3E, props_of(local.flags)) << local.uuid << " properties " << c->props;
    auto has_desc = [&](const char* uuid) {
      for (const auto& [idx, u] : c->descs)
        if (support::same_uuid(u, uuid)) return true;
      return false;
    };
    if (!local.descriptors.empty()) {
      EXPECT_TRUE(has_desc("2901")) << local.uuid << ": 0x2901";
    }
    if (props_of(local.flags) & 0x30) {
      EXPECT_TRUE(has_desc("2902")) << local.uuid << ": 0x2902";
    }
  }
  for (std::size_t i = 0; i < p->chars.size(); ++i) {
    EXPECT_EQ(p->chars[i].chr, static_cast<int>(i + 1)) << "characteristic indexes from 1";
  }
  expect_error(
      {"AT+BLEGATTCCHAR=0,0", "AT+BLEGATTCCHAR=0," + std::to_string(p->services.size() + 1),
       "AT+BLEGATTCCHAR=1," + std::to_string(p->svc), "AT+BLEGATTCCHAR=0", "AT+BLEGATTCCHAR?"});
}

ATC_TEST(Ble, GattcrdReadsWhatThePeerServes,
         {.purpose = "Ensure that AT+BLEGATTCRD reads a characteristic as +BLEGATTCRD:0,<len>,"
                     "<value> with the value as a HEX string of what the server serves (a "
                     "100-byte value whole), and a descriptor, and that the server saw the "
                     "reads come from the DUT",
          .clauses = {"esp32 §6.2.27"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  const auto mark = peer().gatt_requests().size();
  EXPECT_TRUE(has_value(dut().command(p->at("AT+BLEGATTCRD", "fff1", ""), gatt_timeout()),
                        "BLEGATTCRD", "0,1,30"));
  const auto read = peer().wait_gatt_request(
      [](const BleGattRequest& g) { return g.kind == BleGattRequest::Kind::read; },
      connect_deadline(), mark);
  ASSERT_TRUE(read) << "the peer's server saw no read";
  const auto dev = peer().device(address());
  ASSERT_TRUE(dev);
  EXPECT_EQ(read->device, dev->path) << "the read came from the DUT";
  const std::string longer = peer_long_value();
  EXPECT_TRUE(has_value(dut().command(p->at("AT+BLEGATTCRD", "fff7", ""), gatt_timeout()),
                        "BLEGATTCRD", "0,100," + support::to_hex(support::bytes_of(longer))))
      << "a value longer than the MTU comes back whole";
  const auto* c = p->chr("fff1");
  ASSERT_TRUE(c && !c->descs.empty());
  EXPECT_TRUE(has_value(
      dut().command(p->at("AT+BLEGATTCRD", "fff1", "," + std::to_string(c->descs[0].first)),
                    gatt_timeout()),
      "BLEGATTCRD", "0,7," + support::to_hex(support::bytes_of("rw-desc"))));
}

ATC_TEST(Ble, GattcrdAnswersErrorForWhatCannotBeRead,
         {.purpose = "Ensure that AT+BLEGATTCRD of a characteristic without the read property, "
                     "one the server refuses to read, or indexes that do not exist is answered "
                     "ERROR",
          .clauses = {"esp32 §6.2.27"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  EXPECT_TRUE(is_error(dut().command(p->at("AT+BLEGATTCRD", "fff2", ""), gatt_timeout())))
      << "0xFFF2 has no read property";
  Response refused = dut().command(p->at("AT+BLEGATTCRD", kPeerRefusing, ""), gatt_timeout());
  EXPECT_TRUE(is_error(refused)) << "the server refused the read (ATT Read Not Permitted)";
  EXPECT_TRUE(refused.values("BLEGATTCRD").empty()) << refused.tail;
  expect_error({p->at("AT+BLEGATTCRD", "fff1", ",9"), "AT+BLEGATTCRD=0,0,1",
                "AT+BLEGATTCRD=0," + std::to_string(p->svc) + ",99",
                "AT+BLEGATTCRD=1," + std::to_string(p->svc) + ",1", "AT+BLEGATTCRD=0,1",
                "AT+BLEGATTCRD?"});
  // The channel works.
  EXPECT_TRUE(has_value(dut().command(p->at("AT+BLEGATTCRD", "fff1", ""), gatt_timeout()),
                        "BLEGATTCRD", "0,1,30"));
}

ATC_TEST(Ble, GattcwrWritesWhatThePeerReceives,
         {.purpose = "Ensure that AT+BLEGATTCWR writes exactly the bytes given after the prompt: "
                     "as a Write Request to a characteristic with write, a Write Command to one "
                     "with only write-without-response; and that writing 01 00 to a CCCD "
                     "subscribes, so the server's notification reaches the DUT as +NOTIFY",
          .clauses = {"esp32 §6.2.28"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  auto mark = peer().gatt_requests().size();
  ASSERT_TRUE(sent_ok(with_data(p->at("AT+BLEGATTCWR", "fff2", ",,6"), "123456")));
  auto w = peer().wait_gatt_request(is_write, connect_deadline(), mark);
  ASSERT_TRUE(w) << "the peer's server saw no write\n" << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(w->value), "313233343536");
  EXPECT_EQ(w->type, "request");
  mark = peer().gatt_requests().size();
  ASSERT_TRUE(sent_ok(with_data(p->at("AT+BLEGATTCWR", "fff3", ",,2"), "ab")));
  w = peer().wait_gatt_request(is_write, connect_deadline(), mark);
  ASSERT_TRUE(w) << "the peer's server saw no write without response\n" << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(w->value), "6162");
  EXPECT_EQ(w->type, "command");
  const auto* n = p->chr("fff4");
  ASSERT_TRUE(n);
  int cccd = 0;
  for (const auto& [idx, uuid] : n->descs)
    if (support::same_uuid(uuid, "2902")) cccd = idx;
  ASSERT_NE(cccd, 0) << "no 0x2902 listed for 0xFFF4";
  ASSERT_TRUE(sent_ok(with_data(p->at("AT+BLEGATTCWR", "fff4", "," + std::to_string(cccd) + ",2"),
                                std::string("\x01\x00", 2))));
  ASSERT_TRUE(peer().wait_local_notifying({kPeerService, "fff4"}, true, connect_deadline()))
      << "the CCC write did not subscribe\n"
      << peer_timeline();
  ASSERT_TRUE(peer().set_local_value({kPeerService, "fff4"}, support::bytes_of("hi"), true));
  std::optional<Event> e;
  ASSERT_TRUE(got_urc(dut(), "\\+NOTIFY:[\\s\\S]*", connect_timeout(), &e));
  const std::string head =
      "+NOTIFY:0," + std::to_string(p->svc) + "," + std::to_string(n->chr) + ",2,";
  EXPECT_EQ(e->text.substr(0, head.size()), head) << e->text;
  EXPECT_EQ(e->text.substr(std::min(e->text.size(), head.size())), "hi") << e->text;
}

ATC_TEST(Ble, GattcwrRefusesWhatCannotBeWritten,
         {.purpose = "Ensure that AT+BLEGATTCWR to a characteristic without a write property, "
                     "one the server refuses, or indexes that do not exist is answered ERROR "
                     "(the server got nothing but its own refusal), and that a value longer "
                     "than one write can carry is refused or written whole, never cut",
          .clauses = {"esp32 §6.2.28"},
          .features = {"ble", "ble-gattc"},
          .pixit = {"ble"}}) {
  auto p = client_of_peer();
  ASSERT_TRUE(p);
  const auto mark = peer().gatt_requests().size();
  const std::string svc = std::to_string(p->svc);
  for (const std::string& line :
       {p->at("AT+BLEGATTCWR", "fff7", ",,2"), p->at("AT+BLEGATTCWR", "fff1", ",9,2"),
        std::string("AT+BLEGATTCWR=0,0,1,,2"), "AT+BLEGATTCWR=0," + svc + ",99,,2",
        "AT+BLEGATTCWR=1," + svc + ",2,,2", std::string("AT+BLEGATTCWR?")})
    EXPECT_TRUE(refused(with_data(line, "zz"))) << line;
  // The server refuses: ERROR, whether before the data or after it.
  auto x = with_data(p->at("AT+BLEGATTCWR", kPeerRefusing, ",,2"), "no");
  EXPECT_TRUE(x.prompt.error() || (x.result && x.result->error()))
      << "a write the server refused (ATT Write Not Permitted) must end in ERROR: "
      << (x.result ? x.result->describe() : x.prompt.describe());
  const auto all = peer().gatt_requests();
  for (std::size_t i = mark; i < all.size(); ++i) {
    EXPECT_FALSE(is_write(all[i]) && !all[i].refused)
        << "the server received a write from a refused AT+BLEGATTCWR: "
        << fixtures::to_hex(all[i].value);
  }
  // Longer than one write can carry at a small MTU (set once BlueZ has done its own exchange
  // and discovery of the DUT, as in BlecfgmtuIsNegotiatedWithThePeer).
  ASSERT_TRUE(peer().wait_services_resolved(address(), connect_deadline())) << peer_timeline();
  ASSERT_TRUE(is_ok(dut().command("AT+BLECFGMTU=0,50")));
  ASSERT_TRUE(mtu_becomes(50));
  const long link_mtu = 50;
  const std::string big(static_cast<std::size_t>(link_mtu - 3 + 10), 'L');
  const auto before = peer().gatt_requests().size();
  x = with_data(p->at("AT+BLEGATTCWR", "fff2", ",," + std::to_string(big.size())), big);
  if (x.ok()) {
    // The server answers each write only after BlueZ handed it to the application, so by the
    // DUT's OK every write of the procedure is recorded.
    peer().wait_gatt_request(is_write, connect_deadline(), before);
    std::size_t got = 0;
    const auto now = peer().gatt_requests();
    for (std::size_t i = before; i < now.size(); ++i)
      if (is_write(now[i])) got += now[i].value.size();
    EXPECT_EQ(got, big.size()) << "AT+BLEGATTCWR of " << big.size() << " bytes answered OK but "
                               << "the server received " << got << " (MTU " << link_mtu << ")";
  } else {
    observe("gattcwr_long_value", "a write of " + std::to_string(big.size()) + " bytes (MTU " +
                                      std::to_string(link_mtu) + ") is refused");
  }
}

}  // namespace atc::ble
