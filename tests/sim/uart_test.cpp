// AT+UART_CUR / AT+UART_DEF / AT+UART: the reply at the old settings, the new ones after; the
// wire garbles when host and device disagree; _DEF survives reset and process restart.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/sim/sim_fixture.hpp"

using namespace atsim_test;

namespace {
bool ok(const std::string& reply) {
  return reply.ends_with("\r\nOK\r\n");
}
bool error(const std::string& reply) {
  return reply.ends_with("\r\nERROR\r\n");
}

// After a mismatch the device's line buffer holds noise: the first good line may be answered
// ERROR, as on a real module. Retry a few times, as a host resynchronising would.
bool resync(HostPort& port) {
  for (int i = 0; i < 3; ++i) {
    if (ok(port.command("AT", 1000ms))) return true;
  }
  return false;
}
}  // namespace

TEST(AtsimUart, CurQueryAndRangeChecks) {
  auto dut = boot("esp32");
  EXPECT_EQ(dut->port.command("AT+UART_CUR?"),
            "AT+UART_CUR?\r\n+UART_CUR:115200,8,1,0,0\r\n\r\nOK\r\n");
  for (const char* c :
       {"AT+UART_CUR=79,8,1,0,0", "AT+UART_CUR=5000001,8,1,0,0", "AT+UART_CUR=115200,4,1,0,0",
        "AT+UART_CUR=115200,9,1,0,0", "AT+UART_CUR=115200,8,0,0,0", "AT+UART_CUR=115200,8,4,0,0",
        "AT+UART_CUR=115200,8,1,3,0", "AT+UART_CUR=115200,8,1,0,4", "AT+UART_CUR=115200,8,1,0",
        "AT+UART_CUR=115200,8,1,0,0,0", "AT+UART_CUR=\"115200\",8,1,0,0", "AT+UART_CUR=?",
        "AT+UART=115200,8,1,0,0"}) {
    EXPECT_TRUE(error(dut->port.command(c))) << c;
  }
  EXPECT_NE(dut->port.command("AT+UART_CUR?").find("+UART_CUR:115200,8,1,0,0\r\n"),
            std::string::npos);
}

TEST(AtsimUart, Esp8266BaudRangeAndDeprecatedUart) {
  auto dut = boot("esp8266");
  EXPECT_TRUE(error(dut->port.command("AT+UART_CUR=109,8,1,0,0")));
  EXPECT_TRUE(error(dut->port.command("AT+UART_CUR=4608001,8,1,0,0")));
  EXPECT_TRUE(ok(dut->port.command("AT+UART=115200,8,1,0,1")));  // like _DEF
  EXPECT_NE(dut->port.command("AT+UART_DEF?").find("+UART_DEF:115200,8,1,0,1\r\n"),
            std::string::npos);
  EXPECT_TRUE(error(dut->port.command("AT+UART?")));
}

TEST(AtsimUart, BaudMismatchGarblesUntilTheHostFollows) {
  auto dut = boot("esp32");
  // The OK leaves at the old speed.
  EXPECT_EQ(dut->port.command("AT+UART_CUR=57600,8,1,0,0"),
            "AT+UART_CUR=57600,8,1,0,0\r\n\r\nOK\r\n");
  // Host still at 115200: the command is noise to the device, no OK comes back.
  dut->port.write("AT\r\n");
  dut->port.drain_for(300ms);
  EXPECT_EQ(dut->port.take().find("OK"), std::string::npos);
  dut->port.set_line(57600);
  ASSERT_TRUE(resync(dut->port));
  EXPECT_NE(dut->port.command("AT+UART_CUR?").find("+UART_CUR:57600,8,1,0,0\r\n"),
            std::string::npos);
  // A speed off by 2 % still works; by 5 % it does not.
  dut->port.set_line(58752);
  EXPECT_TRUE(ok(dut->port.command("AT")));
  dut->port.set_line(60480);
  EXPECT_EQ(dut->port.command("AT", 300ms).find("OK"), std::string::npos);
}

