// atsim-air, the simulated BLE medium: its frames, its world file, and the process itself with
// test radios on its socket (advertising, scanning, connections, LL fragments, the
// supervision timeout, the truth file, stdin control, bad input).
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "sim/air/world.hpp"
#include "sim/ble/att.hpp"
#include "sim/ble/gatt_client.hpp"
#include "tests/sim/air_support.hpp"

using namespace atsim_test;
using atsim::EventLoop;
using atsim::air::Frame;
namespace ble = atsim::ble;

namespace {
const std::string kWorld = source_dir() + "/configs/worlds/air.xml";
const char* kIbeacon = "0201061aff4c000215fda50693a4e24fb1afcfc6eb0764782527b7f206c5";
std::string field(const Frame& f, const char* key) {
  const auto* x = f.find(key);
  return x ? x->value : "<none>";
}
}  // namespace

TEST(AirFrame, ParsesAndPrints) {
  auto f = std::get<Frame>(
      atsim::air::parse_frame("ADV on type=ind min=32 data=0201 why=\"a \\\"b\\\"\""));
  EXPECT_EQ(f.verb, "ADV");
  EXPECT_TRUE(f.has_word("on"));
  EXPECT_EQ(f.integer("min", 0x20, 0x4000), 32);
  EXPECT_EQ(ble::hex(f.bytes("data")), "0201");
  EXPECT_EQ(f.str("why"), "a \"b\"");
  EXPECT_EQ(f.text(), "ADV on type=ind min=32 data=0201 why=\"a \\\"b\\\"\"");
  EXPECT_EQ(f.integer("min", 0, 100), 32);
  EXPECT_THROW(f.integer("min", 40, 100), atsim::air::BadFrame);
  try {
    f.integer("data", 0, 10);
    ADD_FAILURE();
  } catch (const atsim::air::BadFrame& e) {
    EXPECT_EQ(e.offset, 23u);  // where data= starts
  }
  auto bad = [](const char* t) {
    return std::get<atsim::air::BadFrame>(atsim::air::parse_frame(t)).offset;
  };
  EXPECT_EQ(bad("adv on"), 0u);         // verbs are upper case
  EXPECT_EQ(bad("ADV x=1 x=2"), 8u);    // a key twice
  EXPECT_EQ(bad("ADV x=\"open"), 11u);  // unterminated
  EXPECT_EQ(bad("ADV K=1"), 4u);        // keys are lower case
  EXPECT_EQ(bad("ADV a=1 word"), 8u);   // words come before fields
}

