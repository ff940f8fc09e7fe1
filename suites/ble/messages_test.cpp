// esp32 §8 (AT messages) for BLE: +READ and +WRITE on the GATT server when a client reads or
// writes its table, in the format §9.5.2.1 gives them (+WRITE's value raw: docs/errata.md).
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

ATC_TEST(Ble, ReadMessageNamesTheClient,
         {.purpose = "Ensure that when a client reads a characteristic of the DUT's table the "
                     "DUT prints +READ:<conn_index>,<remote BLE address> with the client's "
                     "address",
          .clauses = {"esp32 §8"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  ASSERT_TRUE(peer_connects());
  dut().clear_urcs();
  const auto r = peer().read(address(), {kTableService, "c301"}, connect_deadline());
  ASSERT_TRUE(r.ok) << r.describe();
  EXPECT_TRUE(
      got_urc(dut(), "\\+READ:0," + support::address_regex(peer_address()), connect_timeout()));
}

ATC_TEST(Ble, WriteMessageCarriesTheRawValue,
         {.purpose = "Ensure that when a client writes a characteristic of the DUT's table the "
                     "DUT prints +WRITE:<conn_index>,<srv_index>,<char_index>,<desc_index>,<len>,"
                     "<value> with the table's indexes, an empty desc_index and the bytes as "
                     "written (CR LF included)",
          .clauses = {"esp32 §8"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  auto c = table_char("c304");
  ASSERT_TRUE(c);
  ASSERT_TRUE(peer_connects());
  dut().clear_urcs();
  const std::string value = "a,b\r\nOK\r\n";
  const auto w = peer().write(address(), {kTableService, "c304"}, support::bytes_of(value),
                              fixtures::BleWriteType::request, connect_deadline());
  ASSERT_TRUE(w.ok) << w.describe();
  std::optional<Event> e;
  ASSERT_TRUE(got_urc(dut(), "\\+WRITE:[\\s\\S]*", connect_timeout(), &e));
  const std::string head = "+WRITE:0," + std::to_string(c->srv) + "," + std::to_string(c->chr) +
                           ",," + std::to_string(value.size()) + ",";
  EXPECT_EQ(e->text.substr(0, head.size()), head) << e->text;
  ASSERT_TRUE(e->counted) << "the value's bytes were not counted as raw data: " << e->text;
  EXPECT_EQ(e->text.substr(e->counted->from, e->counted->length), value)
      << "the value as written, raw";
}

}  // namespace atc::ble
