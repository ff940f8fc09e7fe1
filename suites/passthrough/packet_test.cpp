// esp32 §5.2.10, esp8266 §5.2.3 (AT+CIPSEND execute: transparent transmission): packetisation
// (2048 bytes or 20 ms), the +++ rule, latency and throughput, measured at the peer fixture.
// Whether the harness's own timestamps can be trusted for this is a project test, not a verdict
// on the firmware (tests/sim/net_harness_truth_test.cpp compares them with atsim's ground truth).
#include <algorithm>
#include <numeric>

#include "fixtures/tcp_server.hpp"
#include "fixtures/udp_peer.hpp"
#include "suites/passthrough/passthrough_fixture.hpp"

namespace atc::passthrough {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;
using fixtures::TcpServer;
using fixtures::UdpPeer;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>("0123456789abcdefghij\r\n"[i % 22]);
  return s;
}
}  // namespace

ATC_TEST(Passthrough, FastFeedIsSentIn2048BytePackets,
         {.purpose = "Ensure that in passthrough a UART feed faster than 2048 bytes per 20 ms "
                     "leaves in packets of 2048 bytes, every byte forwarded in order",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"},
          .pixit = {"fast-uart"}}) {
  UdpPeer peer;
  auto at = peer.bind(host_ep(net().udp_port));
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", at)));
  ASSERT_TRUE(enter());
  Guard g{this};
  const std::string data = pattern(4 * 2048);
  dut().write_raw(data);
  ASSERT_TRUE(peer.wait_count(4, deadline_in(3s))) << peer.received().size() << " datagrams";
  peer.wait_count(5, deadline_in(200ms));  // a fifth would be a wrongly split packet
  std::string got;
  std::vector<std::size_t> sizes;
  for (const auto& d : peer.received()) {
    got += d.bytes;
    sizes.push_back(d.bytes.size());
  }
  EXPECT_TRUE(leave());
  EXPECT_TRUE(got == data) << "got " << got.size() << " of " << data.size() << " bytes";
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    measure("packet_" + std::to_string(i) + "_bytes", static_cast<double>(sizes[i]), "B");
    EXPECT_EQ(sizes[i], 2048u) << "packet " << i;
  }
}