TEST(AirWorld, ShippedWorldLoadsAndBadOnesNameTheLine) {
  auto w = atsim::air::load_air_world(kWorld);
  ASSERT_EQ(w.radios.size(), 3u);
  EXPECT_EQ(ble::hex(w.radios[0].data), kIbeacon);
  EXPECT_EQ(w.radios[2].address.type, ble::AddressType::random);
  EXPECT_EQ(w.radios[2].services.size(), 2u);
  auto error = [](const std::string& xml) {
    try {
      atsim::air::parse_air_world(xml, "w.xml");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("<air>\n<radio addr=\"zz\"/></air>"),
            "w.xml:2: addr=\"zz\" is not an address like c0:ff:ee:00:00:01");
  EXPECT_EQ(error("<air>\n\n<radio addr=\"00:11:22:33:44:55\" type=\"random\"/></air>"),
            "w.xml:3: a random address here is a static one: its two top bits are 11");
  EXPECT_EQ(error("<air><radio addr=\"00:11:22:33:44:55\" data=\"0201\"/></air>"),
            "w.xml:1: data is not well-formed AD structures");
  EXPECT_EQ(error("<air><beacon/></air>"),
            "w.xml:1: unknown element <beacon> (expected <radio> or <rssi>)");
  EXPECT_EQ(
      error("<air><radio addr=\"00:11:22:33:44:55\"><service uuid=\"0x180f\"/></radio></air>"),
      "w.xml:1: a <service> needs a connectable radio (adv=\"ind\")");
  EXPECT_NE(error("<air"), "no error");
}

TEST(AirProcess, ScannersHearTheWorldInsideTheirWindows) {
  Air air({"--world", kWorld});
  EventLoop loop;
  TestRadio scanner(loop, air.socket, "24:0a:c4:00:00:03/public");
  scanner.send("SCAN on type=passive int=160 win=160");
  auto rep = scanner.wait("REPORT", 2000ms, "from", "24:0a:c4:02:10:0e/public");
  ASSERT_TRUE(rep);
  EXPECT_EQ(field(*rep, "evt"), "nonconn");
  EXPECT_EQ(field(*rep, "rssi"), "-55");
  EXPECT_EQ(field(*rep, "data"), kIbeacon);
  // Passive: never a scan response.
  run_until(
      loop, [] { return false; }, 400ms);
  for (const auto& f : scanner.frames) EXPECT_NE(field(f, "evt"), "scan_rsp");
  scanner.send("SCAN on type=active int=160 win=160");
  scanner.frames.clear();
  auto rsp = scanner.wait("REPORT", 2000ms, "evt", "scan_rsp");
  ASSERT_TRUE(rsp);
  EXPECT_TRUE(field(*rsp, "from") == "24:0a:c4:01:4d:fe/public" ||
              field(*rsp, "from") == "c6:55:44:33:22:11/random");
  scanner.send("SCAN off");
  run_until(
      loop, [] { return false; }, 50ms);
  scanner.frames.clear();
  run_until(
      loop, [] { return false; }, 300ms);
  EXPECT_EQ(scanner.count("REPORT"), 0u);
}

TEST(AirProcess, AdvertisingIntervalIsTheMinimumPlusAdvDelay) {
  Air air;
  EventLoop loop;
  TestRadio adv(loop, air.socket, "24:0a:c4:00:00:03/public");
  adv.send("ADV on type=nonconn min=32 max=64 data=020106");  // 20 ms
  run_until(
      loop, [] { return false; }, 600ms);
  adv.send("ADV off");
  run_until(
      loop, [] { return false; }, 30ms);
  std::vector<long long> times;
  for (const auto& l : air.truth_lines()) {
    if (l.find(" ADV_EVENT 24:0a:c4:00:00:03/public - type=nonconn ch=7") != std::string::npos) {
      times.push_back(std::stoll(l.substr(0, l.find(' '))));
      EXPECT_NE(l.find(" data=020106 rsp="), std::string::npos) << l;
    }
  }
  ASSERT_GE(times.size(), 10u);
  std::vector<double> gaps;
  for (std::size_t i = 1; i < times.size(); ++i) {
    gaps.push_back((times[i] - times[i - 1]) / 1e6);
    EXPECT_GE(gaps.back(), 20.0) << i;  // never early
  }
  // 20 ms + advDelay 0..10 ms: the median lies inside; single events may be late on a loaded host.
  std::sort(gaps.begin(), gaps.end());
  EXPECT_LE(gaps[gaps.size() / 2], 31.0);
}

TEST(AirProcess, ConnectionStopsAdvertisingCarriesAttAndTimesOutWhenARadioGoes) {
  Air air;
  EventLoop loop;
  TestRadio peripheral(loop, air.socket, "24:0a:c4:00:00:03/public");
  auto central = std::make_unique<TestRadio>(loop, air.socket, "00:1b:dc:0f:00:01/public");
  peripheral.send("ADV on type=ind min=32 max=32 data=020106");
  central->send("CONNECT to=24:0a:c4:00:00:03/public min=24 max=40 lat=0 sup=100 timeout_ms=2000");
  auto cc = central->wait("CONNECTED", 2000ms);
  auto pc = peripheral.wait("CONNECTED", 2000ms);
  ASSERT_TRUE(cc && pc);
  EXPECT_EQ(field(*cc, "role"), "central");
  EXPECT_EQ(field(*pc, "role"), "peripheral");
  EXPECT_EQ(field(*pc, "peer"), "00:1b:dc:0f:00:01/public");
  EXPECT_EQ(field(*cc, "int"), "24");  // the lowest of the allowed range
  const std::string h = field(*cc, "h");
  EXPECT_EQ(field(*pc, "h"), h);

  // A 200-byte ATT PDU at the default data length: 204 / 27 -> 8 fragments, 2 events.
  const auto sent = std::chrono::steady_clock::now();
  central->send("PDU h=" + h + " att=52" + "0300" + std::string(394, 'a'));
  auto pdu = peripheral.wait("PDU", 1000ms);
  ASSERT_TRUE(pdu);
  const auto took = std::chrono::steady_clock::now() - sent;
  EXPECT_EQ(field(*pdu, "frags"), "8");
  EXPECT_EQ(field(*pdu, "dlen"), "27");
  EXPECT_GE(took, 30ms);  // at least one interval (24 * 1.25 ms)
  central->send("DATA_LEN h=" + h + " tx=251");
  auto dl = peripheral.wait("DATA_LEN_CHANGED", 1000ms);
  ASSERT_TRUE(dl);
  EXPECT_EQ(field(*dl, "rx"), "251");
  central->send("PDU h=" + h + " att=52" + "0300" + std::string(394, 'a'));
  pdu = peripheral.wait("PDU", 1000ms);
  ASSERT_TRUE(pdu);
  EXPECT_EQ(field(*pdu, "frags"), "1");

  // The central's socket closes: the peripheral sees a supervision timeout (1 s here).
  const auto gone = std::chrono::steady_clock::now();
  central.reset();
  auto dc = peripheral.wait("DISCONNECTED", 3000ms);
  ASSERT_TRUE(dc);
  EXPECT_EQ(field(*dc, "reason"), "0x08");
  EXPECT_GE(std::chrono::steady_clock::now() - gone, 990ms);
  // Advertising stopped at the connection: no event of ours between CONNECTED and the end.
  bool connected = false;
  for (const auto& l : air.truth_lines()) {
    if (l.find(" CONNECTED ") != std::string::npos) connected = true;
    if (connected) {
      EXPECT_EQ(l.find(" ADV_EVENT 24:0a:c4:00:00:03/public"), std::string::npos) << l;
    }
  }
}

TEST(AirProcess, DisconnectAndParameterUpdates) {
  Air air;
  EventLoop loop;
  TestRadio p(loop, air.socket, "24:0a:c4:00:00:03/public");
  TestRadio c(loop, air.socket, "24:0a:c4:00:00:07/public");
  p.send("ADV on type=ind min=32 max=32");
  c.send("CONNECT to=24:0a:c4:00:00:03/public min=24 max=24 sup=200");
  auto cc = c.wait("CONNECTED", 2000ms);
  ASSERT_TRUE(cc && p.wait("CONNECTED", 2000ms));
  const std::string h = field(*cc, "h");
  c.send("UPDATE h=" + h + " min=30 max=30 lat=0 sup=600");
  auto up = p.wait("UPDATED", 2000ms);
  ASSERT_TRUE(up);
  EXPECT_EQ(field(*up, "int"), "30");
  EXPECT_TRUE(c.wait("UPDATED", 500ms));
  // Invalid: the timeout does not cover (1 + latency) * interval * 2.
  c.send("UPDATE h=" + h + " min=100 max=100 lat=10 sup=100");
  auto fail = c.wait("UPDATE_FAIL", 1000ms);
  ASSERT_TRUE(fail);
  EXPECT_EQ(field(*fail, "reason"), "0x3b");
  p.send("UPDATE h=" + h + " min=30 max=30 lat=0 sup=600");  // the peripheral may not
  EXPECT_TRUE(p.wait("ERROR", 1000ms));
  c.send("DISCONNECT h=" + h + " reason=0x13");
  auto pd = p.wait("DISCONNECTED", 1000ms);
  auto cd = c.wait("DISCONNECTED", 1000ms);
  ASSERT_TRUE(pd && cd);
  EXPECT_EQ(field(*pd, "reason"), "0x13");
  EXPECT_EQ(field(*cd, "reason"), "0x16");
}

TEST(AirProcess, ConnectsOnlyToConnectableAdvertisers) {
  Air air({"--world", kWorld});
  EventLoop loop;
  TestRadio c(loop, air.socket, "24:0a:c4:00:00:03/public");
  c.send(
      "CONNECT to=24:0a:c4:02:10:0e/public min=24 max=24 sup=100 timeout_ms=400");  // the iBeacon
  auto f = c.wait("CONNECT_FAIL", 1500ms);
  ASSERT_TRUE(f);
  EXPECT_EQ(field(*f, "reason"), "0x02");
  // The wrong address type is another device.
  c.send("CONNECT to=c6:55:44:33:22:11/public min=24 max=24 sup=100 timeout_ms=400");
  EXPECT_TRUE(c.wait("CONNECT_FAIL", 1500ms));
  c.send("CONNECT to=c6:55:44:33:22:11/random min=24 max=24 sup=100 timeout_ms=2000");
  auto cc = c.wait("CONNECTED", 2000ms);
  ASSERT_TRUE(cc);
  EXPECT_EQ(field(*cc, "peer"), "c6:55:44:33:22:11/random");
}

TEST(AirProcess, ScriptedDeviceServesGattOverTheAir) {
  Air air({"--world", kWorld});
  EventLoop loop;
  TestRadio c(loop, air.socket, "24:0a:c4:00:00:03/public");
  c.send("CONNECT to=c6:55:44:33:22:11/random min=6 max=6 sup=100 timeout_ms=2000");
  auto cc = c.wait("CONNECTED", 2000ms);
  ASSERT_TRUE(cc);
  const std::string h = field(*cc, "h");
  ble::GattClient gatt([&](ble::Bytes b) { c.send("PDU h=" + h + " att=" + ble::hex(b)); });
  c.client->on_frame = [&](const Frame& f) {
    if (f.verb == "PDU" && f.has("att")) gatt.on_pdu(f.bytes("att"));
  };
  std::vector<ble::RemoteService> services;
  bool done = false;
  gatt.discover_primary_services([&](ble::Status s, auto v) {
    EXPECT_TRUE(s.ok());
    services = v;
    done = true;
  });
  ASSERT_TRUE(run_until(
      loop, [&] { return done; }, 2000ms));
  ASSERT_EQ(services.size(), 4u);
  EXPECT_EQ(services[0].uuid, ble::Uuid::from16(0x1800));
  EXPECT_EQ(services[3].uuid, ble::Uuid::from16(0xFFE0));
  ble::Bytes name, long_value;
  done = false;
  gatt.read(3, [&](ble::Status s, ble::Bytes v) {
    EXPECT_TRUE(s.ok());
    name = v;
  });
  std::vector<ble::RemoteCharacteristic> chars;
  gatt.discover_characteristics(services[3].start, services[3].end, [&](ble::Status s, auto v) {
    EXPECT_TRUE(s.ok());
    chars = v;
    done = true;
  });
  ASSERT_TRUE(run_until(
      loop, [&] { return done; }, 2000ms));
  EXPECT_EQ(ble::to_string(name), "atc-peripheral");
  ASSERT_EQ(chars.size(), 2u);
  done = false;
  gatt.read(chars[1].value, [&](ble::Status s, ble::Bytes v) {  // 42 bytes: Read + Read Blob
    EXPECT_TRUE(s.ok());
    long_value = v;
    done = true;
  });
  ASSERT_TRUE(run_until(
      loop, [&] { return done; }, 2000ms));
  EXPECT_EQ(long_value.size(), 42u);
  // Subscribe to FFE1 (its CCCD follows the 0x2901), write, get the echo as a notification.
  ble::Bytes echoed;
  gatt.on_value = [&](std::uint16_t, const ble::Bytes& v, bool) { echoed = v; };
  gatt.write(static_cast<std::uint16_t>(chars[0].value + 2), {1, 0}, true,
             [](ble::Status s) { EXPECT_TRUE(s.ok()); });
  gatt.write(chars[0].value, ble::to_bytes("hello"), false, [](ble::Status) {});
  ASSERT_TRUE(run_until(
      loop, [&] { return !echoed.empty(); }, 2000ms));
  EXPECT_EQ(ble::to_string(echoed), "hello");
}

TEST(AirProcess, BadFramesGetAnErrorNamingTheOffset) {
  Air air;
  EventLoop loop;
  // Raw socket: nothing but HELLO is accepted first.
  TestRadio r(loop, air.socket, "24:0a:c4:00:00:03/public");
  r.client->send(Frame("BOGUS"));
  auto e = r.wait("ERROR", 1000ms);
  ASSERT_TRUE(e);
  EXPECT_EQ(field(*e, "why"), "unknown verb BOGUS");
  r.send("ADV on type=ind min=32 max=x");
  e = r.wait("ERROR", 1000ms);
  ASSERT_TRUE(e);
  EXPECT_EQ(field(*e, "offset"), "23");  // where max= starts
  EXPECT_EQ(field(*e, "frame"), "ADV on type=ind min=32 max=x");
  // A second radio with the same address is refused; one that is not a frame at all too.
  EventLoop loop2;
  atsim::air::AirClient dup(loop2, air.socket, *ble::parse_air_address("24:0a:c4:00:00:03/public"),
                            "x");
  std::vector<Frame> got;
  dup.on_frame = [&](const Frame& f) { got.push_back(f); };
  run_until(
      loop2, [&] { return !got.empty(); }, 1000ms);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].verb, "ERROR");
  EXPECT_NE(field(got[0], "why").find("already on the air"), std::string::npos);
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET, 0);
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::strcpy(sa.sun_path, air.socket.c_str());
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::send(fd, "\x01\x02 hi", 5, 0), 5);
  char buf[512];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);  // blocking: the air answers at once
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)).substr(0, 15), "ERROR offset=0 ");
  ::close(fd);
  // The air is still there.
  r.send("SCAN on type=passive int=16 win=16");
  r.send("SCAN off");
  EXPECT_FALSE(r.wait("ERROR", 200ms));
}

