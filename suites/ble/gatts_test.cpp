// esp32 §6.2.16 AT+BLEGATTSSRVCRE, §6.2.17 AT+BLEGATTSSRVSTART, §6.2.18 AT+BLEGATTSSRVSTOP,
// §6.2.19 AT+BLEGATTSSRV, §6.2.20 AT+BLEGATTSCHAR: the GATT server's table (the ble_data
// partition: esp-at's default service bin) as the DUT lists it and as a central resolves it.
#include <algorithm>

#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

// AT+BLEGATTSSRV? as (index, start, uuid, type) rows.
struct SrvRow {
  int index = 0, start = -1, type = -1;
  std::string uuid;
};
std::vector<SrvRow> srv_rows(const Response& r) {
  std::vector<SrvRow> out;
  for (const auto& v : r.values("BLEGATTSSRV")) {
    const Fields f = split_fields(v);
    SrvRow row;
    if (f.size() >= 4) {
      row.index = static_cast<int>(to_number(f[0].value).value_or(-1));
      row.start = static_cast<int>(to_number(f[1].value).value_or(-1));
      row.uuid = f[2].value;
      row.type = static_cast<int>(to_number(f[3].value).value_or(-1));
    }
    out.push_back(row);
  }
  return out;
}

// BlueZ's Flags for the properties byte (Core Vol 3 Part G 3.3.1.1).
std::vector<std::string> flags_of(int props) {
  std::vector<std::string> f;
  const std::pair<int, const char*> bits[] = {{0x02, "read"},
                                              {0x04, "write-without-response"},
                                              {0x08, "write"},
                                              {0x10, "notify"},
                                              {0x20, "indicate"}};
  for (const auto& [bit, name] : bits)
    if (props & bit) f.push_back(name);
  return f;
}

bool has_flag(const std::vector<std::string>& flags, const std::string& f) {
  return std::find(flags.begin(), flags.end(), f) != flags.end();
}

}  // namespace

ATC_TEST(Ble, GattssrvcreCreatesTheServiceTable,
         {.purpose = "Ensure that on a server AT+BLEGATTSSRVCRE answers OK and creates the "
                     "services of the ble_data table, not yet started, and that it is answered "
                     "ERROR in the client role or in an undefined form",
          .clauses = {"esp32 §6.2.16"},
          .features = {"ble", "ble-gatts"}}) {
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(is_error(dut().command("AT+BLEGATTSSRVCRE"))) << "a client has no GATT server";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=0")));
  ASSERT_TRUE(init(kBleServer));
  // Before the services exist the query lists none (OK alone, or ERROR: the document is silent).
  Response before = dut().command("AT+BLEGATTSSRV?");
  EXPECT_TRUE(before.ok() || before.error()) << before.describe();
  EXPECT_TRUE(srv_rows(before).empty()) << "services before AT+BLEGATTSSRVCRE:\n" << before.tail;
  observe("blegattssrv_before_create", before.describe());
  expect_error({"AT+BLEGATTSSRVCRE=1", "AT+BLEGATTSSRVCRE?", "AT+BLEGATTSSRVCRE=?"});
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  Response after = dut().command("AT+BLEGATTSSRV?");
  ASSERT_TRUE(is_ok(after));
  const auto rows = srv_rows(after);
  ASSERT_FALSE(rows.empty()) << "AT+BLEGATTSSRVCRE created no service";
  for (const auto& row : rows) EXPECT_EQ(row.start, 0) << "created, not started: " << row.uuid;
}