ATC_TEST(Passthrough, SlowFeedIsSentEvery20Ms,
         {.purpose = "Ensure that in passthrough a UART feed slower than 2048 bytes per 20 ms "
                     "leaves as a packet every 20 ms (within the rig's tolerance), no byte lost",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"}}) {
  UdpPeer peer;
  const std::string data = pattern(4000);  // 400 ms of feed
  const auto dgrams = slow_feed(peer, data);
  ASSERT_FALSE(HasFatalFailure());
  std::string got;
  for (const auto& d : dgrams) got += d.bytes;
  EXPECT_TRUE(got == data) << "got " << got.size() << " of " << data.size() << " bytes";
  ASSERT_GE(dgrams.size(), 5u);
  std::vector<double> gaps;
  for (std::size_t i = 2; i + 1 < dgrams.size(); ++i)  // the first and the last are partial
    gaps.push_back(ms_between(dgrams[i - 1].arrived, dgrams[i].arrived));
  const double med = median(gaps);
  const double lo = *std::min_element(gaps.begin(), gaps.end());
  const double hi = *std::max_element(gaps.begin(), gaps.end());
  measure("interval_median_ms", med, "ms");
  measure("interval_min_ms", lo, "ms");
  measure("interval_max_ms", hi, "ms");
  measure("packets", static_cast<double>(dgrams.size()), "");
  EXPECT_NEAR(med, net().interval_ms, net().interval_tolerance_ms)
      << "median interval between packets";
}

ATC_TEST(Passthrough, LonePlusPlusPlusEndsPassthroughAndIsNotSent,
         {.purpose = "Ensure that +++ alone between silences ends passthrough without sending "
                     "it; the link stays open and AT+CIPSEND enters again",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"}}) {
  TcpServer server;
  auto peer = tcp_passthrough(server);
  ASSERT_TRUE(peer);
  dut().write_raw("data");
  EXPECT_TRUE(peer->wait_bytes(4, deadline_in(1s)));
  EXPECT_TRUE(leave()) << "the lone +++ was not honoured";
  EXPECT_FALSE(peer->wait_bytes(5, deadline_in(100ms)))
      << "+++ was sent: " << peer->received_bytes();
  EXPECT_FALSE(peer->closed()) << "leaving passthrough closed the link";
  ASSERT_TRUE(is_final(dut().enter_passthrough("AT+CIPSEND"), Final::prompt)) << "re-entering";
  Guard g{this};
  dut().write_raw("more");
  EXPECT_TRUE(peer->wait_bytes(8, deadline_in(1s)));
}

ATC_TEST(Passthrough, PlusPlusPlusInsideDataIsData,
         {.purpose = "Ensure that +++ with other bytes in the same packet is forwarded as data "
                     "and does not end passthrough",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"}}) {
  TcpServer server;
  auto peer = tcp_passthrough(server);
  ASSERT_TRUE(peer);
  Guard g{this};
  dut().write_raw("abc+++def");
  EXPECT_TRUE(peer->wait_bytes(9, deadline_in(1s)));
  pause(guard());
  dut().write_raw("+++x");  // after silence, but not alone
  EXPECT_TRUE(peer->wait_bytes(13, deadline_in(1s)));
  pause(guard());
  dut().write_raw("tail");
  EXPECT_TRUE(peer->wait_bytes(17, deadline_in(1s))) << "passthrough ended";
  EXPECT_EQ(peer->received_bytes(), "abc+++def+++xtail");
}

ATC_TEST(Passthrough, SlowPlusPlusPlusIsData,
         {.purpose = "Ensure that +++ typed with 20 ms or more between the + characters does not "
                     "end passthrough: the three + reach the peer as data",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"}}) {
  TcpServer server;
  auto peer = tcp_passthrough(server);
  ASSERT_TRUE(peer);
  Guard g{this};
  pause(guard());
  for (int i = 0; i < 3; ++i) {
    dut().write_raw("+");
    pause(Millis{net().interval_ms * 2});
  }
  pause(guard());
  EXPECT_TRUE(peer->wait_bytes(3, deadline_in(1s))) << "the slow + were not forwarded";
  dut().write_raw("after");
  EXPECT_TRUE(peer->wait_bytes(8, deadline_in(1s))) << "the slow +++ ended passthrough";
  EXPECT_EQ(peer->received_bytes(), "+++after");
}

ATC_TEST(Passthrough, LatencyOfOnePacketIsWithinTheLimit,
         {.purpose = "Ensure that a short write in passthrough reaches the peer within the rig's "
                     "latency limit (the 20 ms packet timer plus transit)",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"}}) {
  UdpPeer peer;
  auto at = peer.bind(host_ep(net().udp_port));
  ASSERT_TRUE(is_ok(cipstart(std::nullopt, "UDP", at)));
  ASSERT_TRUE(enter());
  Guard g{this};
  std::vector<double> lat;
  for (int i = 0; i < 5; ++i) {
    pause(guard());
    const auto sent = Clock::now();
    dut().write_raw("ping" + std::to_string(i));
    auto d = peer.wait_datagram(deadline_in(1s));
    ASSERT_TRUE(d) << "packet " << i << " never arrived";
    lat.push_back(ms_between(sent, d->arrived));
  }
  measure("latency_median_ms", median(lat), "ms");
  measure("latency_max_ms", *std::max_element(lat.begin(), lat.end()), "ms");
  for (double l : lat) EXPECT_LE(l, net().latency_limit_ms);
  EXPECT_TRUE(leave());
}

ATC_TEST(Passthrough, ThroughputBothWaysCountsEveryByte,
         {.purpose = "Ensure that 32 KiB each way in passthrough arrive complete and in order "
                     "at no less than the rig's minimum throughput",
          .clauses = {"esp32 §5.2.10", "esp8266 §5.2.3"},
          .features = {"passthrough"}}) {
  TcpServer server;
  auto peer = tcp_passthrough(server);
  ASSERT_TRUE(peer);
  Guard g{this};
  constexpr std::size_t kSize = 32 * 1024;
  const std::string up = pattern(kSize);
  const auto up_start = Clock::now();
  for (std::size_t i = 0; i < kSize; i += 1024)
    dut().write_raw(std::string_view(up).substr(i, 1024));
  EXPECT_TRUE(peer->wait_bytes(kSize, deadline_in(20s)))
      << "UART to peer: " << peer->received_size() << " of " << kSize << " bytes";
  const auto chunks = peer->received();
  const double up_s = chunks.empty() ? 0 : ms_between(up_start, chunks.back().arrived) / 1000;
  EXPECT_TRUE(peer->received_bytes() == up) << "the bytes at the peer differ from those written";

  std::string down = pattern(kSize);
  std::reverse(down.begin(), down.end());
  const auto down_start = Clock::now();
  peer->send(down);
  auto raw = dut().take_raw_chunks_exactly(kSize, Millis{20000});
  std::string got;
  for (const auto& c : raw) got += c.bytes;
  const double down_s = raw.empty() ? 0 : ms_between(down_start, raw.back().arrived) / 1000;
  EXPECT_EQ(got.size(), kSize) << "peer to UART: bytes counted; the first 16: \""
                               << got.substr(0, 16) << "\"";
  EXPECT_TRUE(got == down) << "the bytes on the UART differ from those the peer sent";
  EXPECT_EQ(got.find("+IPD"), std::string::npos) << "+IPD framing in passthrough";
  EXPECT_TRUE(leave());

  const double up_rate = up_s > 0 ? kSize / up_s : 0;
  const double down_rate = down_s > 0 ? kSize / down_s : 0;
  measure("throughput_uart_to_net_Bps", up_rate, "B/s");
  measure("throughput_net_to_uart_Bps", down_rate, "B/s");
  EXPECT_GE(up_rate, static_cast<double>(net().min_throughput_Bps));
  EXPECT_GE(down_rate, static_cast<double>(net().min_throughput_Bps));
}

}  // namespace atc::passthrough
