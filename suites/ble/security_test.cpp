// esp32 §6.2.31 AT+BLESECPARAM, §6.2.32 AT+BLEENC, §6.2.33 AT+BLEENCRSP, §6.2.34
// AT+BLEKEYREPLY, §6.2.35 AT+BLECONFREPLY, §6.2.36 AT+BLEENCDEV, §6.2.37 AT+BLEENCCLEAR. Each
// pairing is judged on both sides in the same test: what BlueZ asked the peer's agent (and what
// it answered) and the DUT's +BLESECNTFYKEY / +BLEAUTHCMPL. The DUT is the server, the peer the
// central that connects and pairs (Device1.Pair), as a phone would.
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

using fixtures::BleIoCapability;
using namespace std::chrono_literals;

}  // namespace

ATC_TEST(Ble, BlesecparamSetsAndReportsTheParameters,
         {.purpose = "Ensure that AT+BLESECPARAM sets <auth_req>,<iocap>,<key_size>,<init_key>,"
                     "<rsp_key> and AT+BLESECPARAM? reports them, and that a key size outside "
                     "[7,16], an unknown IO capability, key masks over 15, an auth_req neither "
                     "numbering knows or a wrong count is answered ERROR with the parameters "
                     "unchanged",
          .clauses = {"esp32 §6.2.31"},
          .features = {"ble", "ble-security"}}) {
  ASSERT_TRUE(init(kBleServer));
  for (const char* p : {"1,4,16,3,3", "0,3,7,0,0", "1,0,12,1,2"}) {
    ASSERT_TRUE(is_ok(dut().command(std::string("AT+BLESECPARAM=") + p))) << p;
    EXPECT_TRUE(has_value(dut().command("AT+BLESECPARAM?"), "BLESECPARAM", p));
  }
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=1,4,16,3,3")));
  expect_error({"AT+BLESECPARAM=1,4,6,3,3", "AT+BLESECPARAM=1,4,17,3,3",
                "AT+BLESECPARAM=1,5,16,3,3", "AT+BLESECPARAM=1,4,16,16,3",
                "AT+BLESECPARAM=1,4,16,3,16", "AT+BLESECPARAM=3,4,16,3,3",
                "AT+BLESECPARAM=16,4,16,3,3", "AT+BLESECPARAM=1,4,16,3",
                "AT+BLESECPARAM=x,4,16,3,3", "AT+BLESECPARAM=?"});
  EXPECT_TRUE(has_value(dut().command("AT+BLESECPARAM?"), "BLESECPARAM", "1,4,16,3,3"));
  // The document numbers auth_req 2 MITM, 4-7 SC; ESP-IDF (and 1.2 builds) 4 MITM, 8/9/12/13 SC
  // (docs/errata.md): which numbering this build takes is recorded, not judged.
  std::string taken;
  for (const char* a : {"2", "5", "6", "8", "9", "12", "13"})
    if (dut().command(std::string("AT+BLESECPARAM=") + a + ",4,16,3,3").ok())
      taken += a + std::string(" ");
  observe("blesecparam_auth_req_accepted", taken.empty() ? "none of 2,5,6,8,9,12,13" : taken);
}

