// Power, reset and boot as the harness sees them on the wire and drives them through stdin.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "tests/sim/sim_fixture.hpp"

using namespace atsim_test;

TEST(AtsimBoot, Esp32PrintsOnlyReadyAfterBoot) {
  SimProcess sim(args_for("esp32"));
  HostPort port(sim.pty_path());
  ASSERT_TRUE(port.wait_for("\r\nready\r\n", 3s)) << port.input();
  port.drain_for(50ms);
  EXPECT_EQ(port.take(), "\r\nready\r\n");
}

TEST(AtsimBoot, ReadyComesAfterTheBootTime) {
  const auto start = Clock::now();
  SimProcess sim({"--chip", "esp32", "--boot-ms", "300"});
  HostPort port(sim.pty_path());
  ASSERT_TRUE(port.wait_for("ready\r\n", 3s));
  const auto took = Clock::now() - start;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 1500ms);
}

TEST(AtsimBoot, EchoIsOnAndAtAnswersOk) {
  auto dut = boot("esp32");
  EXPECT_EQ(dut->port.command("AT"), "AT\r\n\r\nOK\r\n");
  dut->port.write("AT\n");  // a bare LF is tolerated, and echoed as received
  ASSERT_TRUE(dut->port.wait_for("OK\r\n", 2s));
  EXPECT_EQ(dut->port.take(), "AT\n\r\nOK\r\n");
}

TEST(AtsimBoot, RstAnswersOkThenReboots) {
  auto dut = boot("esp32");
  EXPECT_EQ(dut->port.command("AT+RST"), "AT+RST\r\n\r\nOK\r\n");
  ASSERT_TRUE(dut->port.wait_for("\r\nready\r\n", 3s)) << dut->port.input();
  EXPECT_EQ(dut->port.take(), "\r\nready\r\n");
  EXPECT_EQ(dut->port.command("AT"), "AT\r\n\r\nOK\r\n");  // echo is back on after reboot
}

TEST(AtsimBoot, Esp8266PrintsBootRomNoiseThenReady) {
  SimProcess sim(args_for("esp8266"));
  HostPort port(sim.pty_path());
  ASSERT_TRUE(port.wait_for("\r\nready\r\n", 3s)) << port.input();
  const std::string boot = port.take();
  EXPECT_NE(boot.find("ets Jan  8 2013,rst cause:"), std::string::npos);
  const auto unprintable = std::count_if(boot.begin(), boot.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u < 0x20 && u != '\r' && u != '\n');
  });
  EXPECT_GE(unprintable, 200);
  EXPECT_EQ(boot.find("OK"), std::string::npos);
  EXPECT_TRUE(boot.ends_with("\r\nready\r\n"));

  // The same noise after AT+RST: it is the boot ROM, not a one-off.
  port.write("AT+RST\r\n");
  ASSERT_TRUE(port.wait_for("\r\nready\r\n", 3s));
  const std::string after = port.take();
  EXPECT_TRUE(after.starts_with("AT+RST\r\n\r\nOK\r\n")) << after;
  EXPECT_NE(after.find("rst cause:2"), std::string::npos);
}

TEST(AtsimBoot, LinesHoldInResetThenBoot) {
  auto dut = boot("esp32");
  dut->sim.control("LINES 0 1");  // RTS asserted, DTR not: EN low
  dut->port.write("AT\r\n");      // ignored while held in reset
  dut->port.drain_for(150ms);
  EXPECT_EQ(dut->port.take(), "");
  dut->sim.control("LINES 0 0");  // EN high: boot
  ASSERT_TRUE(dut->port.wait_for("\r\nready\r\n", 3s));
  EXPECT_EQ(dut->port.take(), "\r\nready\r\n");
  EXPECT_EQ(dut->port.command("AT"), "AT\r\n\r\nOK\r\n");
}

TEST(AtsimBoot, InputDuringBootIsLost) {
  SimProcess sim({"--chip", "esp32", "--boot-ms", "200"});
  HostPort port(sim.pty_path());
  port.write("AT\r\n");
  ASSERT_TRUE(port.wait_for("ready\r\n", 3s));
  port.drain_for(100ms);
  EXPECT_EQ(port.take(), "\r\nready\r\n");
}

TEST(AtsimBoot, BootWithIo0LowIsDownloadModeAndSilent) {
  auto dut = boot("esp32");
  dut->sim.control("LINES 0 1");  // EN low
  dut->sim.control("LINES 1 0");  // EN high with IO0 low: the ROM's download mode
  dut->port.drain_for(200ms);
  dut->port.write("AT\r\n");
  dut->port.drain_for(100ms);
  EXPECT_EQ(dut->port.take(), "");
  dut->sim.control("LINES 0 1");
  dut->sim.control("LINES 0 0");
  EXPECT_TRUE(dut->port.wait_for("\r\nready\r\n", 3s));
}

TEST(AtsimBoot, StdinEndOfFileExits) {
  SimProcess sim(args_for("esp32"));
  sim.close_stdin();
  EXPECT_EQ(sim.wait_exit(2000ms), 0);
}

TEST(AtsimBoot, QuitExits) {
  SimProcess sim(args_for("esp32"));
  sim.control("QUIT");
  EXPECT_EQ(sim.wait_exit(2000ms), 0);
}

TEST(AtsimBoot, SigtermExitsCleanlyAndRemovesTheLink) {
  const std::string link = temp_path("link");
  std::filesystem::remove(link);
  SimProcess sim(args_for("esp32", {"--link", link}));
  ASSERT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(std::filesystem::read_symlink(link).string(), sim.pty_path());
  {
    HostPort port(link);  // the link works as a port name
    ASSERT_TRUE(port.wait_for("ready\r\n", 3s));
    EXPECT_TRUE(port.command("AT").ends_with("\r\nOK\r\n"));
  }
  ::kill(sim.pid(), SIGTERM);
  EXPECT_EQ(sim.wait_exit(2000ms), 0);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(link)));
}

TEST(AtsimBoot, TcpPortIsTheSameDevice) {
  SimProcess sim(args_for("esp32", {"--tcp", "0"}));
  ASSERT_TRUE(sim.tcp_port());
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(*sim.tcp_port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  HostPort port(sim.pty_path());
  ASSERT_TRUE(port.wait_for("ready\r\n", 3s));
  port.take();
  ASSERT_EQ(::write(fd, "AT+GMR\r\n", 8), 8);
  std::string got;
  const auto deadline = Clock::now() + 2s;
  while (got.find("\r\nOK\r\n") == std::string::npos && Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      char b[512];
      ssize_t n = ::read(fd, b, sizeof b);
      if (n <= 0) break;
      got.append(b, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  EXPECT_NE(got.find("AT version:"), std::string::npos) << got;
  // The PTY host sees the same reply: one device, one UART.
  EXPECT_TRUE(port.wait_for("\r\nOK\r\n", 2s));
  EXPECT_NE(port.take().find("AT+GMR\r\n"), std::string::npos);
}
