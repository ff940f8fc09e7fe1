// esp32 §6.2.2 AT+BLEADDR and §6.2.3 AT+BLENAME (spelled AT+BLENANE in the document): the
// address a central sees, the random address for own_addr_type 1, and the GAP Device Name.
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {
constexpr const char* kRandom = "C8:12:34:56:78:9A";  // static random: the top two bits are 11
}

ATC_TEST(Ble, BleaddrIsThePublicAddressTheCentralSees,
         {.purpose = "Ensure that AT+BLEADDR? reports one unicast address, the same each time, "
                     "and that it is the public address a central discovers when the DUT "
                     "advertises with own_addr_type 0",
          .clauses = {"esp32 §6.2.2"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  Response r;
  auto a = query("BLEADDR", kMainRole, &r);
  ASSERT_TRUE(a && a->size() == 1) << r.describe() << "\n" << r.tail;
  const std::string addr = support::ble_address((*a)[0].value);
  ASSERT_FALSE(addr.empty()) << "+BLEADDR:" << (*a)[0].value << " is not an address";
  EXPECT_TRUE(mac_bit0_clear(addr)) << addr << " is a multicast address";
  EXPECT_TRUE(has_value(dut().command("AT+BLEADDR?"), "BLEADDR", (*a)[0].value));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  auto dev = discover(addr);
  ASSERT_TRUE(dev);
  EXPECT_EQ(dev->address_type, "public") << "advertised with own_addr_type 0";
}

ATC_TEST(Ble, BleaddrSetsTheRandomAddressUsedForAdvertising,
         {.purpose = "Ensure that AT+BLEADDR=1,<static random address> is OK, that advertising "
                     "with own_addr_type 1 uses that address (the central sees it as random), "
                     "and that AT+BLEADDR? still reports the public address",
          .clauses = {"esp32 §6.2.2"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  const std::string pub = address();
  ASSERT_FALSE(pub.empty());
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADDR=1,\"" + lower(kRandom) + "\"")));
  Response r;
  auto a = query("BLEADDR", kMainRole, &r);
  ASSERT_TRUE(a && a->size() == 1) << r.tail;
  EXPECT_EQ(support::ble_address((*a)[0].value), pub)
      << "AT+BLEADDR? must report the public address, not the random one set";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVPARAM=32,64,0,1,7")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  auto dev = discover(kRandom);
  ASSERT_TRUE(dev) << "advertising with own_addr_type 1 should use " << kRandom;
  EXPECT_EQ(dev->address_type, "random");
}

ATC_TEST(Ble, BleaddrRejectsAddressesThatAreNotStaticRandom,
         {.purpose = "Ensure that AT+BLEADDR with a random address whose two top bits are not "
                     "11 (the document's own example among them), a public address type, an "
                     "unknown type or a malformed address is answered ERROR, and advertising "
                     "with own_addr_type 1 still uses the address set before",
          .clauses = {"esp32 §6.2.2"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADDR=1,\"" + lower(kRandom) + "\"")));
  expect_error({
      "AT+BLEADDR=1,\"08:7f:24:87:1c:f7\"",  // §6.2.2's example: top bits 00 (docs/errata.md)
      "AT+BLEADDR=1,\"48:12:34:56:78:9a\"",  // 01
      "AT+BLEADDR=1,\"88:12:34:56:78:9a\"",  // 10
      "AT+BLEADDR=0,\"c8:12:34:56:78:9b\"",  // setting the public address is not supported
      "AT+BLEADDR=2,\"c8:12:34:56:78:9b\"",
      "AT+BLEADDR=1,c8:12:34:56:78:9b",  // unquoted
      "AT+BLEADDR=1,\"c8:12:34:56:78\"",
      "AT+BLEADDR=1,\"c8:12:34:56:78:zz\"",
      "AT+BLEADDR=1",
      "AT+BLEADDR=?",
  });
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVPARAM=32,64,0,1,7")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  auto dev = discover(kRandom);
  EXPECT_TRUE(dev) << "a refused AT+BLEADDR replaced the random address " << kRandom;
}

ATC_TEST(Ble, BlenameDefaultsToBleAtAndIsNotSaved,
         {.purpose = "Ensure that the default BLE name is BLE_AT, AT+BLENAME=<name> sets what "
                     "AT+BLENAME? reports, malformed names are answered ERROR with the name "
                     "unchanged, and after AT+RST the name is BLE_AT again",
          .clauses = {"esp32 §6.2.3"},
          .features = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  EXPECT_TRUE(has_value(dut().command("AT+BLENAME?"), "BLENAME", "BLE_AT"));
  ASSERT_TRUE(is_ok(dut().command("AT+BLENAME=\"esp_demo\"")));
  EXPECT_TRUE(has_value(dut().command("AT+BLENAME?"), "BLENAME", "esp_demo"));
  expect_error({"AT+BLENAME=esp_other", "AT+BLENAME=\"a\",\"b\"", "AT+BLENAME", "AT+BLENAME=?"});
  EXPECT_TRUE(has_value(dut().command("AT+BLENAME?"), "BLENAME", "esp_demo"));
  ASSERT_TRUE(dut().reset_by_command().ready) << dut().tail();
  ASSERT_TRUE(init(kBleServer));
  EXPECT_TRUE(has_value(dut().command("AT+BLENAME?"), "BLENAME", "BLE_AT"))
      << "the name is not in §7: it must not survive AT+RST";
}

ATC_TEST(Ble, BlenameIsTheGapDeviceNameTheCentralReads,
         {.purpose = "Ensure that the name set with AT+BLENAME is the GAP Device Name a central "
                     "reads once connected (BlueZ's Device1.Name), while the advertising data "
                     "does not carry it",
          .clauses = {"esp32 §6.2.3"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  const std::string name = "atc-gap-name";
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLENAME=\"" + name + "\"")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  const std::string a = address();
  auto seen = discover(a);
  ASSERT_TRUE(seen);
  EXPECT_NE(seen->name, name) << "the advertising data carries the name set with AT+BLENAME";
  ASSERT_TRUE(peer_connects());
  // BlueZ reads the GAP Device Name after resolving the services.
  auto dev = peer().wait_device(a, connect_deadline(),
                                [&](const fixtures::BleDevice& x) { return x.name == name; });
  EXPECT_TRUE(dev) << "the central read the GAP Device Name "
                   << peer().gap_name(a).value_or("(none)") << ", not " << name << "\n"
                   << peer_timeline();
}

}  // namespace atc::ble