ATC_TEST(Ble, BleencPairsThroughThePeersAgent,
         {.purpose = "Ensure that AT+BLEENC=0,3 on a connection starts the pairing: with the DUT "
                     "displaying (DisplayOnly) and the peer's agent typing, the DUT shows the "
                     "passkey in +BLESECNTFYKEY, BlueZ asks the agent for it, and the pairing "
                     "ends with +BLEAUTHCMPL:0,0 on the DUT and the peer paired; AT+BLEENC "
                     "without a connection (esp-at#217) or with bad parameters is ERROR",
          .clauses = {"esp32 §6.2.32"},
          .features = {"ble", "ble-security"},
          .pixit = {"ble"}}) {
  forget_bonds_at_teardown();
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=1,0,16,3,3")));  // bond, DisplayOnly
  EXPECT_TRUE(is_error(dut().command("AT+BLEENC=0,3"))) << "no connection yet";
  peer().register_agent(BleIoCapability::keyboard_only);
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  expect_error({"AT+BLEENC=0,4", "AT+BLEENC=1,3", "AT+BLEENC=0", "AT+BLEENC=0,x", "AT+BLEENC?"});
  const auto mark = peer().agent_requests().size();
  dut().reset_expect_cursor();
  ASSERT_TRUE(is_ok(dut().command("AT+BLEENC=0,3")));
  answer_security_request();
  std::optional<Event> shown;
  ASSERT_TRUE(got_urc(dut(), "\\+BLESECNTFYKEY:0,[0-9]+", kPairing, &shown));
  const auto key = std::stoul(shown->text.substr(shown->text.rfind(',') + 1));
  auto asked = agent_asked("RequestPasskey", mark);
  ASSERT_TRUE(asked) << "BlueZ never asked the agent for the passkey\n" << peer_timeline();
  EXPECT_TRUE(peer().agent_passkey(asked->id, static_cast<std::uint32_t>(key)));
  EXPECT_TRUE(got_urc(dut(), "\\+BLEAUTHCMPL:0,0", kPairing));
  EXPECT_TRUE(peer_paired(true)) << "the peer is not paired with the DUT\n" << peer_timeline();
}

ATC_TEST(Ble, BleencrspRejectsAndAcceptsThePeersPairing,
         {.purpose = "Ensure that when the central asks to pair, AT+BLEENCRSP=0,0 makes the "
                     "pairing fail on both sides (+BLEAUTHCMPL:0,<not 0>, Pair fails) and "
                     "AT+BLEENCRSP=0,1 lets it complete (+BLEAUTHCMPL:0,0, the peer paired); "
                     "malformed parameters are ERROR",
          .clauses = {"esp32 §6.2.33"},
          .features = {"ble", "ble-security"},
          .pixit = {"ble"}}) {
  forget_bonds_at_teardown();
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=1,3,16,3,3")));  // Just Works
  // Without a connection (and no pairing asked for) the document says nothing: recorded.
  observe("bleencrsp_without_connection", dut().command("AT+BLEENCRSP=0,1").describe());
  peer().register_agent(BleIoCapability::no_input_no_output);
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  expect_error({"AT+BLEENCRSP=0,2", "AT+BLEENCRSP=1,1", "AT+BLEENCRSP=0", "AT+BLEENCRSP?"});
  peer().start_pairing(address(), fixtures::deadline_in(kPairing));
  ASSERT_TRUE(got_urc(dut(), "\\+BLESECREQ:0", kPairing))
      << "the DUT did not report the central's pairing request";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEENCRSP=0,0")));
  const auto no = peer().wait_pairing(address(), fixtures::deadline_in(kPairing));
  ASSERT_TRUE(no) << "the peer's Pair did not end";
  ASSERT_FALSE(no->ok) << "the central paired although the DUT rejected it";
  EXPECT_TRUE(got_urc(dut(), "\\+BLEAUTHCMPL:0,[1-9][0-9]*", kPairing));
  if (const auto dev = peer().device(address()); !dev || !dev->connected) {
    ASSERT_TRUE(peer_connects(kMainRole, false)) << "the link went with the rejected pairing";
  }
  peer().start_pairing(address(), fixtures::deadline_in(kPairing));
  ASSERT_TRUE(got_urc(dut(), "\\+BLESECREQ:0", kPairing));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEENCRSP=0,1")));
  const auto yes = peer().wait_pairing(address(), fixtures::deadline_in(kPairing));
  ASSERT_TRUE(yes);
  EXPECT_TRUE(yes->ok) << yes->describe();
  EXPECT_TRUE(got_urc(dut(), "\\+BLEAUTHCMPL:0,0", kPairing));
  EXPECT_TRUE(peer_paired(true)) << peer_timeline();
}

