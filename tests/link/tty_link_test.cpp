// Ensure that a tty: link moves bytes both ways with arrival timestamps, sets any baud through
// termios2, keeps its read deadlines, wakes on interrupt() and reports a hung-up PTY as a
// LinkError rather than as silence.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <iostream>
#include <thread>

#include "harness/link/fd_link.hpp"
#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/link/termios2.hpp"
#include "harness/link/tty_link.hpp"
#include "tests/link/pty_pair.hpp"

namespace atc {
namespace {

using namespace std::chrono_literals;
using test::PtyPair;

// Reads from `link` until `want` bytes arrived or `limit` passed.
std::string read_some(Link& link, std::size_t want, Millis limit = 2000ms) {
  std::string got;
  const auto deadline = Clock::now() + limit;
  while (got.size() < want) {
    auto c = link.read(deadline);
    if (!c) break;
    got += c->bytes;
  }
  return got;
}

TEST(TtyLink, RoundTripWithIncreasingTimestamps) {
  PtyPair pty;
  auto link = open_link("tty:" + pty.slave, SerialSettings{});
  EXPECT_EQ(link->uri(), "tty:" + pty.slave);

  link->write("AT\r\n");
  EXPECT_EQ(pty.read(4), "AT\r\n");

  const auto before = Clock::now();
  pty.write("\r\nOK\r\n");
  auto first = link->read(Clock::now() + 2s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->bytes, "\r\nOK\r\n");
  EXPECT_GE(first->arrived, before);
  EXPECT_LE(first->arrived, Clock::now());

  pty.write(std::string("\0\xff\x01+IPD", 7));  // binary bytes pass untouched (raw mode)
  auto second = link->read(Clock::now() + 2s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->bytes, std::string("\0\xff\x01+IPD", 7));
  EXPECT_GT(second->arrived, first->arrived);

  // No translation on the way out either: CR LF, NUL and 0xFF arrive as written.
  link->write(std::string("\r\n\0\xff", 4));
  EXPECT_EQ(pty.read(4), std::string("\r\n\0\xff", 4));
}

TEST(TtyLink, OneByteRoundTripLatency) {
  PtyPair pty;
  TtyLink link(pty.slave, SerialSettings{});
  constexpr int kRounds = 2000;
  Clock::duration total{}, worst{};
  for (int i = 0; i < kRounds; ++i) {
    const auto t0 = Clock::now();
    link.write("x");
    ASSERT_EQ(pty.read(1), "x");
    pty.write("y");
    auto c = link.read(Clock::now() + 1s);
    ASSERT_TRUE(c);
    ASSERT_EQ(c->bytes, "y");
    auto d = Clock::now() - t0;
    total += d;
    worst = std::max(worst, d);
  }
  const auto mean_us =
      std::chrono::duration_cast<std::chrono::nanoseconds>(total).count() / kRounds / 1000.0;
  const auto worst_us = std::chrono::duration_cast<std::chrono::microseconds>(worst).count();
  std::cout << "PTY 1-byte round trip: mean " << mean_us << " us, worst " << worst_us << " us over "
            << kRounds << " rounds\n";
  ::testing::Test::RecordProperty("round_trip_mean_us", std::to_string(mean_us));
  ::testing::Test::RecordProperty("round_trip_worst_us", std::to_string(worst_us));
  EXPECT_LT(mean_us, 2000.0);
}

TEST(TtyLink, AnyBaudGoesThroughTermios2) {
  PtyPair pty;
  SerialSettings s;
  s.baud = 250000;  // not a B-constant: <termios.h> alone cannot set it
  TtyLink link(pty.slave, s);
  auto seen = read_tty_settings(pty.master);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->baud, 250000);
  EXPECT_EQ(to_string(*seen), "250000 8N1");

  for (int baud : {74880, 921600, 1234567, 9600}) {
    SerialSettings t;
    t.baud = baud;
    t.stop_bits = 2;
    ASSERT_TRUE(link.set_serial(t));
    auto back = read_tty_settings(pty.master);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, t) << to_string(*back);
  }
  // The Linux PTY driver forces CS8 and clears PARENB whatever is asked (pty_set_termios): a
  // PTY carries baud, stop bits and CRTSCTS, never data bits or parity.
  SerialSettings seven_odd;
  seven_odd.data_bits = 7;
  seven_odd.parity = Parity::odd;
  ASSERT_TRUE(link.set_serial(seven_odd));
  EXPECT_EQ(to_string(*read_tty_settings(pty.master)), "115200 8N1");
  SerialSettings flow;
  flow.flow = FlowControl::rts_cts;
  ASSERT_TRUE(link.set_serial(flow));
  EXPECT_EQ(read_tty_settings(pty.master)->flow, FlowControl::rts_cts);
}

TEST(TtyLink, UriSettingsOverrideTheRigDefault) {
  PtyPair pty;
  SerialSettings rig;
  rig.baud = 57600;
  auto link = open_link("tty:" + pty.slave + "?baud=460800&stop_bits=2&flow=rtscts", rig);
  EXPECT_EQ(to_string(*read_tty_settings(pty.master)), "460800 8N2 rtscts");
  auto plain = open_link("tty:" + pty.slave, rig);
  EXPECT_EQ(to_string(*read_tty_settings(pty.master)), "57600 8N1");
}

