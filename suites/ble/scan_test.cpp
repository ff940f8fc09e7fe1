// esp32 §6.2.4 AT+BLESCANPARAM, §6.2.5 AT+BLESCAN, §6.2.6 AT+BLESCANRSPDATA: the DUT scanning
// the peer's advertisement (active and passive), the +BLESCAN fields, the scan's duration, and
// the scan response a central sees.
#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

using namespace std::chrono_literals;
constexpr Millis kLate{500};  // a line printed at the scan's end may still be on its way

fixtures::BleAdvertisement named_ad(const std::string& name) {
  fixtures::BleAdvertisement ad;
  ad.local_name = name;  // BlueZ puts the local name in the scan response
  return ad;
}

}  // namespace

ATC_TEST(Ble, BlescanparamSetsAndReportsTheParameters,
         {.purpose = "Ensure that AT+BLESCANPARAM sets the five scan parameters and "
                     "AT+BLESCANPARAM? reports them as set",
          .clauses = {"esp32 §6.2.4"},
          .features = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  Response before;
  auto f = query("BLESCANPARAM", kMainRole, &before);
  ASSERT_TRUE(f) << before.tail;
  EXPECT_EQ(f->size(), 5u) << "the five fields of the query";
  observe("blescanparam_default", before.values("BLESCANPARAM").at(0));
  for (const char* p : {"1,0,0,100,50", "0,1,1,16,16", "1,0,0,16384,4"}) {
    ASSERT_TRUE(is_ok(dut().command(std::string("AT+BLESCANPARAM=") + p))) << p;
    EXPECT_TRUE(has_value(dut().command("AT+BLESCANPARAM?"), "BLESCANPARAM", p));
  }
}

ATC_TEST(Ble, BlescanparamRejectsAWindowLongerThanTheInterval,
         {.purpose = "Ensure that AT+BLESCANPARAM with a scan window larger than the interval "
                     "(the note), values out of range or a wrong parameter count is answered "
                     "ERROR and the parameters are unchanged",
          .clauses = {"esp32 §6.2.4"},
          .features = {"ble"}}) {
  ASSERT_TRUE(init(kBleClient));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESCANPARAM=1,0,0,100,50")));
  expect_error({"AT+BLESCANPARAM=0,0,0,50,100",  // window > interval
                "AT+BLESCANPARAM=2,0,0,100,50", "AT+BLESCANPARAM=0,4,0,100,50",
                "AT+BLESCANPARAM=0,0,4,100,50", "AT+BLESCANPARAM=0,0,0,3,3",
                "AT+BLESCANPARAM=0,0,0,16385,50", "AT+BLESCANPARAM=0,0,0,100",
                "AT+BLESCANPARAM=0,0,0,100,50,1", "AT+BLESCANPARAM=x,0,0,100,50",
                "AT+BLESCANPARAM=?"});
  EXPECT_TRUE(has_value(dut().command("AT+BLESCANPARAM?"), "BLESCANPARAM", "1,0,0,100,50"));
}

ATC_TEST(Ble, ActiveScanReportsThePeersScanResponse,
         {.purpose = "Ensure that with scan_type 1 (active) the +BLESCAN lines of the peer carry "
                     "its scan response (the local name BlueZ puts there), and with scan_type 0 "
                     "(passive) they carry none",
          .clauses = {"esp32 §6.2.4"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  const std::string name = "atc-scan-rsp";
  peer().advertise(named_ad(name));
  const std::string pa = peer_address();
  ASSERT_TRUE(init(kBleClient));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESCANPARAM=1,0,0,100,50")));
  Response on = dut().command("AT+BLESCAN=1,3");
  ASSERT_TRUE(is_ok(on));
  auto active = lines_from(scan_lines(on.done + 3s + kLate), pa);
  ASSERT_FALSE(active.empty()) << "no +BLESCAN line for the peer " << pa << " in 3 s";
  bool named = false;
  for (const auto& l : active) {
    auto n = support::ad_field(l.rsp, 0x09);
    named = named || (n && support::text_of(*n) == name);
  }
  EXPECT_TRUE(named) << "no active-scan line of the peer carries its scan response (local name "
                     << name << "): first line " << active.front().text;

  ASSERT_TRUE(is_ok(dut().command("AT+BLESCANPARAM=0,0,0,100,50")));
  on = dut().command("AT+BLESCAN=1,2");
  ASSERT_TRUE(is_ok(on));
  auto passive = lines_from(scan_lines(on.done + 2s + kLate), pa);
  ASSERT_FALSE(passive.empty()) << "no +BLESCAN line for the peer in a 2 s passive scan";
  for (const auto& l : passive) {
    EXPECT_TRUE(l.rsp.empty()) << "a passive scan cannot have a scan response: " << l.text;
  }
}

ATC_TEST(Ble, BlescanReportsThePeerWithItsAdvertisingData,
         {.purpose = "Ensure that AT+BLESCAN=1,<interval> answers OK and reports the advertising "
                     "peer in +BLESCAN:<addr>,<rssi>,<adv_data>,<scan_rsp_data>,<addr_type> "
                     "lines: its address, an RSSI, the AD structures it advertises, its address "
                     "type",
          .clauses = {"esp32 §6.2.5"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  fixtures::BleAdvertisement ad;
  ad.manufacturer_data = {{0x02E5, {0x01, 0x02, 0x03}}};
  peer().advertise(ad);
  const std::string pa = peer_address();
  const bool random = peer().adapter().address_type == "random";
  ASSERT_TRUE(init(kBleClient));
  Response on = dut().command("AT+BLESCAN=1,3");
  ASSERT_TRUE(is_ok(on));
  auto lines = lines_from(scan_lines(on.done + 3s + kLate), pa);
  ASSERT_FALSE(lines.empty()) << "no +BLESCAN line for the peer " << pa << " in 3 s";
  for (const auto& l : lines) {
    EXPECT_GE(l.rssi, -127) << l.text;
    EXPECT_LE(l.rssi, 20) << l.text;
    auto m = support::ad_field(l.adv, 0xFF);
    EXPECT_TRUE(m && support::to_hex(*m) == "e502010203")
        << "the advertising data should carry the peer's manufacturer data e5 02 01 02 03: "
        << l.text;
    if (l.addr_type) {
      EXPECT_EQ(*l.addr_type, random ? 1 : 0) << l.text;
    }
    if (!l.addr_type) observe("blescan_fields", "no <addr_type>: " + l.text);
  }
}

ATC_TEST(Ble, BlescanStopsAfterItsInterval,
         {.purpose = "Ensure that AT+BLESCAN=1,<interval> stops reporting <interval> seconds "
                     "after it started, that AT+BLESCAN=1 goes on until AT+BLESCAN=0, and that "
                     "nothing is reported after either",
          .clauses = {"esp32 §6.2.5"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  peer().advertise(named_ad("atc-scan-stop"));
  const std::string pa = peer_address();
  ASSERT_TRUE(init(kBleClient));
  Response on = dut().command("AT+BLESCAN=1,2");
  ASSERT_TRUE(is_ok(on));
  auto during = scan_lines(on.done + 2s + kLate);
  ASSERT_FALSE(lines_from(during, pa).empty()) << "no +BLESCAN line for the peer in 2 s";
  auto after = scan_lines(Clock::now() + 1500ms);
  EXPECT_TRUE(after.empty()) << after.size() << " +BLESCAN lines more than " << 2000 + kLate.count()
                             << " ms after AT+BLESCAN=1,2, the first: " << after.front().text;

  on = dut().command("AT+BLESCAN=1");
  ASSERT_TRUE(is_ok(on));
  auto running = scan_lines(on.done + 2500ms);
  EXPECT_FALSE(lines_from(running, pa).empty())
      << "AT+BLESCAN=1 scans until AT+BLESCAN=0: nothing reported in 2.5 s";
  Response off = dut().command("AT+BLESCAN=0");
  ASSERT_TRUE(is_ok(off));
  scan_lines(off.done + kLate);  // reported before the stop took effect
  after = scan_lines(Clock::now() + 1500ms);
  EXPECT_TRUE(after.empty()) << "+BLESCAN lines after AT+BLESCAN=0: " << after.front().text;
}

ATC_TEST(Ble, BlescanRejectsBadParametersAndDoesNotScan,
         {.purpose = "Ensure that AT+BLESCAN with an enable out of range, a negative or "
                     "non-numeric interval, too many parameters or an undefined form is "
                     "answered ERROR and no scan starts",
          .clauses = {"esp32 §6.2.5"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  peer().advertise(named_ad("atc-scan-bad"));
  const std::string pa = peer_address();
  ASSERT_TRUE(init(kBleClient));
  // The channel works: a short scan hears the peer.
  Response on = dut().command("AT+BLESCAN=1,1");
  ASSERT_TRUE(is_ok(on));
  ASSERT_FALSE(lines_from(scan_lines(on.done + 1s + kLate), pa).empty())
      << "no +BLESCAN line for the peer in 1 s";
  scan_lines(Clock::now() + kLate);
  expect_error({"AT+BLESCAN=2", "AT+BLESCAN=1,-1", "AT+BLESCAN=1,x", "AT+BLESCAN=1,1,1",
                "AT+BLESCAN=\"1\"", "AT+BLESCAN", "AT+BLESCAN?", "AT+BLESCAN=?"});
  auto after = scan_lines(Clock::now() + 1500ms);
  EXPECT_TRUE(after.empty()) << "a refused AT+BLESCAN started a scan: " << after.front().text;
}

ATC_TEST(Ble, BlescanIntervalIsTheScanDurationOnAir,
         {.purpose = "Ensure, from the air's ground truth, that after AT+BLESCAN=1,2 the DUT "
                     "hears advertising for two seconds and not after, while advertisers go on",
          .clauses = {"esp32 §6.2.5"},
          .features = {"ble"},
          .pixit = {"ble", "air-truth"}}) {
  peer().advertise(named_ad("atc-scan-air"));
  const std::string me = address();
  ASSERT_FALSE(me.empty());
  ASSERT_TRUE(init(kBleClient));
  Response on = dut().command("AT+BLESCAN=1,2");
  ASSERT_TRUE(is_ok(on));
  scan_lines(on.done + 2s + 1500ms);
  const auto t = truth();
  // The scan began when the command was sent at the earliest.
  const auto heard = t.frames("REPORT", "", on.sent);
  std::vector<support::AirFrame> to_dut;
  for (const auto& f : heard)
    if (f.to == support::truth_address(me)) to_dut.push_back(f);
  ASSERT_FALSE(to_dut.empty()) << "the air delivered no advertising report to the DUT";
  const auto last = to_dut.back().at;
  // The scan's end is the module's 2 s timer plus its way to the radio: kLate for both on a
  // loaded rig (a DUT that goes on scanning is heard until the 3.5 s of scan_lines above).
  EXPECT_LE(last, on.done + 2s + kLate)
      << "the DUT still heard advertising "
      << std::chrono::duration_cast<Millis>(last - on.done).count()
      << " ms after AT+BLESCAN=1,2 answered: " << to_dut.back().line;
  measure("scan_heard_ms", std::chrono::duration_cast<Millis>(last - on.done).count(), "ms");
  const auto events = t.frames("ADV_EVENT", "", on.done + 2s + 500ms);
  EXPECT_FALSE(events.empty()) << "nobody advertised after the scan: the check proves nothing";
}

ATC_TEST(Ble, BlescanrspdataIsWhatAnActiveCentralSees,
         {.purpose = "Ensure that the scan response set with AT+BLESCANRSPDATA is what a central "
                     "gets by scanning actively (BlueZ merges it into the device: the name in "
                     "it)",
          .clauses = {"esp32 §6.2.6"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESCANRSPDATA=\"0909424c455f54455354\"")));  // BLE_TEST
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  auto dev = discover(address(), [](const fixtures::BleDevice& x) { return x.name == "BLE_TEST"; });
  EXPECT_TRUE(dev) << "the central never saw the name BLE_TEST of the scan response";
}

ATC_TEST(Ble, BlescanrspdataRejectsBadDataAndKeepsTheOld,
         {.purpose = "Ensure that AT+BLESCANRSPDATA with more than 31 bytes, an odd number of "
                     "hex digits, a non-hex digit or unquoted is answered ERROR and the central "
                     "still sees the scan response set before",
          .clauses = {"esp32 §6.2.6"},
          .features = {"ble"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLESCANRSPDATA=\"0909424c455f54455354\"")));
  const std::string long_name = "2009" + std::string(62, '4');  // 32 bytes: 0x20 0x09 + 30
  expect_error({"AT+BLESCANRSPDATA=\"" + long_name + "\"",
                "AT+BLESCANRSPDATA=\"0909424c455f5445535\"",  // 19 digits
                "AT+BLESCANRSPDATA=\"0909424c455f544553zz\"", "AT+BLESCANRSPDATA=0909424c",
                "AT+BLESCANRSPDATA", "AT+BLESCANRSPDATA?"});
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  auto dev = discover(address(), [](const fixtures::BleDevice& x) { return x.name == "BLE_TEST"; });
  EXPECT_TRUE(dev) << "a refused AT+BLESCANRSPDATA changed the scan response";
}

}  // namespace atc::ble
