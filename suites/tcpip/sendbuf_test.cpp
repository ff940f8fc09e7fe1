// esp8266 §5.2.5–5.2.8: the TCP send buffer. AT+CIPSENDBUF queues numbered segments without
// waiting for SEND OK; AT+CIPBUFSTATUS, AT+CIPBUFRESET and AT+CIPCHECKSEG report on them.
#include <regex>

#include "fixtures/tcp_server.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::TcpServer;

struct Segment {
  long id = -1, acked = -1;  // "<current segment ID>,<segment ID sent successfully>"
};

// AT+CIPSENDBUF=<len>, then the data without waiting for SEND OK. nullopt: no prompt, or no
// "<id>,<acked>" line before it (`why` says which).
std::optional<Segment> write_segment(Dut& dut, const std::string& data, std::string* why) {
  Response p = dut.prompt_command("AT+CIPSENDBUF=" + std::to_string(data.size()));
  if (p.final != Final::prompt) {
    *why = "no prompt\n" + p.tail;
    return std::nullopt;
  }
  dut.write_raw(data);
  static const std::regex line(R"((\d+),(\d+))");
  std::smatch m;
  for (const auto& l : p.info)
    if (std::regex_match(l, m, line)) return Segment{std::stol(m[1]), std::stol(m[2])};
  *why = "no <segment ID>,<segment ID sent> line before the prompt\n" + p.tail;
  return std::nullopt;
}

}  // namespace

ATC_TEST(TcpIp, CipsendbufNumbersSegmentsWithoutWaitingForSendOk,
         {.purpose = "Ensure that AT+CIPSENDBUF answers <segment ID>,<sent ID>, OK and >, "
                     "accepts the next write before SEND OK, numbers segments 1, 2, 3, reports "
                     "<segment ID>,SEND OK for each and delivers every byte in order; no link, "
                     "a length of 0 or over 2048 answer ERROR",
          .clauses = {{Chip::esp8266, "5.2.5"}},
          .features = {"send-buffer"}}) {
  ATC_TCPIP_PREAMBLE();
  EXPECT_TRUE(is_error(dut().command("AT+CIPSENDBUF=4"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  EXPECT_TRUE(is_error(dut().command("AT+CIPSENDBUF=0")));
  EXPECT_TRUE(is_error(dut().command("AT+CIPSENDBUF=2049")));

  dut().clear_urcs();
  std::string sent;
  for (long i = 1; i <= 3; ++i) {
    const std::string data = "segment-" + std::to_string(i) + ";";
    std::string why;
    auto seg = write_segment(dut(), data, &why);
    ASSERT_TRUE(seg) << "write " << i << ": " << why;
    EXPECT_EQ(seg->id, i) << "the segment ID of write " << i << " (starts at 1, +1 per call)";
    sent += data;
  }
  for (long i = 1; i <= 3; ++i) {
    EXPECT_TRUE(dut().wait_urc(std::to_string(i) + ",SEND OK", Millis{3000}))
        << "no \"" << i << ",SEND OK\"";
  }
  EXPECT_TRUE(peer->wait_bytes(sent.size(), deadline_in(3s)));
  EXPECT_EQ(peer->received_bytes(), sent);
}

ATC_TEST(TcpIp, CipbufresetRestartsSegmentIds,
         {.purpose = "Ensure that AT+CIPBUFRESET answers OK once the buffer is sent and the next "
                     "AT+CIPSENDBUF gets segment ID 1 again; without a link it answers ERROR",
          .clauses = {{Chip::esp8266, "5.2.6"}},
          .features = {"send-buffer"}}) {
  ATC_TCPIP_PREAMBLE();
  EXPECT_TRUE(is_error(dut().command("AT+CIPBUFRESET"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  std::string why;
  ASSERT_TRUE(write_segment(dut(), "one", &why)) << why;
  ASSERT_TRUE(write_segment(dut(), "two", &why)) << why;
  ASSERT_TRUE(dut().wait_urc("2,SEND OK", Millis{3000}));
  ASSERT_TRUE(is_ok(dut().command("AT+CIPBUFRESET")));
  auto seg = write_segment(dut(), "three", &why);
  ASSERT_TRUE(seg) << why;
  EXPECT_EQ(seg->id, 1) << "the first segment ID after AT+CIPBUFRESET";
  EXPECT_TRUE(dut().wait_urc("1,SEND OK", Millis{3000}));
  EXPECT_TRUE(peer->wait_bytes(11, deadline_in(3s)));
  EXPECT_EQ(peer->received_bytes(), "onetwothree");
}

ATC_TEST(TcpIp, CipbufstatusReportsTheSegmentCounters,
         {.purpose = "Ensure that AT+CIPBUFSTATUS answers <next ID>,<sent ID>,<sent "
                     "successfully ID>,<free buffer>,<queue> and OK, the IDs following the "
                     "writes; without a link it answers ERROR",
          .clauses = {{Chip::esp8266, "5.2.7"}},
          .features = {"send-buffer"}}) {
  ATC_TCPIP_PREAMBLE();
  EXPECT_TRUE(is_error(dut().command("AT+CIPBUFSTATUS"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  std::string why;
  ASSERT_TRUE(write_segment(dut(), "alpha", &why)) << why;
  ASSERT_TRUE(write_segment(dut(), "beta", &why)) << why;
  ASSERT_TRUE(dut().wait_urc("2,SEND OK", Millis{3000}));
  Response r = dut().command("AT+CIPBUFSTATUS");
  ASSERT_TRUE(is_ok(r));
  static const std::regex line(R"((\d+),(\d+),(\d+),(\d+),(\d+))");
  std::smatch m;
  bool found = false;
  for (const auto& l : r.info) {
    if (!std::regex_match(l, m, line)) continue;
    found = true;
    EXPECT_EQ(std::stol(m[1]), 3) << "next segment ID after two writes";
    EXPECT_EQ(std::stol(m[2]), 2) << "the latest segment sent";
    EXPECT_EQ(std::stol(m[3]), 2) << "the latest segment sent successfully (SEND OK seen)";
    EXPECT_GT(std::stol(m[4]), 0) << "free buffer with nothing pending";
    measure("send_buffer_free_B", std::stod(m[4]), "B");
  }
  EXPECT_TRUE(found) << "no <next>,<sent>,<ok>,<free>,<queue> line\n" << r.tail;
}

ATC_TEST(TcpIp, CipchecksegReportsWhetherASegmentWasSent,
         {.purpose = "Ensure that AT+CIPCHECKSEG=<segment ID> of a segment that was sent answers "
                     "<segment ID>,TRUE and OK; without a link it answers ERROR",
          .clauses = {{Chip::esp8266, "5.2.8"}},
          .features = {"send-buffer"}}) {
  ATC_TCPIP_PREAMBLE();
  EXPECT_TRUE(is_error(dut().command("AT+CIPCHECKSEG=1"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  std::string why;
  auto seg = write_segment(dut(), "checked", &why);
  ASSERT_TRUE(seg) << why;
  ASSERT_TRUE(dut().wait_urc(std::to_string(seg->id) + ",SEND OK", Millis{3000}));
  Response r = dut().command("AT+CIPCHECKSEG=" + std::to_string(seg->id));
  ASSERT_TRUE(is_ok(r));
  EXPECT_TRUE(saw(r, std::to_string(seg->id) + ",TRUE")) << r.tail;
}

}  // namespace atc::tcpip