TEST(AtsimUart, StopBitMismatchGarbles) {
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(dut->port.command("AT+UART_CUR=115200,8,3,0,0")));  // 2 stop bits
  dut->port.write("AT+GMR\r\n");
  dut->port.drain_for(300ms);
  EXPECT_EQ(dut->port.take().find("AT"), std::string::npos);
  dut->port.set_line(115200, 8, 0, true);
  ASSERT_TRUE(resync(dut->port));
}

TEST(AtsimUart, PtyCannotCarryParityOrDataBits) {
  // Linux PTYs force CS8 and clear PARENB, so atsim cannot see a PTY host's parity or data
  // bits and does not compare them (docs/sim.md). A host that follows the device still works.
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(dut->port.command("AT+UART_CUR=115200,7,1,2,0")));
  dut->port.set_line(115200, 7, 2);
  EXPECT_TRUE(ok(dut->port.command("AT")));
  EXPECT_NE(dut->port.command("AT+UART_CUR?").find("+UART_CUR:115200,7,1,2,0\r\n"),
            std::string::npos);
}

TEST(AtsimUart, OutputIsPacedAtTheDeviceBaud) {
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(dut->port.command("AT+UART_CUR=9600,8,1,0,0")));
  dut->port.set_line(9600);
  ASSERT_TRUE(resync(dut->port));
  const auto start = Clock::now();
  const std::string r = dut->port.command("AT+GMR", 3000ms);
  const auto took = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(ok(r));
  // The command goes out at the host's (PTY: instant) speed; the reply at 10 bits per byte.
  const double expected = static_cast<double>(r.size()) * 10 / 9600;
  EXPECT_GT(took, expected * 0.9) << "took " << took << " s for " << r.size() << " bytes";
  EXPECT_LT(took, expected * 1.5 + 0.05) << "took " << took << " s for " << r.size() << " bytes";
  RecordProperty("reply_bytes", static_cast<int>(r.size()));
  RecordProperty("reply_ms", static_cast<int>(took * 1000));
}

TEST(AtsimUart, CurIsForgottenAtReset) {
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(dut->port.command("AT+UART_CUR=230400,8,1,0,0")));
  dut->port.set_line(230400);
  ASSERT_TRUE(resync(dut->port));
  EXPECT_TRUE(ok(dut->port.command("AT+RST")));  // OK at 230400
  dut->port.set_line(115200);
  ASSERT_TRUE(dut->port.wait_for("\r\nready\r\n", 3s));  // boots at the saved default
}

TEST(AtsimUart, DefSurvivesResetAndProcessRestart) {
  const std::string nvs = temp_path("uartdef.nvs");
  std::filesystem::remove(nvs);
  {
    auto dut = boot("esp32", {"--nvs", nvs});
    ASSERT_TRUE(ok(dut->port.command("AT+UART_DEF=57600,8,1,0,0")));
    dut->port.set_line(57600);
    ASSERT_TRUE(resync(dut->port));
    EXPECT_TRUE(ok(dut->port.command("AT+RST")));
    ASSERT_TRUE(dut->port.wait_for("\r\nready\r\n", 3s));
  }
  {
    SimProcess sim(args_for("esp32", {"--nvs", nvs}));
    HostPort port(sim.pty_path(), 57600);
    ASSERT_TRUE(port.wait_for("\r\nready\r\n", 3s));
    port.take();
    EXPECT_NE(port.command("AT+UART_DEF?").find("+UART_DEF:57600,8,1,0,0\r\n"), std::string::npos);
    EXPECT_NE(port.command("AT+UART_CUR?").find("+UART_CUR:57600,8,1,0,0\r\n"), std::string::npos);
    EXPECT_TRUE(ok(port.command("AT+RESTORE")));
  }
  std::filesystem::remove(nvs);
}
