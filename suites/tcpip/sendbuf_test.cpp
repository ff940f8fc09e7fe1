// esp8266 §5.2.5–5.2.8: the TCP send buffer. AT+CIPSENDBUF queues numbered segments without
// waiting for SEND OK; AT+CIPBUFSTATUS, AT+CIPBUFRESET and AT+CIPCHECKSEG report on them. The
// document writes spaces around some commas of these answers ("<segment ID>, SEND OK",
// "<segment ID> ,<status>"); builds print none: both are accepted (docs/errata.md).
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

// AT+CIPSENDBUF=<len>, then the data without waiting for SEND OK. The failure says what was
// missing: the prompt, or the "<id>,<acked>" line before it.
::testing::AssertionResult write_segment(Dut& dut, const std::string& data, Segment* seg) {
  Response p = dut.prompt_command("AT+CIPSENDBUF=" + std::to_string(data.size()));
  if (p.final != Final::prompt) return is_final(p, Final::prompt);
  dut.write_raw(data);
  static const std::regex line(R"((\d+), ?(\d+))");
  std::smatch m;
  for (const auto& l : p.info) {
    if (!std::regex_match(l, m, line)) continue;
    *seg = Segment{std::stol(m[1]), std::stol(m[2])};
    return ::testing::AssertionSuccess();
  }
  return response_failure(p, "no <current segment ID>,<segment ID sent> line before the prompt");
}

// "<segment ID>,SEND OK" (single-link mode) as an unsolicited line, within 3 s.
::testing::AssertionResult segment_sent(Dut& dut, long seg) {
  return got_urc(dut, std::to_string(seg) + ", ?SEND OK", 3000ms);
}

// The one "<next>,<sent>,<sent ok>,<free>,<queue>" line of AT+CIPBUFSTATUS.
::testing::AssertionResult buffer_status(Dut& dut, std::vector<long>* fields) {
  Response r = dut.command("AT+CIPBUFSTATUS");
  if (!r.ok()) return is_ok(r);
  static const std::regex line(R"((\d+), ?(\d+), ?(\d+), ?(\d+), ?(\d+))");
  std::smatch m;
  for (const auto& l : r.info) {
    if (!std::regex_match(l, m, line)) continue;
    fields->clear();
    for (int i = 1; i <= 5; ++i) fields->push_back(std::stol(m[i]));
    return ::testing::AssertionSuccess();
  }
  return response_failure(r, "no <next ID>,<sent ID>,<sent OK ID>,<free>,<queue> line");
}

}  // namespace

ATC_TEST(TcpIp, CipsendbufNumbersSegmentsWithoutWaitingForSendOk,
         {.purpose = "Ensure that AT+CIPSENDBUF answers <segment ID>,<sent ID>, OK and >, "
                     "accepts the next write before SEND OK, numbers segments 1, 2, 3, reports "
                     "<segment ID>,SEND OK for each and delivers every byte in order; no link, "
                     "a length of 0 or over 2048 answer ERROR, sending and numbering nothing",
          .clauses = {"esp8266 §5.2.5"},
          .features = {"send-buffer"}}) {
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
    Segment seg;
    ASSERT_TRUE(write_segment(dut(), data, &seg)) << "write " << i;
    // Write 1 is ID 1: the refused forms numbered nothing.
    EXPECT_EQ(seg.id, i) << "the segment ID of write " << i << " (starts at 1, +1 per call)";
    sent += data;
  }
  for (long i = 1; i <= 3; ++i) EXPECT_TRUE(segment_sent(dut(), i));
  EXPECT_TRUE(peer->wait_bytes(sent.size(), deadline_in(3s)));
  // And sent nothing: the peer has exactly the three segments.
  EXPECT_EQ(peer->received_bytes(), sent);
}

