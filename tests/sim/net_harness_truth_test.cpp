// The harness's timestamps against atsim's ground truth. The passthrough timing tests
// (suites/passthrough) judge the firmware by when the peer fixture saw each packet; atsim records
// when it sent each one (--truth, the same CLOCK_MONOTONIC). Their agreement says those timing
// tests measure the DUT and not the harness: a check of the harness, so a project test here, and
// never a verdict on firmware. It drives the harness's own Dut (over the SimLink) and fixture.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fixtures/udp_peer.hpp"
#include "harness/dut.hpp"
#include "harness/link/link_factory.hpp"

namespace atc {
namespace {

using namespace std::chrono_literals;

// One line of the ground truth: "<CLOCK_MONOTONIC ns> <link id> <bytes>".
struct TruthPacket {
  Clock::time_point at;
  std::size_t bytes = 0;
};

std::vector<TruthPacket> read_truth(const std::string& path) {
  std::vector<TruthPacket> out;
  std::ifstream in(path);
  long long ns = 0;
  int link = 0;
  std::size_t bytes = 0;
  while (in >> ns >> link >> bytes)
    out.push_back({Clock::time_point(std::chrono::nanoseconds(ns)), bytes});
  return out;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>("0123456789abcdefghij"[i % 20]);
  return s;
}

class HarnessGroundTruth : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("atc-truth-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    truth_ = (dir_ / "truth.log").string();
    SimSettings sim;
    sim.truth = truth_;
    // As the other simulator tests here: a private low-port slot per process.
    sim.low_port_offset = 21000 + static_cast<int>(::getpid() % 40) * 1024;
    dut_ = std::make_unique<Dut>(
        open_link(std::string("sim:esp32?atsim=") + ATSIM_PATH, SerialSettings{}, sim));
  }
  void TearDown() override {
    dut_.reset();  // ends the simulator
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string truth_;
  std::unique_ptr<Dut> dut_;
};

TEST_F(HarnessGroundTruth, PassthroughArrivalTimesMatchTheSimulatorsSendTimes) {
  Dut& dut = *dut_;
  ASSERT_TRUE(dut.wait_urc("ready", 5000ms)) << dut.tail();
  ASSERT_TRUE(dut.command("AT+CWMODE=1").ok()) << dut.tail();
  ASSERT_TRUE(dut.command("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"", 10000ms).ok())
      << dut.tail();
  fixtures::UdpPeer peer;
  const auto at = peer.bind({"127.0.0.1", 0});
  ASSERT_TRUE(
      dut.command("AT+CIPSTART=\"UDP\",\"127.0.0.1\"," + std::to_string(at.port), 5000ms).ok())
      << dut.tail();
  ASSERT_TRUE(dut.command("AT+CIPMODE=1").ok()) << dut.tail();
  dut.wait_quiet(100ms, 1000ms);
  ASSERT_EQ(dut.enter_passthrough("AT+CIPSEND").final, Final::prompt) << dut.tail();

  // 800 ms of feed, 40 bytes every 4 ms (10 B/ms, far below 2048 B / 20 ms): about 40 packets,
  // each sent by the 20 ms timer. A schedule, not a wait for a condition.
  const std::string data = pattern(8000);
  auto due = Clock::now();
  for (std::size_t i = 0; i < data.size(); i += 40) {
    std::this_thread::sleep_until(due);
    dut.write_raw(std::string_view(data).substr(i, 40));
    due += 4ms;
  }
  std::size_t total = 0;
  const auto deadline = fixtures::deadline_in(2s);
  while (total < data.size() && fixtures::Clock::now() < deadline) {
    auto d = peer.wait_datagram(deadline);
    if (!d) break;
    total += d->bytes.size();
  }
  dut.exit_passthrough(50ms);
  ASSERT_TRUE(dut.command("AT").ok()) << "the simulator did not leave passthrough";

  const auto got = peer.received();
  const auto sent = read_truth(truth_);
  ASSERT_EQ(total, data.size()) << "bytes at the fixture";
  ASSERT_EQ(sent.size(), got.size()) << "packets the simulator sent vs the fixture received";
  ASSERT_GE(got.size(), 5u);
  std::vector<double> delay, interval_error;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(sent[i].bytes, got[i].bytes.size()) << "packet " << i;
    delay.push_back(ms_between(sent[i].at, got[i].arrived));
    if (i > 0) {
      const double measured = ms_between(got[i - 1].arrived, got[i].arrived);
      const double truth = ms_between(sent[i - 1].at, sent[i].at);
      interval_error.push_back(std::abs(measured - truth));
    }
  }
  RecordProperty("delay_median_ms", std::to_string(median(delay)));
  RecordProperty("interval_error_median_ms", std::to_string(median(interval_error)));
  EXPECT_GE(*std::min_element(delay.begin(), delay.end()), 0.0) << "received before it was sent";
  EXPECT_LE(median(delay), 1.0) << "median arrival minus send time";
  // The median is the harness's own error; the tail is the host's scheduling under load.
  EXPECT_LE(median(interval_error), 1.0) << "median |measured interval - true interval|";
}

}  // namespace
}  // namespace atc
