// esp32 §5.2.25, esp8266 §5.2.17: AT+PING.
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {

ATC_TEST(TcpIp, PingAnswersTheResponseTime,
         {.purpose = "Ensure that AT+PING=\"<host>\" to a host that answers prints the response "
                     "time (+PING:<time> on ESP32, +<time> on ESP8266) then OK, and that a "
                     "missing or empty host or a second parameter answers ERROR (and pings "
                     "nothing: the DUT answers the next ping as before)",
          .clauses = {"esp32 §5.2.25", "esp8266 §5.2.17"},
          .features = {"ping"}}) {
  EXPECT_TRUE(is_error(dut().command("AT+PING"))) << "no host";
  EXPECT_TRUE(is_error(dut().command("AT+PING=\"\""))) << "an empty host";
  EXPECT_TRUE(is_error(dut().command("AT+PING=\"" + net().host + "\",1"))) << "a second parameter";

  Response r = dut().command("AT+PING=\"" + net().host + "\"", Millis{10000});
  ASSERT_TRUE(is_ok(r));
  std::string line;
  ASSERT_TRUE(has_line_matching(r, chip() == Chip::esp32 ? R"(\+PING:\d+)" : R"(\+\d+)", &line))
      << "OK without the response time line";
  const long ms = std::stol(line.substr(line.find_first_of("0123456789")));
  measure("ping_ms", static_cast<double>(ms), "ms");
  // The reply came within the command's own round trip: a larger figure is not a measurement.
  const auto took = r.latency().count();
  EXPECT_LE(ms, took + 1) << "a response time longer than the command took";
}

}  // namespace atc::tcpip
