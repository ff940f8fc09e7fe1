// Ensure that the serial: path (libserialport) opens and configures a port, hands a working
// descriptor to the reader (VMIN=1, not libserialport's VMIN=0), and drives DTR/RTS so that the
// ESP auto-reset circuit sees an EN pulse (RTS asserted then released) with IO0 left high (DTR
// released).
//
// Runs on a PTY: ioctl_interposer.cpp fakes the modem lines, and the port is named
// /dev/../../../<tmp>/<symlink-to-pty> so that libserialport finds it both under /dev and under
// /sys/class/tty (see pitfalls.md).
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/link/serial_link.hpp"
#include "harness/link/termios2.hpp"
#include "tests/link/ioctl_interposer.hpp"
#include "tests/link/pty_pair.hpp"

namespace atc {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace fl = test::fake_lines;

class SerialOnPty : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "atc-serial-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    fs::create_symlink(pty_.slave, dir_ / "port");
    ASSERT_TRUE(fs::path(dir_).is_absolute());
    path_ = "/dev/../../.." + (dir_ / "port").string();
    // A real tty raises DTR and RTS when opened.
    fl::reset(TIOCM_DTR | TIOCM_RTS);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string read_some(Link& link, std::size_t want) {
    std::string got;
    const auto deadline = Clock::now() + 2s;
    while (got.size() < want) {
      auto c = link.read(deadline);
      if (!c) break;
      got += c->bytes;
    }
    return got;
  }

  test::PtyPair pty_;
  fs::path dir_;
  std::string path_;
};

TEST_F(SerialOnPty, OpensConfiguresAndMovesBytes) {
  auto link = open_link("serial:" + path_ + "?baud=230400&stop_bits=2", SerialSettings{});
  EXPECT_GT(fl::faked_calls(), 0) << "libserialport did not go through the interposer";
  auto s = read_tty_settings(pty_.master);
  ASSERT_TRUE(s);
  EXPECT_EQ(to_string(*s), "230400 8N2");
  termios t{};
  ASSERT_EQ(::tcgetattr(pty_.master, &t), 0);
  EXPECT_EQ(t.c_cc[VMIN], 1) << "VMIN left at libserialport's value";
  EXPECT_EQ(t.c_cc[VTIME], 0);

  link->write("AT\r\n");
  EXPECT_EQ(pty_.read(4), "AT\r\n");
  pty_.write("\r\nOK\r\n");
  EXPECT_EQ(read_some(*link, 6), "\r\nOK\r\n");
  // Nothing pending reads as a timeout (VMIN=0 would have read as end of file).
  EXPECT_FALSE(link->read(Clock::now() + 20ms));
}

TEST_F(SerialOnPty, SetSerialReappliesAndKeepsVmin) {
  auto link = open_link("serial:" + path_, SerialSettings{});
  EXPECT_EQ(to_string(*read_tty_settings(pty_.master)), "115200 8N1");
  SerialSettings s;  // a PTY keeps baud, stop bits, flow; it forces 8 bits, no parity
  s.baud = 57600;
  s.stop_bits = 2;
  ASSERT_TRUE(link->set_serial(s));
  EXPECT_EQ(*read_tty_settings(pty_.master), s);
  termios t{};
  ASSERT_EQ(::tcgetattr(pty_.master, &t), 0);
  EXPECT_EQ(t.c_cc[VMIN], 1);
  pty_.write("x");
  EXPECT_EQ(read_some(*link, 1), "x");
}

TEST_F(SerialOnPty, ResetPulseDrivesRtsWithDtrReleased) {
  auto link = open_link("serial:" + path_, SerialSettings{});
  fl::reset(fl::word());  // only the changes from here on

  const auto t0 = Clock::now();
  ASSERT_TRUE(link->set_lines(false, true));  // EN low: the chip is held in reset
  const auto t1 = Clock::now();
  ASSERT_TRUE(link->set_lines(false, false));  // EN high: it boots, IO0 high (normal boot)
  const auto t2 = Clock::now();

  auto ch = fl::changes();
  ASSERT_FALSE(ch.empty());
  auto name = [](unsigned long r) {
    return r == TIOCMBIS ? "TIOCMBIS" : r == TIOCMBIC ? "TIOCMBIC" : "TIOCMSET";
  };
  auto lines = [](int w) {
    return std::string("DTR=") + ((w & TIOCM_DTR) ? "1" : "0") +
           " RTS=" + ((w & TIOCM_RTS) ? "1" : "0");
  };
  for (const auto& c : ch)
    std::cout << "  +" << std::chrono::duration_cast<std::chrono::microseconds>(c.at - t0).count()
              << " us " << name(c.request) << ": " << lines(c.before) << " -> " << lines(c.after)
              << "\n";
  // After the first call: RTS asserted, DTR released.
  int after_first = -1;
  for (const auto& c : ch)
    if (c.at <= t1) after_first = c.after;
  EXPECT_EQ(after_first & (TIOCM_DTR | TIOCM_RTS), TIOCM_RTS);
  // Then RTS released, DTR still released.
  EXPECT_EQ(ch.back().after & (TIOCM_DTR | TIOCM_RTS), 0);
  EXPECT_GE(ch.back().at, t1);
  EXPECT_LE(ch.back().at, t2);
  // DTR was never asserted while RTS was: IO0 stays high, so the chip boots normally.
  bool rts_seen = false;
  for (const auto& c : ch) {
    EXPECT_FALSE((c.after & TIOCM_DTR) && (c.after & TIOCM_RTS) && rts_seen);
    rts_seen = rts_seen || (c.after & TIOCM_RTS);
  }
  // RTS went 0 -> 1 exactly once and 1 -> 0 exactly once after DTR was released.
  int asserts = 0, releases = 0;
  for (const auto& c : ch) {
    if (!(c.before & TIOCM_RTS) && (c.after & TIOCM_RTS)) ++asserts;
    if ((c.before & TIOCM_RTS) && !(c.after & TIOCM_RTS)) ++releases;
  }
  EXPECT_LE(asserts, 1);  // RTS was already up after open: the first call may only keep it
  EXPECT_EQ(releases, 1);
}

TEST_F(SerialOnPty, PtyPathWithoutTheTrickIsRefusedWithAHint) {
  try {
    open_link("serial:" + pty_.slave, SerialSettings{});
    FAIL() << "libserialport opened a PTY by its /dev/pts name";
  } catch (const LinkError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("sp_get_port_by_name"), std::string::npos) << msg;
    EXPECT_NE(msg.find("tty:" + pty_.slave), std::string::npos) << msg;
    EXPECT_NE(msg.find("LIBSERIALPORT_DEBUG=1"), std::string::npos) << msg;
  }
}

TEST(SerialLink, MissingPortNamesTheUri) {
  try {
    open_link("serial:/dev/ttyUSB99?baud=115200", SerialSettings{});
    FAIL() << "opened a port that does not exist";
  } catch (const LinkError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("serial:/dev/ttyUSB99?baud=115200"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace atc
