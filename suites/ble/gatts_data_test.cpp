// esp32 §6.2.21 AT+BLEGATTSNTFY, §6.2.22 AT+BLEGATTSIND, §6.2.23 AT+BLEGATTSSETATTR: values the
// DUT's server sends or sets, as the central (the peer) receives or reads them.
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

using namespace std::chrono_literals;

// "AT+BLEGATTSNTFY=0,<srv>,<char>,<len>" and the like.
std::string at_char(const char* cmd, const support::LocalChar& c, std::size_t len,
                    const std::string& conn = "0") {
  return std::string(cmd) + "=" + conn + "," + std::to_string(c.srv) + "," + std::to_string(c.chr) +
         "," + std::to_string(len);
}

}  // namespace

ATC_TEST(Ble, GattsntfyNotificationArrivesOnceWithItsBytes,
         {.purpose = "Ensure that AT+BLEGATTSNTFY=0,<srv>,<char>,<length> answers the prompt, "
                     "takes the data and answers OK, and the subscribed central receives one "
                     "notification with exactly those bytes",
          .clauses = {"esp32 §6.2.21"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  auto c = subscribed("c305");
  ASSERT_TRUE(c);
  const auto from = peer().event_mark();
  auto x = with_data(at_char("AT+BLEGATTSNTFY", *c, 4), "1234");
  ASSERT_TRUE(sent_ok(x));
  auto got =
      peer().wait_notifications(address(), {kTableService, "c305"}, 1, connect_deadline(), from);
  ASSERT_EQ(got.size(), 1u) << "no notification reached the central\n" << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(got[0].value), "31323334");
  // A second one, different bytes: each arrives once, in order.
  x = with_data(at_char("AT+BLEGATTSNTFY", *c, 6), "ab\r\ncd");
  ASSERT_TRUE(sent_ok(x));
  got = exactly_notified("c305", 2, from);
  ASSERT_EQ(got.size(), 2u) << "two notifications sent\n" << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(got[1].value), "61620d0a6364");
}

ATC_TEST(Ble, GattsntfyRefusesWhatCannotBeNotified,
         {.purpose = "Ensure that AT+BLEGATTSNTFY without a connection, on a characteristic "
                     "without the notify property, with a service or characteristic index that "
                     "does not exist, a conn_index other than 0 or malformed is answered ERROR "
                     "(before the prompt or after the data) and the central receives nothing",
          .clauses = {"esp32 §6.2.21"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  auto c = table_char("c305");
  auto plain = table_char("c300");
  ASSERT_TRUE(c && plain);
  EXPECT_TRUE(refused(with_data(at_char("AT+BLEGATTSNTFY", *c, 4), "1234"))) << "no connection";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects());
  ASSERT_TRUE(peer().start_notify(address(), {kTableService, "c305"}, connect_deadline()).ok);
  take_ccc_write();
  const auto from = peer().event_mark();
  support::LocalChar no_srv = *c, no_chr = *c;
  no_srv.srv = 99;
  no_chr.chr = 99;
  for (const auto& line :
       {at_char("AT+BLEGATTSNTFY", *plain, 4), at_char("AT+BLEGATTSNTFY", no_srv, 4),
        at_char("AT+BLEGATTSNTFY", no_chr, 4), at_char("AT+BLEGATTSNTFY", *c, 4, "1"),
        at_char("AT+BLEGATTSNTFY", *c, 4, "x"), std::string("AT+BLEGATTSNTFY=0,1,6"),
        std::string("AT+BLEGATTSNTFY?")})
    EXPECT_TRUE(refused(with_data(line, "1234"))) << line;
  // The channel works: one notification now arrives, and only that one.
  ASSERT_TRUE(sent_ok(with_data(at_char("AT+BLEGATTSNTFY", *c, 2), "ok")));
  auto got = exactly_notified("c305", 1, from);
  ASSERT_EQ(got.size(), 1u) << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(got[0].value), "6f6b");
}