ATC_TEST(Ble, BlekeyreplyTypesThePasskeyThePeerShows,
         {.purpose = "Ensure that with the DUT typing (KeyboardOnly) and the peer's agent "
                     "displaying, AT+BLEKEYREPLY=0,<the agent's passkey> pairs both sides, a "
                     "wrong passkey makes the pairing fail on both, and malformed parameters are "
                     "ERROR",
          .clauses = {"esp32 §6.2.34"},
          .features = {"ble", "ble-security"},
          .pixit = {"ble"}}) {
  forget_bonds_at_teardown();
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=1,2,16,3,3")));  // bond, KeyboardOnly
  peer().register_agent(BleIoCapability::display_only);
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  expect_error(
      {"AT+BLEKEYREPLY=0,abc", "AT+BLEKEYREPLY=1,123456", "AT+BLEKEYREPLY=0", "AT+BLEKEYREPLY?"});
  // A passkey has six digits (Core Vol 3 Part H 2.3.5.1); the document gives no range.
  observe("blekeyreply_seven_digits", dut().command("AT+BLEKEYREPLY=0,1000000").describe());
  for (const bool right : {false, true}) {
    const auto mark = peer().agent_requests().size();
    peer_starts_pairing();
    auto shown = agent_asked("DisplayPasskey", mark);
    ASSERT_TRUE(shown && shown->passkey) << "BlueZ showed no passkey\n" << peer_timeline();
    if (!message("\\+BLESECKEYREQ:0", Millis{2000}))  // later builds' prompt; v1.1 names none
      observe("bleseckeyreq", "no +BLESECKEYREQ before AT+BLEKEYREPLY");
    const std::uint32_t typed = right ? *shown->passkey : (*shown->passkey + 1) % 1000000;
    ASSERT_TRUE(is_ok(dut().command("AT+BLEKEYREPLY=0," + std::to_string(typed))));
    expect_pairing_ends(right, "a wrong passkey paired");
    if (HasFatalFailure()) return;
  }
}

ATC_TEST(Ble, BleconfreplyConfirmsTheNumericComparison,
         {.purpose = "Ensure that with Secure Connections and both sides DisplayYesNo, the DUT's "
                     "+BLESECNTFYKEY number is the one BlueZ asks the agent to confirm, "
                     "AT+BLECONFREPLY=0,1 pairs both sides and AT+BLECONFREPLY=0,0 makes the "
                     "pairing fail on both; bad parameters are ERROR",
          .clauses = {"esp32 §6.2.35"},
          .features = {"ble", "ble-security"},
          .pixit = {"ble"}}) {
  forget_bonds_at_teardown();
  ASSERT_TRUE(init(kBleServer));
  // SC with bonding: 5 in the document's numbering, 9 in ESP-IDF's (docs/errata.md).
  std::string sc;
  for (const char* a : {"5", "9"})
    if (sc.empty() && dut().command(std::string("AT+BLESECPARAM=") + a + ",1,16,3,3").ok()) sc = a;
  ASSERT_FALSE(sc.empty()) << "AT+BLESECPARAM takes neither 5 nor 9 (SC_BOND) with DisplayYesNo";
  observe("blesecparam_sc_bond", sc);
  peer().register_agent(BleIoCapability::display_yes_no);
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects(kMainRole, false));
  expect_error(
      {"AT+BLECONFREPLY=0,2", "AT+BLECONFREPLY=1,1", "AT+BLECONFREPLY=0", "AT+BLECONFREPLY?"});
  for (const bool confirm : {false, true}) {
    const auto mark = peer().agent_requests().size();
    peer_starts_pairing();
    std::optional<Event> shown;
    ASSERT_TRUE(got_urc(dut(), "\\+BLESECNTFYKEY:0,[0-9]+", kPairing, &shown));
    auto asked = agent_asked("RequestConfirmation", mark);
    ASSERT_TRUE(asked && asked->passkey) << "BlueZ asked no confirmation\n" << peer_timeline();
    EXPECT_EQ(std::stoul(shown->text.substr(shown->text.rfind(',') + 1)), *asked->passkey)
        << "the DUT and the peer show different numbers";
    EXPECT_TRUE(peer().agent_accept(asked->id));
    ASSERT_TRUE(is_ok(dut().command(std::string("AT+BLECONFREPLY=0,") + (confirm ? "1" : "0"))));
    expect_pairing_ends(confirm, "paired although the DUT answered AT+BLECONFREPLY=0,0");
    if (HasFatalFailure()) return;
  }
}

