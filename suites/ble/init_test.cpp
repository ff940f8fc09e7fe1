// esp32 §6.2.1 AT+BLEINIT: the roles, the role that cannot change directly, the note that every
// other BLE command needs it, and BLE not being saved (§7 lists no BLE setting).
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

ATC_TEST(Ble, BleinitSetsAndReportsEachRole,
         {.purpose = "Ensure that AT+BLEINIT=1 and =2 initialise BLE as client and server, "
                     "AT+BLEINIT? reports the role, and AT+BLEINIT=0 de-initialises it",
          .clauses = {"esp32 §6.2.1"},
          .features = {"ble"}}) {
  EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", "0"));
  for (int role : {kBleClient, kBleServer}) {
    ASSERT_TRUE(init(role));
    EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", std::to_string(role)));
    // The same role again: the document is silent, so only the answer is recorded and the
    // role must not have changed.
    observe("bleinit_same_role_" + std::to_string(role),
            dut().command("AT+BLEINIT=" + std::to_string(role)).describe());
    EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", std::to_string(role)));
    ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=0")));
    EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", "0"));
  }
}

ATC_TEST(Ble, BleinitRejectsBadRolesAndADirectRoleChange,
         {.purpose = "Ensure that AT+BLEINIT with a role out of range, malformed or in an "
                     "undefined form is answered ERROR, and that an initialised role cannot be "
                     "changed directly (AT+BLEINIT=0 or AT+RST first): the role stays",
          .clauses = {"esp32 §6.2.1"},
          .features = {"ble"}}) {
  expect_error({"AT+BLEINIT=3", "AT+BLEINIT=-1", "AT+BLEINIT=x", "AT+BLEINIT=\"1\"",
                "AT+BLEINIT=1,1", "AT+BLEINIT", "AT+BLEINIT=?"});
  EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", "0"));
  ASSERT_TRUE(init(kBleClient));
  EXPECT_TRUE(is_error(dut().command("AT+BLEINIT=2")))
      << "the role changed directly from client to server";
  EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", "1"));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=0")));
  ASSERT_TRUE(init(kBleServer));
  EXPECT_TRUE(is_error(dut().command("AT+BLEINIT=1")))
      << "the role changed directly from server to client";
  EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", "2"));
}

ATC_TEST(Ble, OtherBleCommandsNeedBleinitFirst,
         {.purpose = "Ensure that before AT+BLEINIT=1|2 the other BLE commands are answered "
                     "ERROR (\"this command has to be called first\"), and answer once BLE is "
                     "initialised",
          .clauses = {"esp32 §6.2.1"},
          .features = {"ble"}}) {
  expect_error({"AT+BLEADDR?", "AT+BLENAME?", "AT+BLESCANPARAM?", "AT+BLESCAN=1,1",
                "AT+BLEADVPARAM?", "AT+BLEADVDATA=\"020106\"", "AT+BLEADVSTART", "AT+BLECONN?",
                "AT+BLEGATTSSRVCRE", "AT+BLESECPARAM?", "AT+BLEENCDEV?"});
  ASSERT_TRUE(init(kBleServer));
  for (const char* q : {"BLEADDR", "BLENAME", "BLESCANPARAM", "BLEADVPARAM", "BLESECPARAM"}) {
    Response r;
    EXPECT_TRUE(query(q, kMainRole, &r))
        << "AT+" << q << "? once initialised: " << r.describe() << "\n"
        << r.tail;
  }
}

ATC_TEST(Ble, BleIsNotInitialisedAfterAReset,
         {.purpose = "Ensure that BLE settings are not saved: after AT+RST the DUT reports "
                     "+BLEINIT:0, the default name and the default advertising parameters again",
          .clauses = {"esp32 §6.2.1"},
          .features = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  Response name, adv;
  ASSERT_TRUE(query("BLENAME", kMainRole, &name)) << name.tail;
  ASSERT_TRUE(query("BLEADVPARAM", kMainRole, &adv)) << adv.tail;
  ASSERT_TRUE(is_ok(dut().command("AT+BLENAME=\"atc-reset\"")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVPARAM=200,300,0,0,7")));
  ASSERT_TRUE(dut().reset_by_command().ready) << "no ready after AT+RST\n" << dut().tail();
  EXPECT_TRUE(has_value(dut().command("AT+BLEINIT?"), "BLEINIT", "0"))
      << "BLE is still initialised after AT+RST";
  ASSERT_TRUE(init(kBleServer));
  EXPECT_TRUE(has_value(dut().command("AT+BLENAME?"), "BLENAME", name.values("BLENAME").at(0)))
      << "the name survived AT+RST";
  EXPECT_TRUE(
      has_value(dut().command("AT+BLEADVPARAM?"), "BLEADVPARAM", adv.values("BLEADVPARAM").at(0)))
      << "the advertising parameters survived AT+RST";
}

}  // namespace atc::ble
