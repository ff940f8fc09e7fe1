// ESP32 AT+SYSFLASH and AT+FS: prompts, binary data, persistence.
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

// Sends a write command, waits for the `> ` prompt (no line end after it), sends the data,
// returns what follows.
std::string write_with_prompt(HostPort& port, const std::string& cmd, const std::string& data) {
  port.write(cmd + "\r\n");
  if (!port.wait_for("\r\nOK\r\n> ", 2s)) return "no prompt: " + port.take();
  port.take();
  port.write(data);
  port.wait_for("\r\nOK\r\n", 2s);
  return port.take();
}
}  // namespace

TEST(AtsimSysflash, QueryListsUserPartitions) {
  auto dut = boot("esp32");
  const std::string r = dut->port.command("AT+SYSFLASH?");
  EXPECT_NE(r.find("+SYSFLASH:\"ble_data\",64,1,0x21000,0x3000\r\n"), std::string::npos) << r;
  EXPECT_TRUE(ok(r));
}

TEST(AtsimSysflash, EraseWriteReadRoundTrip) {
  auto dut = boot("esp32");
  ASSERT_TRUE(ok(dut->port.command("AT+SYSFLASH=0,\"ble_data\"", 2000ms)));
  const std::string data("ab\r\nOK\0\xff", 8);  // binary, with things that look like framing
  EXPECT_EQ(write_with_prompt(dut->port, "AT+SYSFLASH=1,\"ble_data\",100,8", data), "\r\nOK\r\n");
  EXPECT_EQ(dut->port.command("AT+SYSFLASH=2,\"ble_data\",100,8"),
            "AT+SYSFLASH=2,\"ble_data\",100,8\r\n+SYSFLASH:8," + data + "\r\n\r\nOK\r\n");
  // The document's own example spelling, with spaces.
  EXPECT_TRUE(ok(dut->port.command("AT+SYSFLASH=2, \"ble_data\", 0, 100")));
  ASSERT_TRUE(ok(dut->port.command("AT+SYSFLASH=0,\"ble_data\",0,4096", 2000ms)));
  EXPECT_EQ(dut->port.command("AT+SYSFLASH=2,\"ble_data\",100,2"),
            "AT+SYSFLASH=2,\"ble_data\",100,2\r\n+SYSFLASH:2,\xff\xff\r\n\r\nOK\r\n");
}

TEST(AtsimSysflash, RejectsBadRequests) {
  auto dut = boot("esp32");
  for (const char* c : {"AT+SYSFLASH=0,\"nope\"", "AT+SYSFLASH=0,\"ble_data\",100,4096",
                        "AT+SYSFLASH=0,\"ble_data\",0,100", "AT+SYSFLASH=0,\"ble_data\",0",
                        "AT+SYSFLASH=2,\"ble_data\",12280,100", "AT+SYSFLASH=2,\"ble_data\",0,0",
                        "AT+SYSFLASH=1,\"ble_data\",0", "AT+SYSFLASH=3,\"ble_data\",0,4",
                        "AT+SYSFLASH=2,ble_data,0,4", "AT+SYSFLASH", "AT+SYSFLASH=?"}) {
    EXPECT_TRUE(error(dut->port.command(c))) << c;
  }
}

TEST(AtsimSysflash, ContentsSurviveProcessRestartAndRestore) {
  const std::string nvs = temp_path("sysflash.nvs");
  std::filesystem::remove(nvs);
  {
    auto dut = boot("esp32", {"--nvs", nvs});
    ASSERT_TRUE(ok(dut->port.command("AT+SYSFLASH=0,\"server_key\"", 2000ms)));
    EXPECT_EQ(write_with_prompt(dut->port, "AT+SYSFLASH=1,\"server_key\",0,5", "hello"),
              "\r\nOK\r\n");
    EXPECT_TRUE(ok(dut->port.command("AT+RESTORE")));  // wipes NVS, not user partitions
    ASSERT_TRUE(dut->port.wait_for("ready\r\n", 3s));
    dut->port.take();
  }
  auto dut = boot("esp32", {"--nvs", nvs});
  EXPECT_NE(dut->port.command("AT+SYSFLASH=2,\"server_key\",0,5").find("+SYSFLASH:5,hello\r\n"),
            std::string::npos);
  std::filesystem::remove(nvs);
}

TEST(AtsimFs, WriteSizeReadListDelete) {
  auto dut = boot("esp32");
  EXPECT_EQ(write_with_prompt(dut->port, "AT+FS=0,1,\"a.txt\",0,5", "hello"), "\r\nOK\r\n");
  EXPECT_EQ(write_with_prompt(dut->port, "AT+FS=0,1,\"a.txt\",5,6", " world"), "\r\nOK\r\n");
  EXPECT_NE(dut->port.command("AT+FS=0,3,\"a.txt\"").find("+FS:11\r\n"), std::string::npos);
  EXPECT_NE(dut->port.command("AT+FS=0,2,\"a.txt\",6,5").find("+FS:5,world\r\n"),
            std::string::npos);
  EXPECT_NE(dut->port.command("AT+FS=0,4,\".\"").find("+FS:a.txt\r\n"), std::string::npos);
  EXPECT_TRUE(ok(dut->port.command("AT+FS=0,0,\"a.txt\"")));
  EXPECT_TRUE(error(dut->port.command("AT+FS=0,3,\"a.txt\"")));
  for (const char* c : {"AT+FS=1,3,\"a\"", "AT+FS=0,5,\"a\"", "AT+FS=0,2,\"none\",0,1",
                        "AT+FS=0,1,\"a\",3,1", "AT+FS=0,1,\"a/b\",0,1", "AT+FS=0,4,\"/x\""}) {
    EXPECT_TRUE(error(dut->port.command(c))) << c;
  }
}