ATC_TEST(TcpIp, CipbufresetRestartsSegmentIds,
         {.purpose = "Ensure that AT+CIPBUFRESET answers OK once the buffer is sent and the next "
                     "AT+CIPSENDBUF gets segment ID 1 again; without a link, or in a form the "
                     "single-link mode does not define, it answers ERROR and the IDs go on",
          .clauses = {"esp8266 §5.2.6"},
          .features = {"send-buffer"}}) {
  EXPECT_TRUE(is_error(dut().command("AT+CIPBUFRESET"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  Segment seg;
  ASSERT_TRUE(write_segment(dut(), "one", &seg));
  ASSERT_TRUE(write_segment(dut(), "two", &seg));
  ASSERT_TRUE(segment_sent(dut(), 2));

  // Negative: the multi-link form in single-link mode resets nothing.
  EXPECT_TRUE(is_error(dut().command("AT+CIPBUFRESET=0"))) << "a link ID in single-link mode";
  ASSERT_TRUE(write_segment(dut(), "three", &seg));
  EXPECT_EQ(seg.id, 3) << "the segment ID after a refused AT+CIPBUFRESET";
  ASSERT_TRUE(segment_sent(dut(), 3));

  ASSERT_TRUE(is_ok(dut().command("AT+CIPBUFRESET")));
  ASSERT_TRUE(write_segment(dut(), "four", &seg));
  EXPECT_EQ(seg.id, 1) << "the first segment ID after AT+CIPBUFRESET";
  EXPECT_TRUE(segment_sent(dut(), 1));
  EXPECT_TRUE(peer->wait_bytes(15, deadline_in(3s)));
  EXPECT_EQ(peer->received_bytes(), "onetwothreefour");
}

ATC_TEST(TcpIp, CipbufstatusReportsTheSegmentCounters,
         {.purpose = "Ensure that AT+CIPBUFSTATUS answers <next ID>,<sent ID>,<sent "
                     "successfully ID>,<free buffer>,<queue> and OK, the IDs following the "
                     "writes; without a link, or in a form the single-link mode does not define, "
                     "it answers ERROR and the counters stay",
          .clauses = {"esp8266 §5.2.7"},
          .features = {"send-buffer"}}) {
  EXPECT_TRUE(is_error(dut().command("AT+CIPBUFSTATUS"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  Segment seg;
  ASSERT_TRUE(write_segment(dut(), "alpha", &seg));
  ASSERT_TRUE(write_segment(dut(), "beta", &seg));
  ASSERT_TRUE(segment_sent(dut(), 2));
  std::vector<long> f;
  ASSERT_TRUE(buffer_status(dut(), &f));
  EXPECT_EQ(f[0], 3) << "next segment ID after two writes";
  EXPECT_EQ(f[1], 2) << "the latest segment sent";
  EXPECT_EQ(f[2], 2) << "the latest segment sent successfully (SEND OK seen)";
  EXPECT_GT(f[3], 0) << "free buffer with nothing pending";
  measure("send_buffer_free_B", static_cast<double>(f[3]), "B");

  EXPECT_TRUE(is_error(dut().command("AT+CIPBUFSTATUS=0"))) << "a link ID in single-link mode";
  std::vector<long> again;
  ASSERT_TRUE(buffer_status(dut(), &again));
  EXPECT_EQ(std::vector<long>(again.begin(), again.begin() + 3),
            std::vector<long>(f.begin(), f.begin() + 3))
      << "the segment counters after the refused form";
}

ATC_TEST(TcpIp, CipchecksegReportsWhetherASegmentWasSent,
         {.purpose = "Ensure that AT+CIPCHECKSEG=<segment ID> of a segment that was sent answers "
                     "<segment ID>,TRUE and OK; without a link, or in a form the single-link "
                     "mode does not define, it answers ERROR and the segment's status stays",
          .clauses = {"esp8266 §5.2.8"},
          .features = {"send-buffer"}}) {
  EXPECT_TRUE(is_error(dut().command("AT+CIPCHECKSEG=1"))) << "no link open";
  TcpServer server;
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "TCP", server.listen(host_ep(net().tcp_port)))));
  auto peer = server.wait_accept(deadline_in(3s));
  ASSERT_TRUE(peer) << "the fixture saw no connection";
  Segment seg;
  ASSERT_TRUE(write_segment(dut(), "checked", &seg));
  ASSERT_TRUE(segment_sent(dut(), seg.id));
  const std::string id = std::to_string(seg.id);
  Response r = dut().command("AT+CIPCHECKSEG=" + id);
  ASSERT_TRUE(is_ok(r));
  EXPECT_TRUE(has_line_matching(r, id + " ?, ?TRUE"));

  EXPECT_TRUE(is_error(dut().command("AT+CIPCHECKSEG=0," + id))) << "a link ID in single mode";
  Response again = dut().command("AT+CIPCHECKSEG=" + id);
  ASSERT_TRUE(is_ok(again)) << "after the refused form";
  EXPECT_TRUE(has_line_matching(again, id + " ?, ?TRUE")) << "after the refused form";
}

}  // namespace atc::tcpip