ATC_TEST(Ble, GattsindIndicationArrivesOnceWithItsBytes,
         {.purpose = "Ensure that AT+BLEGATTSIND=0,<srv>,<char>,<length> takes the data and "
                     "answers OK, and the subscribed central receives one indication with "
                     "exactly those bytes",
          .clauses = {"esp32 §6.2.22"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  auto c = subscribed("c306");
  ASSERT_TRUE(c);
  const auto from = peer().event_mark();
  ASSERT_TRUE(sent_ok(with_data(at_char("AT+BLEGATTSIND", *c, 3), "abc")));
  auto got = exactly_notified("c306", 1, from);
  ASSERT_EQ(got.size(), 1u) << "one indication sent\n" << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(got[0].value), "616263");
}

ATC_TEST(Ble, GattsindAnswersOkOnlyAfterTheConfirmation,
         {.purpose = "Ensure, from the air's ground truth, that AT+BLEGATTSIND answers OK only "
                     "after the client's Handle Value Confirmation reached the DUT",
          .clauses = {"esp32 §6.2.22"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble", "air-truth"}}) {
  auto c = subscribed("c306");
  ASSERT_TRUE(c);
  auto x = with_data(at_char("AT+BLEGATTSIND", *c, 3), "xyz");
  ASSERT_TRUE(sent_ok(x));
  const std::string me = support::truth_address(address());
  std::optional<support::AirFrame> confirmation;
  for (const auto& f : truth().frames("PDU", "", x.result->sent)) {
    const std::string* att = f.field("att");
    if (f.to == me && att && att->rfind("1e", 0) == 0) {
      confirmation = f;
      break;
    }
  }
  ASSERT_TRUE(confirmation) << "the air delivered no Handle Value Confirmation to the DUT";
  EXPECT_GT(x.result->done, confirmation->at)
      << "OK arrived "
      << std::chrono::duration_cast<std::chrono::microseconds>(confirmation->at - x.result->done)
             .count()
      << " us before the confirmation reached the DUT";
}

ATC_TEST(
    Ble, GattsindRefusesWhatCannotBeIndicated,
    {.purpose =
         "Ensure that AT+BLEGATTSIND without a connection, on a characteristic "
         "without the indicate property, with indexes that do not exist or a "
         "conn_index other than 0 is answered ERROR (before the prompt or after the data) and the "
         "central receives nothing",
     .clauses = {"esp32 §6.2.22"},
     .features = {"ble", "ble-gatts"},
     .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  auto c = table_char("c306");
  auto notify_only = table_char("c305");
  ASSERT_TRUE(c && notify_only);
  EXPECT_TRUE(refused(with_data(at_char("AT+BLEGATTSIND", *c, 4), "1234"))) << "no connection";
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects());
  ASSERT_TRUE(peer().start_notify(address(), {kTableService, "c306"}, connect_deadline()).ok);
  take_ccc_write();
  const auto from = peer().event_mark();
  support::LocalChar no_chr = *c;
  no_chr.chr = 99;
  for (const auto& line :
       {at_char("AT+BLEGATTSIND", *notify_only, 4), at_char("AT+BLEGATTSIND", no_chr, 4),
        at_char("AT+BLEGATTSIND", *c, 4, "1"), std::string("AT+BLEGATTSIND?")})
    EXPECT_TRUE(refused(with_data(line, "1234"))) << line;
  ASSERT_TRUE(sent_ok(with_data(at_char("AT+BLEGATTSIND", *c, 2), "ok")));
  auto got = exactly_notified("c306", 1, from);
  ASSERT_EQ(got.size(), 1u) << peer_timeline();
  EXPECT_EQ(fixtures::to_hex(got[0].value), "6f6b");
}

ATC_TEST(Ble, GattssetattrValueIsWhatTheCentralReads,
         {.purpose = "Ensure that AT+BLEGATTSSETATTR sets a characteristic's value (with the "
                     "descriptor index left empty, as the example does) and a descriptor's, and "
                     "that the central reads exactly those bytes",
          .clauses = {"esp32 §6.2.23"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(serve_and_advertise());
  auto c = table_char("c301");
  ASSERT_TRUE(c);
  ASSERT_FALSE(c->descs.empty()) << "C301 has its 0x2901 descriptor in the default table";
  const std::string at =
      "AT+BLEGATTSSETATTR=" + std::to_string(c->srv) + "," + std::to_string(c->chr);
  ASSERT_TRUE(sent_ok(with_data(at + ",,4", "1234")));
  ASSERT_TRUE(peer_connects());
  auto r = peer().read(address(), {kTableService, "c301"}, connect_deadline());
  ASSERT_TRUE(r.ok) << r.describe();
  EXPECT_EQ(fixtures::to_hex(r.value), "31323334");
  // While connected, and a descriptor.
  ASSERT_TRUE(sent_ok(with_data(at + ",5", "hello")));
  r = peer().read(address(), {kTableService, "c301"}, connect_deadline());
  ASSERT_TRUE(r.ok) << r.describe();
  EXPECT_EQ(support::text_of(r.value), "hello");
  ASSERT_TRUE(sent_ok(with_data(at + "," + std::to_string(c->descs[0].first) + ",3", "dsc")));
  r = peer().read(address(), {kTableService, "c301", "2901"}, connect_deadline());
  ASSERT_TRUE(r.ok) << r.describe();
  EXPECT_EQ(support::text_of(r.value), "dsc");
}

ATC_TEST(Ble, GattssetattrRefusesALengthOverTheMaximum,
         {.purpose = "Ensure that AT+BLEGATTSSETATTR before the services exist, with a length "
                     "over the attribute's maximum (C300 holds one byte) or with indexes that do "
                     "not exist is answered ERROR and the central still reads the value set "
                     "before",
          .clauses = {"esp32 §6.2.23"},
          .features = {"ble", "ble-gatts"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  EXPECT_TRUE(refused(with_data("AT+BLEGATTSSETATTR=1,1,,1", "A"))) << "no services yet";
  ASSERT_TRUE(serve_and_advertise());
  auto c = table_char("c300");
  ASSERT_TRUE(c);
  const std::string at =
      "AT+BLEGATTSSETATTR=" + std::to_string(c->srv) + "," + std::to_string(c->chr);
  ASSERT_TRUE(sent_ok(with_data(at + ",,1", "A")));
  for (const auto& line : {at + ",,2", "AT+BLEGATTSSETATTR=99," + std::to_string(c->chr) + ",,1",
                           "AT+BLEGATTSSETATTR=" + std::to_string(c->srv) + ",99,,1", at + ",9,1",
                           std::string("AT+BLEGATTSSETATTR?")})
    EXPECT_TRUE(refused(with_data(line, line == at + ",,2" ? "BC" : "B"))) << line;
  ASSERT_TRUE(peer_connects());
  auto r = peer().read(address(), {kTableService, "c300"}, connect_deadline());
  ASSERT_TRUE(r.ok) << r.describe();
  EXPECT_EQ(support::text_of(r.value), "A") << "a refused AT+BLEGATTSSETATTR changed the value";
}

}  // namespace atc::ble
