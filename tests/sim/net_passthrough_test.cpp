// Passthrough in atsim: packetisation against the --truth ground truth, the +++ rules, link
// recovery, SAVETRANSLINK at boot (docs/contracts/tcpip.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tests/sim/net_peer.hpp"

using namespace atsim_test;

namespace {

using Clock = std::chrono::steady_clock;

struct TruthLine {
  long long ns;
  int link;
  std::size_t bytes;
};

std::vector<TruthLine> read_truth(const std::string& path) {
  std::vector<TruthLine> out;
  std::ifstream in(path);
  TruthLine t{};
  while (in >> t.ns >> t.link >> t.bytes) out.push_back(t);
  return out;
}

long long ns_of(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// CIPSTART to `port`, CIPMODE=1, CIPSEND: the DUT is in passthrough, the peer accepted.
std::unique_ptr<TcpStream> enter_passthrough(NetDut& dut, TcpListener& server) {
  EXPECT_EQ(dut.cmd("AT+CIPSTART=\"TCP\",\"127.0.0.1\"," + std::to_string(server.port())),
            "CONNECT\r\n\r\nOK\r\n");
  auto peer = server.accept(Millis(1000));
  EXPECT_EQ(dut.cmd("AT+CIPMODE=1"), "\r\nOK\r\n");
  dut.port.write("AT+CIPSEND\r\n");
  EXPECT_TRUE(dut.port.wait_for("\r\n>", Millis(1000)));
  EXPECT_EQ(dut.port.take(), "\r\nOK\r\n\r\n>");
  return peer;
}

void plus_exit(NetDut& dut) {
  std::this_thread::sleep_for(Millis(50));
  dut.port.write("+++");
  std::this_thread::sleep_for(Millis(1050));
}

}  // namespace

TEST(AtsimPassthroughTiming, PacketsEvery20msMatchGroundTruth) {
  const std::string truth = temp_path("truth");
  std::filesystem::remove(truth);
  auto dut = net_dut("esp32", {"--truth", truth});
  TcpListener server;
  auto peer = enter_passthrough(*dut, server);
  ASSERT_TRUE(peer);

  // Ten small writes 60 ms apart: each is one packet, 20 ms after its first byte.
  std::vector<Clock::time_point> written, arrived;
  for (int k = 0; k < 10; ++k) {
    const std::string chunk(100, static_cast<char>('a' + k));
    written.push_back(Clock::now());
    dut->port.write(chunk);
    EXPECT_EQ(peer->read(100, Millis(500)), chunk);
    arrived.push_back(Clock::now());
    std::this_thread::sleep_for(Millis(40));
  }
  // A burst: 2048, 2048, then the rest 20 ms after the burst began.
  const std::string burst(5000, 'B');
  dut->port.write(burst);
  EXPECT_EQ(peer->read(5000, Millis(1000)).size(), 5000u);

  // Network data is written to the UART raw.
  peer->send("raw\r\nOK\r\n");
  ASSERT_TRUE(dut->port.wait_for("raw\r\nOK\r\n", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "raw\r\nOK\r\n");

  const auto lines = read_truth(truth);
  ASSERT_EQ(lines.size(), 13u);
  double worst_delay_err = 0, worst_truth_err = 0;
  for (int k = 0; k < 10; ++k) {
    EXPECT_EQ(lines[k].bytes, 100u);
    EXPECT_EQ(lines[k].link, 0);
    const double delay_ms = (lines[k].ns - ns_of(written[k])) / 1e6;
    EXPECT_GE(delay_ms, 19.0) << k;
    // The simulator's timer is exact; the margin is for a loaded (or sanitised) test host,
    // whose PTY and scheduler add delay between our write and the device's read.
    EXPECT_LE(delay_ms, 45.0) << k;
    worst_delay_err = std::max(worst_delay_err, std::abs(delay_ms - 20.0));
    // The truth is taken before send(); the peer saw the bytes after it.
    const double seen_ms = (ns_of(arrived[k]) - lines[k].ns) / 1e6;
    EXPECT_GE(seen_ms, 0.0);
    worst_truth_err = std::max(worst_truth_err, seen_ms);
  }
  EXPECT_LE(worst_truth_err, 1.0);
  EXPECT_EQ(lines[10].bytes, 2048u);
  EXPECT_EQ(lines[11].bytes, 2048u);
  EXPECT_EQ(lines[12].bytes, 904u);
  RecordProperty("packet_delay_worst_error_ms", std::to_string(worst_delay_err));
  RecordProperty("peer_vs_truth_worst_ms", std::to_string(worst_truth_err));
  std::printf(
      "passthrough: packet delay worst |d-20ms| = %.3f ms; peer arrival - truth <= %.3f ms\n",
      worst_delay_err, worst_truth_err);

  plus_exit(*dut);
  EXPECT_EQ(dut->cmd("AT"), "\r\nOK\r\n");
  EXPECT_EQ(peer->read_for(Millis(50)), "");  // "+++" never reached the link
  EXPECT_EQ(read_truth(truth).size(), 13u);
  std::filesystem::remove(truth);
}

TEST(AtsimPassthrough, PlusRules) {
  auto dut = net_dut("esp32");
  TcpListener server;
  auto peer = enter_passthrough(*dut, server);
  ASSERT_TRUE(peer);
  std::this_thread::sleep_for(Millis(40));
  // Inside data: data.
  dut->port.write("abc+++def");
  EXPECT_EQ(peer->read(9, Millis(500)), "abc+++def");
  // Typed slowly (30 ms between the pluses): data.
  std::this_thread::sleep_for(Millis(40));
  for (int i = 0; i < 3; ++i) {
    dut->port.write("+");
    std::this_thread::sleep_for(Millis(30));
  }
  EXPECT_EQ(peer->read(3, Millis(500)), "+++");
  // Followed too soon by a byte: data.
  std::this_thread::sleep_for(Millis(40));
  dut->port.write("+++");
  std::this_thread::sleep_for(Millis(5));
  dut->port.write("x");
  EXPECT_EQ(peer->read(4, Millis(500)), "+++x");
  // Still in passthrough: a command line is data.
  std::this_thread::sleep_for(Millis(40));
  dut->port.write("AT\r\n");
  EXPECT_EQ(peer->read(4, Millis(500)), "AT\r\n");
  // The real thing: no reply; input in the next 950 ms is lost; then commands again.
  std::this_thread::sleep_for(Millis(40));
  dut->port.write("+++");
  std::this_thread::sleep_for(Millis(300));
  dut->port.write("AT\r\n");
  dut->port.drain_for(Millis(800));
  EXPECT_EQ(dut->port.take(), "");
  EXPECT_EQ(peer->read_for(Millis(20)), "");
  EXPECT_EQ(dut->cmd("AT"), "\r\nOK\r\n");
  // The link stays open; AT+CIPSEND goes back in.
  EXPECT_EQ(dut->cmd("AT+CIPSTATUS").rfind("STATUS:3\r\n", 0), 0u);
  dut->port.write("AT+CIPSEND\r\n");
  ASSERT_TRUE(dut->port.wait_for("\r\n>", Millis(1000)));
  dut->port.write("again");
  EXPECT_EQ(peer->read(5, Millis(500)), "again");
}

TEST(AtsimPassthrough, BrokenLinkIsReconnected) {
  auto dut = net_dut("esp32");
  TcpListener server;
  auto peer = enter_passthrough(*dut, server);
  ASSERT_TRUE(peer);
  peer.reset();
  auto again = server.accept(Millis(3000));
  ASSERT_TRUE(again);
  EXPECT_EQ(dut->port.take(), "");  // no CLOSED in passthrough
  std::this_thread::sleep_for(Millis(40));
  dut->port.write("after");
  EXPECT_EQ(again->read(5, Millis(500)), "after");
}

TEST(AtsimPassthrough, UdpPassthrough) {
  auto dut = net_dut("esp32");
  UdpPeer peer;
  ASSERT_EQ(dut->cmd("AT+CIPSTART=\"UDP\",\"127.0.0.1\"," + std::to_string(peer.port()) + ",915,0"),
            "CONNECT\r\n\r\nOK\r\n");
  ASSERT_EQ(dut->cmd("AT+CIPMODE=1"), "\r\nOK\r\n");
  dut->port.write("AT+CIPSEND\r\n");
  ASSERT_TRUE(dut->port.wait_for("\r\n>", Millis(1000)));
  dut->port.write("datagram");
  auto got = peer.receive(Millis(500));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->data, "datagram");
  peer.send_to("back", Addr{dut->ip, 915 + dut->offset});
  ASSERT_TRUE(dut->port.wait_for("back", Millis(1000)));
  EXPECT_EQ(dut->port.take(), "\r\nOK\r\n\r\n>back");
}

TEST(AtsimPassthrough, SavedTransparentLinkAtBoot) {
  const std::string nvs = temp_path("translink");
  std::filesystem::remove(nvs);
  auto dut = net_dut("esp32", {"--nvs", nvs});
  TcpListener server;
  EXPECT_EQ(
      dut->cmd("AT+SAVETRANSLINK=1,\"127.0.0.1\"," + std::to_string(server.port()) + ",\"TCP\""),
      "\r\nOK\r\n");
  EXPECT_EQ(server.accept(Millis(100)), nullptr);  // saved, not connected now
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  dut->port.take();
  auto peer = server.accept(Millis(3000));
  ASSERT_TRUE(peer);
  dut->port.write("hello");
  EXPECT_EQ(peer->read(5, Millis(500)), "hello");
  peer->send("back");
  ASSERT_TRUE(dut->port.wait_for("back", Millis(1000)));
  // Raw (the Wi-Fi auto-connect's own messages may come first).
  const std::string raw = dut->port.take();
  EXPECT_TRUE(raw.ends_with("back")) << raw;
  EXPECT_EQ(raw.find("+IPD"), std::string::npos) << raw;
  plus_exit(*dut);
  dut->cmd("ATE0");  // echo is on again after the reset
  EXPECT_EQ(dut->cmd("AT+CIPMODE?"), "+CIPMODE:1\r\n\r\nOK\r\n");
  EXPECT_EQ(dut->cmd("AT+SAVETRANSLINK=0,\"127.0.0.1\",1"), "\r\nOK\r\n");
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", Millis(3000)));
  EXPECT_EQ(server.accept(Millis(300)), nullptr);
  dut->port.take();
  EXPECT_EQ(dut->cmd("AT"), "AT\r\n\r\nOK\r\n");  // command mode (echo back on after reset)
  std::filesystem::remove(nvs);
}
