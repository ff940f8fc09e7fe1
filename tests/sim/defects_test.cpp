// Each planted defect shows on the wire: the conformance suites rely on this to prove they
// catch bugs, so the simulator must really misbehave.
#include <gtest/gtest.h>

#include "tests/sim/sim_fixture.hpp"

using namespace atsim_test;

namespace {
bool ok(const std::string& reply) {
  return reply.ends_with("\r\nOK\r\n");
}
}  // namespace

TEST(AtsimDefects, EchoStuckOn) {
  auto dut = boot("esp32", {"--defect", "echo-stuck-on"});
  EXPECT_TRUE(ok(dut->port.command("ATE0")));
  EXPECT_EQ(dut->port.command("AT"), "AT\r\n\r\nOK\r\n");
}

TEST(AtsimDefects, GmrNoOk) {
  auto dut = boot("esp32", {"--defect", "gmr-no-ok"});
  const std::string r = dut->port.command("AT+GMR", 300ms);
  EXPECT_NE(r.find("compile time"), std::string::npos);
  EXPECT_EQ(r.find("OK"), std::string::npos);
}

TEST(AtsimDefects, RstNoOk) {
  auto dut = boot("esp32", {"--defect", "rst-no-ok"});
  dut->port.write("AT+RST\r\n");
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", 3s));
  EXPECT_EQ(dut->port.take(), "AT+RST\r\n\r\nready\r\n");
}

TEST(AtsimDefects, NoReady) {
  SimProcess sim(args_for("esp32", {"--defect", "no-ready"}));
  HostPort port(sim.pty_path());
  port.drain_for(200ms);
  EXPECT_EQ(port.take(), "");
  EXPECT_TRUE(ok(port.command("AT")));  // it does run
}

TEST(AtsimDefects, SleepQueryWrong) {
  auto dut = boot("esp8266", {"--defect", "sleep-query-wrong"});
  EXPECT_TRUE(ok(dut->port.command("AT+SLEEP=0")));
  EXPECT_NE(dut->port.command("AT+SLEEP?").find("+SLEEP:2\r\n"), std::string::npos);
}

TEST(AtsimDefects, RangeUnchecked) {
  auto dut = boot("esp8266", {"--defect", "range-unchecked"});
  EXPECT_TRUE(ok(dut->port.command("AT+SLEEP=7")));
  EXPECT_NE(dut->port.command("AT+SLEEP?").find("+SLEEP:7\r\n"), std::string::npos);
  EXPECT_TRUE(ok(dut->port.command("AT+UART_DEF=115200,8,1,0,9")));
  EXPECT_NE(dut->port.command("AT+UART_DEF?").find(",9\r\n"), std::string::npos);
}

TEST(AtsimDefects, NoBusy) {
  auto dut = boot("esp32", {"--defect", "no-busy"});
  dut->port.write("AT+SYSFLASH=0,\"ble_data\"\r\nAT\r\n");
  ASSERT_TRUE(dut->port.wait_for("\r\nOK\r\n", 2s));
  dut->port.drain_for(50ms);
  EXPECT_EQ(dut->port.take(), "AT+SYSFLASH=0,\"ble_data\"\r\nAT\r\n\r\nOK\r\n");
}

TEST(AtsimDefects, UartAppliedBeforeOk) {
  auto dut = boot("esp32", {"--defect", "uart-applied-before-ok"});
  const std::string r = dut->port.command("AT+UART_CUR=57600,8,1,0,0", 300ms);
  EXPECT_EQ(r.find("OK"), std::string::npos);
}

TEST(AtsimDefects, UartQueryStale) {
  auto dut = boot("esp32", {"--defect", "uart-query-stale"});
  EXPECT_TRUE(ok(dut->port.command("AT+UART_CUR=115200,8,1,0,3")));
  EXPECT_NE(dut->port.command("AT+UART_CUR?").find("+UART_CUR:115200,8,1,0,0\r\n"),
            std::string::npos);
}

TEST(AtsimDefects, RestoreKeepsNvs) {
  auto dut = boot("esp32", {"--defect", "restore-keeps-nvs"});
  EXPECT_TRUE(ok(dut->port.command("AT+UART_DEF=115200,8,1,0,3")));
  EXPECT_TRUE(ok(dut->port.command("AT+RESTORE")));
  ASSERT_TRUE(dut->port.wait_for("ready\r\n", 3s));
  dut->port.take();
  EXPECT_NE(dut->port.command("AT+UART_DEF?").find(",3\r\n"), std::string::npos);
}

TEST(AtsimDefects, GslpNoWake) {
  auto dut = boot("esp32", {"--defect", "gslp-no-wake"});
  EXPECT_TRUE(ok(dut->port.command("AT+GSLP=50")));
  dut->port.drain_for(300ms);
  EXPECT_EQ(dut->port.take(), "");
  dut->sim.control("LINES 0 1");  // only a reset wakes it
  dut->sim.control("LINES 0 0");
  EXPECT_TRUE(dut->port.wait_for("ready\r\n", 3s));
}
