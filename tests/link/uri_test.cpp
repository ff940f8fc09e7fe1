// Ensure that link URIs are parsed as documented and that a malformed one is refused with a
// message naming the URI and the offset of the first wrong byte.
#include <gtest/gtest.h>

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/link/serial_settings.hpp"

namespace atc {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

TEST(LinkUri, SerialWithSettings) {
  auto u = parse_link_uri("serial:/dev/ttyUSB0?baud=115200&parity=even");
  EXPECT_EQ(u.scheme, "serial");
  EXPECT_EQ(u.target, "/dev/ttyUSB0");
  EXPECT_EQ(u.query, (Query{{"baud", "115200"}, {"parity", "even"}}));
  EXPECT_EQ(u.get("baud"), "115200");
  EXPECT_EQ(u.get("flow", "none"), "none");
}

TEST(LinkUri, TtyWithoutQuery) {
  auto u = parse_link_uri("tty:/dev/pts/3");
  EXPECT_EQ(u.scheme, "tty");
  EXPECT_EQ(u.target, "/dev/pts/3");
  EXPECT_TRUE(u.query.empty());
}

TEST(LinkUri, TcpAndRfc2217HostPort) {
  auto t = parse_link_uri("tcp://127.0.0.1:7000");
  EXPECT_EQ(t.scheme, "tcp");
  EXPECT_EQ(t.target, "127.0.0.1:7000");
  auto r = parse_link_uri("rfc2217://rack3.lab:7001?baud=921600");
  EXPECT_EQ(r.scheme, "rfc2217");
  EXPECT_EQ(r.target, "rack3.lab:7001");
  EXPECT_EQ(r.get("baud"), "921600");
  auto v6 = parse_link_uri("tcp://[::1]:7000");
  EXPECT_EQ(v6.target, "[::1]:7000");
}

TEST(LinkUri, RepeatedKeysKeepOrderAndLastWins) {
  auto u = parse_link_uri("sim:esp8266?defect=nvs_not_saved&defect=no_ready&boot_ms=10");
  EXPECT_EQ(u.target, "esp8266");
  EXPECT_EQ(u.query,
            (Query{{"defect", "nvs_not_saved"}, {"defect", "no_ready"}, {"boot_ms", "10"}}));
  auto v = parse_link_uri("tty:/x?baud=1&baud=2");
  EXPECT_EQ(v.get("baud"), "2");
}

TEST(LinkUri, PercentDecoding) {
  auto u = parse_link_uri("sim:esp32?nvs=/tmp/my%20dir/nvs%3F.bin&atsim=%2Fopt%2Fatsim");
  EXPECT_EQ(u.get("nvs"), "/tmp/my dir/nvs?.bin");
  EXPECT_EQ(u.get("atsim"), "/opt/atsim");
  auto t = parse_link_uri("tty:/dev/serial/by-id/usb-FTDI%20x");
  EXPECT_EQ(t.target, "/dev/serial/by-id/usb-FTDI x");
  auto e = parse_link_uri("tty:/x?k=");
  EXPECT_EQ(e.get("k", "fallback"), "");
}

// Returns the LinkError text (empty if none was thrown).
std::string error_of(const std::string& uri) {
  try {
    parse_link_uri(uri);
  } catch (const LinkError& e) {
    return e.what();
  }
  return "";
}

TEST(LinkUri, BadUrisNameTheUriAndOffset) {
  struct Case {
    std::string uri;
    std::string offset;  // "at offset N"
    std::string words;
  };
  const Case cases[] = {
      {"", "at offset 0", "empty"},
      {"/dev/ttyUSB0", "at offset 12", "scheme"},
      {":x", "at offset 0", "scheme"},
      {"Serial:/dev/x", "at offset 0", "lower-case"},
      {"tty:", "at offset 4", "target"},
      {"tty:?baud=1", "at offset 4", "target"},
      {"tcp:127.0.0.1:7000", "at offset 4", "'//'"},
      {"tcp://", "at offset 6", "host:port"},
      {"tcp://host", "at offset 10", ":<port>"},
      {"tcp://:7000", "at offset 6", "host"},
      {"tcp://host:", "at offset 11", "port number"},
      {"tcp://host:70a0", "at offset 13", "number"},
      {"tcp://host:70000", "at offset 11", "1..65535"},
      {"tcp://host:0", "at offset 11", "1..65535"},
      {"rfc2217://[::1:7000", "at offset 10", "'['"},
      {"tty:/x?baud", "at offset 11", "'='"},
      {"tty:/x?baud=1&&parity=odd", "at offset 14", "empty"},
      {"tty:/x?=1", "at offset 7", "name"},
      {"tty:/x?baud=1&", "at offset 14", "empty"},
      {"tty:/dev/x%4", "at offset 10", "two hex digits"},
      {"tty:/x?nvs=%zz", "at offset 11", "two hex digits"},
  };
  for (const auto& c : cases) {
    std::string msg = error_of(c.uri);
    EXPECT_NE(msg.find("\"" + c.uri + "\""), std::string::npos) << c.uri << " -> " << msg;
    EXPECT_NE(msg.find(c.offset), std::string::npos) << c.uri << " -> " << msg;
    EXPECT_NE(msg.find(c.words), std::string::npos) << c.uri << " -> " << msg;
  }
}

std::string open_error(const std::string& uri) {
  try {
    open_link(uri, SerialSettings{});
  } catch (const LinkError& e) {
    return e.what();
  }
  return "";
}

TEST(OpenLink, UnknownSchemeListsTheKnownOnes) {
  std::string msg = open_error("usb:/dev/ttyUSB0");
  EXPECT_NE(msg.find("unknown scheme 'usb'"), std::string::npos) << msg;
  for (const char* s : {"serial:", "tty:", "tcp://", "rfc2217://", "sim:"})
    EXPECT_NE(msg.find(s), std::string::npos) << msg;
}

TEST(OpenLink, BadOptionsAreRefusedBeforeOpening) {
  EXPECT_NE(open_error("tty:/dev/null?buad=9600").find("unknown option 'buad'"), std::string::npos);
  EXPECT_NE(open_error("tty:/dev/null?parity=mark").find("none, odd or even"), std::string::npos);
  EXPECT_NE(open_error("tty:/dev/null?flow=xon").find("none or rtscts"), std::string::npos);
  EXPECT_NE(open_error("tty:/dev/null?data_bits=9").find("5..8"), std::string::npos);
  EXPECT_NE(open_error("tty:/dev/null?baud=fast").find("baud=fast"), std::string::npos);
  EXPECT_NE(open_error("tcp://127.0.0.1:1?baud=9600").find("unknown option 'baud'"),
            std::string::npos);
  EXPECT_NE(open_error("sim:esp31").find("esp32 and esp8266"), std::string::npos);
}

TEST(OpenLink, TtyErrorsNameTheUri) {
  std::string msg = open_error("tty:/nonexistent/ttyX?baud=9600");
  EXPECT_NE(msg.find("tty:/nonexistent/ttyX?baud=9600"), std::string::npos) << msg;
  EXPECT_NE(msg.find("No such file"), std::string::npos) << msg;
  std::string not_tty = open_error("tty:/dev/null");
  EXPECT_NE(not_tty.find("not a terminal"), std::string::npos) << not_tty;
}

TEST(SerialSettings, ToString) {
  EXPECT_EQ(to_string(SerialSettings{}), "115200 8N1");
  SerialSettings s;
  s.baud = 74880;
  s.data_bits = 7;
  s.parity = Parity::even;
  s.stop_bits = 2;
  s.flow = FlowControl::rts_cts;
  EXPECT_EQ(to_string(s), "74880 7E2 rtscts");
  s.parity = Parity::odd;
  s.flow = FlowControl::none;
  EXPECT_EQ(to_string(s), "74880 7O2");
}

}  // namespace
}  // namespace atc