ATC_TEST(Ble, BleencdevListsTheBondedPeerOnly,
         {.purpose = "Ensure that AT+BLEENCDEV? lists nothing before a bond and nothing after a "
                     "pairing without bonding, then +BLEENCDEV:0,<the peer's address> once it "
                     "bonded; other forms are ERROR",
          .clauses = {"esp32 §6.2.36"},
          .features = {"ble", "ble-security"},
          .pixit = {"ble"}}) {
  forget_bonds_at_teardown();
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEENCCLEAR")));
  EXPECT_TRUE(info_matches(dut().command("AT+BLEENCDEV?"), {}));
  expect_error({"AT+BLEENCDEV", "AT+BLEENCDEV=0", "AT+BLEENCDEV=?"});
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=0,3,16,3,3")));  // no bonding
  peer().register_agent(BleIoCapability::no_input_no_output);
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(pair_just_works());
  EXPECT_TRUE(info_matches(dut().command("AT+BLEENCDEV?"), {}))
      << "a pairing without bonding left a bonded device";
  // Now with bonding, from a clean start on both sides.
  peer().remove_device(address(), connect_deadline());
  ASSERT_TRUE(got_urc(dut(), disconn_message(peer_address()), connect_timeout()));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=1,3,16,3,3")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(pair_just_works());
  Response r = dut().command("AT+BLEENCDEV?");
  ASSERT_TRUE(is_ok(r));
  const auto v = r.values("BLEENCDEV");
  ASSERT_EQ(v.size(), 1u) << r.tail;
  const Fields f = split_fields(v[0]);
  ASSERT_EQ(f.size(), 2u) << v[0];
  EXPECT_EQ(f[0].value, "0");
  EXPECT_TRUE(same_mac(f[1].value, peer_address())) << v[0];
}

ATC_TEST(Ble, BleencclearForgetsTheBond,
         {.purpose = "Ensure that AT+BLEENCCLEAR=<index> of a bond that does not exist or "
                     "malformed is ERROR with the list unchanged, that AT+BLEENCCLEAR=0 removes "
                     "the bond, and that AT+BLEENCCLEAR clears every bond",
          .clauses = {"esp32 §6.2.37"},
          .features = {"ble", "ble-security"},
          .pixit = {"ble"}}) {
  forget_bonds_at_teardown();
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEENCCLEAR")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESECPARAM=1,3,16,3,3")));
  peer().register_agent(BleIoCapability::no_input_no_output);
  for (const char* clear : {"AT+BLEENCCLEAR=0", "AT+BLEENCCLEAR"}) {
    ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
    ASSERT_TRUE(pair_just_works());
    Response r = dut().command("AT+BLEENCDEV?");
    ASSERT_EQ(r.values("BLEENCDEV").size(), 1u) << "bonded once\n" << r.tail;
    expect_error({"AT+BLEENCCLEAR=1", "AT+BLEENCCLEAR=x", "AT+BLEENCCLEAR?"});
    EXPECT_EQ(dut().command("AT+BLEENCDEV?").values("BLEENCDEV").size(), 1u)
        << "a refused AT+BLEENCCLEAR changed the list";
    ASSERT_TRUE(is_ok(dut().command(clear)));
    r = dut().command("AT+BLEENCDEV?");
    EXPECT_TRUE(info_matches(r, {})) << clear << " left the bond listed";
    peer().remove_device(address(), connect_deadline());
    ASSERT_TRUE(got_urc(dut(), disconn_message(peer_address()), connect_timeout()));
  }
}

}  // namespace atc::ble