TEST(TtyLink, ReadDeadlineIsKept) {
  PtyPair pty;
  TtyLink link(pty.slave, SerialSettings{});
  Clock::duration worst_late{};
  for (auto wait : {0ms, 1ms, 10ms, 50ms, 100ms, 250ms}) {
    const auto t0 = Clock::now();
    const auto deadline = t0 + wait;
    EXPECT_FALSE(link.read(deadline));
    const auto t1 = Clock::now();
    EXPECT_GE(t1, deadline) << "returned early for " << wait.count() << " ms";
    EXPECT_LT(t1 - deadline, 50ms) << "late for " << wait.count() << " ms";
    worst_late = std::max(worst_late, t1 - deadline);
  }
  // A deadline already in the past still returns bytes that are waiting.
  pty.write("ready\r\n");
  auto c = read_some(link, 7);
  EXPECT_EQ(c, "ready\r\n");
  const auto late_us = std::chrono::duration_cast<std::chrono::microseconds>(worst_late).count();
  std::cout << "read deadline: worst lateness " << late_us << " us\n";
  ::testing::Test::RecordProperty("read_deadline_worst_late_us", std::to_string(late_us));
}

TEST(TtyLink, InterruptWakesABlockedReader) {
  PtyPair pty;
  TtyLink link(pty.slave, SerialSettings{});
  auto reader = std::async(std::launch::async, [&] {
    const auto t0 = Clock::now();
    auto c = link.read(Clock::now() + 10s);
    return std::make_pair(c.has_value(), Clock::now() - t0);
  });
  // Whether the reader is already in poll() or not, the wake-up byte waits for it.
  link.interrupt();
  ASSERT_EQ(reader.wait_for(2s), std::future_status::ready);
  auto [got_data, took] = reader.get();
  EXPECT_FALSE(got_data);
  EXPECT_LT(took, 1s);

  // One interrupt wakes one read: the link still works afterwards.
  pty.write("OK\r\n");
  EXPECT_EQ(read_some(link, 4), "OK\r\n");
}

TEST(TtyLink, HangUpOfTheOtherEndIsALinkError) {
  PtyPair pty;
  TtyLink link(pty.slave, SerialSettings{});
  pty.write("x");
  ASSERT_EQ(read_some(link, 1), "x");

  auto reader = std::async(std::launch::async, [&]() -> std::string {
    try {
      link.read(Clock::now() + 10s);
      return "no error";
    } catch (const LinkError& e) {
      return e.what();
    }
  });
  pty.close_master();
  ASSERT_EQ(reader.wait_for(2s), std::future_status::ready) << "read did not notice the hang-up";
  std::string msg = reader.get();
  EXPECT_NE(msg.find("tty:" + pty.slave), std::string::npos) << msg;
  EXPECT_NE(msg.find("hung up"), std::string::npos) << msg;
  EXPECT_THROW(link.read(Clock::now() + 100ms), LinkError);
  EXPECT_THROW(link.write("AT\r\n"), LinkError);
}

TEST(TtyLink, HangUpBeforeAnyByteIsALinkErrorToo) {
  PtyPair pty;
  TtyLink link(pty.slave, SerialSettings{});
  pty.close_master();
  const auto t0 = Clock::now();
  EXPECT_THROW(link.read(Clock::now() + 2s), LinkError);
  EXPECT_LT(Clock::now() - t0, 500ms);
}

// The other side of a PTY: a master whose slave is closed reports POLLHUP until the slave is
// (re)opened. Before its first byte that is "not there yet", a timeout; after it, a hang-up.
class MasterLink : public FdLink {
 public:
  explicit MasterLink(int master) { adopt(master, "pty master"); }
  std::string uri() const override { return "pty-master"; }
};

TEST(FdLink, PtyMasterWaitsForItsSlaveUntilTheFirstByte) {
  PtyPair pty;
  int slave = ::open(pty.slave.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(slave, 0);
  ::close(slave);  // the master now reports POLLHUP
  MasterLink link(::dup(pty.master));

  const auto t0 = Clock::now();
  EXPECT_FALSE(link.read(t0 + 100ms));  // a timeout, not an error
  EXPECT_GE(Clock::now() - t0, 100ms);
  EXPECT_LT(Clock::now() - t0, 200ms);

  slave = ::open(pty.slave.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(slave, 0);
  ASSERT_EQ(::write(slave, "hi", 2), 2);
  EXPECT_EQ(read_some(link, 2), "hi");
  ::close(slave);
  EXPECT_THROW(link.read(Clock::now() + 1s), LinkError);
}

TEST(TtyLink, PtyHasNoModemLines) {
  PtyPair pty;
  TtyLink link(pty.slave, SerialSettings{});
  EXPECT_FALSE(link.set_lines(false, true));
  EXPECT_FALSE(link.set_lines(true, std::nullopt));
}

}  // namespace
}  // namespace atc
