// The Wi-Fi world file (sim/wifi/world.*): the shipped default equals the built-in one, and a
// file atsim cannot use is refused with FILE:LINE.
#include <gtest/gtest.h>

#include <string>

#include "sim/wifi/world.hpp"

using namespace atsim::wifi;

namespace {
std::string error_of(const std::string& xml) {
  try {
    parse_world(xml, "w.xml");
  } catch (const WorldError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(WifiWorld, ShippedDefaultEqualsTheBuiltInOne) {
  const World file = load_world(std::string(ATC_SOURCE_DIR) + "/configs/worlds/default.xml");
  EXPECT_EQ(file.aps.size(), 5u);
  EXPECT_TRUE(file == default_world());
  EXPECT_EQ(file.aps[3].ssid, "esc,ap\"\\");
  EXPECT_EQ(file.aps[3].password, "p,w\"d\\");
  EXPECT_FALSE(file.aps[4].dhcp);
}

TEST(WifiWorld, ParsesEveryElement) {
  const World w = parse_world(R"(<world>
  <ap ssid="x" password="p" bssid="02:00:00:00:00:01" channel="1" rssi="-40" ecn="5" join_ms="10"
      dhcp="127.0.5.0/24" gateway="127.0.5.9"/>
  <softap_station mac="02:00:00:00:00:09" join_ms="5" leave_ms="7"/>
  <smartconfig after_ms="3" type="AIRKISS" ssid="x"/>
  <wps ssid="x" bssid="02:00:00:00:00:01"/>
</world>)",
                              "w.xml");
  ASSERT_EQ(w.aps.size(), 1u);
  EXPECT_EQ(w.aps[0].ecn, 5);
  EXPECT_EQ(w.aps[0].join_time, Millis(10));
  EXPECT_EQ(ip_text(w.aps[0].dhcp->gateway), "127.0.5.9");
  ASSERT_EQ(w.softap_peers.size(), 1u);
  EXPECT_EQ(w.softap_peers[0].leave_at, Millis(7));
  EXPECT_EQ(w.smartconfig->type, "AIRKISS");
  EXPECT_EQ(w.wps->after, Millis(600));
  EXPECT_TRUE(w.wps->bssid);
}

TEST(WifiWorld, ErrorsNameFileAndLine) {
  EXPECT_EQ(error_of("<world>\n<ap\n</world>").rfind("w.xml:3: not well-formed XML", 0), 0u)
      << error_of("<world>\n<ap\n</world>");
  EXPECT_EQ(error_of("<world>\n\n<tree/>\n</world>").rfind("w.xml:3: unknown element <tree>", 0),
            0u);
  const std::string bad_channel = error_of(
      "<world>\n<ap ssid=\"a\" bssid=\"02:00:00:00:00:01\"\n rssi=\"-4\" ecn=\"0\"\n"
      " channel=\"99\"/>\n</world>");
  EXPECT_EQ(bad_channel.rfind("w.xml:4: channel must be a number 1..14", 0), 0u) << bad_channel;
  EXPECT_EQ(error_of("<world>\n<ap ssid=\"a\" channel=\"1\" rssi=\"-4\" ecn=\"0\"/></world>")
                .rfind("w.xml:2: <ap> needs bssid", 0),
            0u);
  const std::string dup = error_of(
      "<world>\n<ap ssid=\"a\" bssid=\"02:00:00:00:00:01\" channel=\"1\" rssi=\"-4\" ecn=\"0\"/>\n"
      "<ap ssid=\"b\" bssid=\"02:00:00:00:00:01\" channel=\"1\" rssi=\"-4\" ecn=\"0\"/>\n</world>");
  EXPECT_EQ(dup.rfind("w.xml:3: bssid 02:00:00:00:00:01 is used twice", 0), 0u) << dup;
  EXPECT_EQ(error_of("<world><ap ssid=\"a\" bssid=\"02:00:00:00:00:01\" channel=\"1\" rssi=\"-4\" "
                     "ecn=\"3\"/></world>")
                .rfind("w.xml:1: a secured AP needs a password", 0),
            0u);
  EXPECT_EQ(error_of("<world>\n<wps ssid=\"a\" colour=\"red\"/></world>")
                .rfind("w.xml:2: unknown attribute colour", 0),
            0u);
  EXPECT_EQ(error_of("<nope/>").rfind("w.xml:1: the root element must be <world>", 0), 0u);
  EXPECT_EQ(std::string(error_of("")).rfind("w.xml:", 0), 0u);
}

TEST(WifiAddr, MacRules) {
  EXPECT_TRUE(parse_mac("1A:fe:35:98:d3:7b"));
  EXPECT_FALSE(parse_mac("1a:fe:35:98:d3"));
  EXPECT_FALSE(parse_mac("1a-fe-35-98-d3-7b"));
  EXPECT_FALSE(settable_mac(*parse_mac("15:fe:35:98:d3:7b")));
  EXPECT_FALSE(settable_mac(*parse_mac("ff:ff:ff:ff:ff:ff")));
  EXPECT_FALSE(settable_mac(*parse_mac("00:00:00:00:00:00")));
  EXPECT_TRUE(settable_mac(*parse_mac("18:fe:35:98:d3:7b")));
  EXPECT_EQ(mac_text(*parse_mac("1A:FE:35:98:D3:7B")), "1a:fe:35:98:d3:7b");
  EXPECT_EQ(parse_ip("127.0.1.2"), 0x7F000102u);
  EXPECT_FALSE(parse_ip("300.1.1.1"));
  EXPECT_FALSE(parse_ip("1.2.3"));
}