TEST(AirProcess, ControlMovesAndDropsRadiosAndQuits) {
  Air air({"--world", kWorld});
  EventLoop loop;
  TestRadio s(loop, air.socket, "24:0a:c4:00:00:03/public");
  s.send("SCAN on type=passive int=16 win=16");
  air.child->write_stdin("MOVE 24:0a:c4:02:10:0e -20\n");
  ASSERT_TRUE(s.wait("REPORT", 2000ms, "rssi", "-20"));
  air.child->write_stdin("DROP 24:0a:c4:02:10:0e\n");
  run_until(
      loop, [] { return false; }, 50ms);
  s.frames.clear();
  run_until(
      loop, [] { return false; }, 400ms);
  for (const auto& f : s.frames) EXPECT_NE(field(f, "from"), "24:0a:c4:02:10:0e/public");
  air.child->write_stdin("QUIT\n");
  EXPECT_EQ(air.child->wait_exit(2000ms), 0);
}

TEST(AirProcess, EndOfStdinAndSigtermEndIt) {
  {
    Air air;
    air.child->close_stdin();
    EXPECT_EQ(air.child->wait_exit(2000ms), 0);
  }
  Air air;
  ::kill(air.child->pid(), SIGTERM);
  EXPECT_EQ(air.child->wait_exit(2000ms), 0);
  EXPECT_FALSE(std::filesystem::exists(air.socket));  // removed on the way out
}

TEST(AirProcess, BadCommandLinesAndWorldsExitNonZero) {
  Child none({air_path()});
  EXPECT_EQ(none.wait_exit(2000ms), 2);
  Child bogus({air_path(), "--socket", "/tmp/x", "--bogus"});
  EXPECT_EQ(bogus.wait_exit(2000ms), 2);
  Child world({air_path(), "--socket", "/tmp/atc-air-never", "--world", "/nonexistent.xml"});
  EXPECT_EQ(world.wait_exit(2000ms), 1);
}