ATC_TEST(Ble, GattssrvcreFailsOnceAConnectionExists,
         {.purpose = "Ensure that AT+BLEGATTSSRVCRE is answered ERROR once a BLE connection is "
                     "established (\"the service creation will fail\") and no service exists",
          .clauses = {"esp32 §6.2.16"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  EXPECT_TRUE(is_error(dut().command("AT+BLEGATTSSRVCRE")));
  Response r = dut().command("AT+BLEGATTSSRV?");
  EXPECT_TRUE(r.ok() || r.error()) << r.describe();
  EXPECT_TRUE(srv_rows(r).empty()) << "a refused AT+BLEGATTSSRVCRE created services\n" << r.tail;
}

ATC_TEST(Ble, GattssrvstartServesTheTableToTheCentral,
         {.purpose = "Ensure that after AT+BLEGATTSSRVSTART every service shows start 1 and a "
                     "central resolves the 0xA002 service with its characteristics C300-C306",
          .clauses = {"esp32 §6.2.17"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  for (const auto& row : srv_rows(dut().command("AT+BLEGATTSSRV?"))) {
    EXPECT_EQ(row.start, 1) << row.uuid;
  }
  ASSERT_TRUE(peer_connects());
  const auto svc = peer().service(address(), kTableService);
  ASSERT_TRUE(svc) << "the central did not resolve service 0xA002\n" << peer_timeline();
  for (const char* c : {"c300", "c301", "c302", "c303", "c304", "c305", "c306"}) {
    EXPECT_TRUE(peer().characteristic(address(), {kTableService, c}))
        << "characteristic " << c << " of 0xA002";
  }
}

ATC_TEST(Ble, GattssrvstartRejectsBadIndexesAndStartsOneService,
         {.purpose = "Ensure that AT+BLEGATTSSRVSTART before the services exist, or with an "
                     "index of 0, past the last service or malformed is answered ERROR and "
                     "starts nothing, and that AT+BLEGATTSSRVSTART=1 starts service 1",
          .clauses = {"esp32 §6.2.17"},
          .features = {"ble", "ble-gatts"}}) {
  ASSERT_TRUE(init(kBleServer));
  EXPECT_TRUE(is_error(dut().command("AT+BLEGATTSSRVSTART"))) << "no services created yet";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  const auto rows = srv_rows(dut().command("AT+BLEGATTSSRV?"));
  ASSERT_FALSE(rows.empty());
  const std::string past = std::to_string(rows.size() + 1);
  expect_error({"AT+BLEGATTSSRVSTART=0", "AT+BLEGATTSSRVSTART=" + past, "AT+BLEGATTSSRVSTART=x",
                "AT+BLEGATTSSRVSTART=1,1", "AT+BLEGATTSSRVSTART?"});
  for (const auto& row : srv_rows(dut().command("AT+BLEGATTSSRV?"))) {
    EXPECT_EQ(row.start, 0) << "a refused start started " << row.uuid;
  }
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVSTART=1")));
  for (const auto& row : srv_rows(dut().command("AT+BLEGATTSSRV?"))) {
    EXPECT_EQ(row.start, row.index == 1 ? 1 : 0) << "service " << row.index;
  }
}

ATC_TEST(Ble, GattssrvstopWithdrawsTheService,
         {.purpose = "Ensure that AT+BLEGATTSSRVSTOP with a bad index is answered ERROR and "
                     "stops nothing, that AT+BLEGATTSSRVSTOP shows start 0 for every service, "
                     "and that a central connecting then does not find 0xA002",
          .clauses = {"esp32 §6.2.18"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVSTART")));
  const auto rows = srv_rows(dut().command("AT+BLEGATTSSRV?"));
  ASSERT_FALSE(rows.empty());
  expect_error({"AT+BLEGATTSSRVSTOP=0", "AT+BLEGATTSSRVSTOP=" + std::to_string(rows.size() + 1),
                "AT+BLEGATTSSRVSTOP=x", "AT+BLEGATTSSRVSTOP?"});
  for (const auto& row : srv_rows(dut().command("AT+BLEGATTSSRV?"))) {
    EXPECT_EQ(row.start, 1) << "a refused stop stopped " << row.uuid;
  }
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVSTOP")));
  for (const auto& row : srv_rows(dut().command("AT+BLEGATTSSRV?"))) {
    EXPECT_EQ(row.start, 0) << row.uuid << " still started";
  }
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects());
  EXPECT_FALSE(peer().service(address(), kTableService))
      << "the central resolved 0xA002 after AT+BLEGATTSSRVSTOP";
}

ATC_TEST(Ble, GattssrvListsTheServicesFromOne,
         {.purpose = "Ensure that AT+BLEGATTSSRV? lists +BLEGATTSSRV:<srv_index>,<start>,"
                     "<srv_uuid>,<srv_type> for each service, indexes from 1 without gaps, the "
                     "default table's 0xA002 as a primary service, start following "
                     "AT+BLEGATTSSRVSTART; other forms are answered ERROR",
          .clauses = {"esp32 §6.2.19"},
          .features = {"ble", "ble-gatts"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  auto rows = srv_rows(dut().command("AT+BLEGATTSSRV?"));
  ASSERT_FALSE(rows.empty());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].index, static_cast<int>(i + 1)) << "service indexes start from 1";
  }
  EXPECT_TRUE(support::same_uuid(rows[0].uuid, kTableService))
      << "the default table's first service is 0xA002, not " << rows[0].uuid;
  EXPECT_EQ(rows[0].type, 1) << "0xA002 is a primary service";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVSTART=1")));
  rows = srv_rows(dut().command("AT+BLEGATTSSRV?"));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].start, 1);
  expect_error({"AT+BLEGATTSSRV", "AT+BLEGATTSSRV=1", "AT+BLEGATTSSRV=?"});
}

ATC_TEST(Ble, GattscharMatchesWhatTheCentralResolves,
         {.purpose = "Ensure that AT+BLEGATTSCHAR? lists each characteristic with its UUID and "
                     "properties and its descriptors, and that the properties are those a "
                     "central resolves (BlueZ's Flags); other forms are answered ERROR",
          .clauses = {"esp32 §6.2.20"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  const auto chars = local_chars();
  ASSERT_FALSE(chars.empty()) << "AT+BLEGATTSCHAR? lists no characteristic";
  expect_error({"AT+BLEGATTSCHAR", "AT+BLEGATTSCHAR=1", "AT+BLEGATTSCHAR=?"});
  ASSERT_TRUE(peer_connects());
  int compared = 0;
  for (const auto& c : chars) {
    if (c.srv != 1) continue;
    ASSERT_GE(c.props, 0) << "no <char_prop> for " << c.uuid;
    auto remote = peer().characteristic(address(), {kTableService, c.uuid});
    if (!remote) {
      ADD_FAILURE() << "the central did not resolve " << c.uuid;
      continue;
    }
    ++compared;
    for (const auto& f : flags_of(c.props)) {
      EXPECT_TRUE(has_flag(remote->flags, f))
          << c.uuid << ": AT+BLEGATTSCHAR? says " << f << " (props " << c.props
          << "), the central does not see it";
    }
    for (const std::string f : {"read", "write-without-response", "write", "notify", "indicate"})
      if (has_flag(remote->flags, f)) {
        EXPECT_TRUE(has_flag(flags_of(c.props), f))
            << c.uuid << ": the central sees " << f << ", AT+BLEGATTSCHAR? says props " << c.props;
      }
  }
  EXPECT_GE(compared, 7) << "the characteristics C300-C306 of 0xA002";
}

}  // namespace atc::ble
