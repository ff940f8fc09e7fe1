// esp32 §3.2.11: AT+SYSFLASH — user partitions in flash; esp32 §8: "busy p...".
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

namespace {
constexpr const char* kPartition = "ble_data";

// Reads `n` bytes at `offset`; nullopt when the read is not answered as the document says.
std::optional<std::string> read_flash(Dut& dut, int offset, int n) {
  Response r = dut.command("AT+SYSFLASH=2,\"" + std::string(kPartition) + "\"," +
                           std::to_string(offset) + "," + std::to_string(n));
  if (!r.ok()) return std::nullopt;
  auto v = r.values("SYSFLASH");
  std::string prefix = std::to_string(n) + ",";
  if (v.size() != 1 || v[0].compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return v[0].substr(prefix.size());
}
}  // namespace

ATC_TEST(Basic, SysflashListsUserPartitions,
         {.purpose = "Ensure that AT+SYSFLASH? lists the user partitions with name, type, "
                     "subtype, address and size",
          .clauses = {{Chip::esp32, "3.2.11"}},
          .features = {"sysflash"}}) {
  Response r = dut().command("AT+SYSFLASH?");
  ASSERT_TRUE(is_ok(r));
  auto v = r.values("SYSFLASH");
  ASSERT_FALSE(v.empty()) << "no partition listed\n" << r.tail;
  const std::regex row("\"[^\"]+\",[0-9]+,[0-9]+,(0x)?[0-9a-fA-F]+,(0x)?[0-9a-fA-F]+");
  bool has_ble = false;
  for (const auto& p : v) {
    EXPECT_TRUE(std::regex_match(p, row)) << "malformed partition line: +SYSFLASH:" << p;
    has_ble |= p.rfind("\"ble_data\",", 0) == 0;
  }
  EXPECT_TRUE(has_ble) << "the ble_data partition the document's examples use is not listed";
}

ATC_TEST(Basic, SysflashWritesReadsAndErases,
         {.purpose = "Ensure that data written to a user partition after the > prompt reads back, "
                     "erase leaves 0xFF, and bad operations are answered ERROR",
          .clauses = {{Chip::esp32, "3.2.11"}},
          .features = {"sysflash"}}) {
  const std::string data = "atconform!";
  auto before = read_flash(dut(), 0, static_cast<int>(data.size()));
  ASSERT_TRUE(before) << "cannot read the partition first\n" << dut().tail();
  on_teardown("partition content back", [this, old = *before] {
    dut().command("AT+SYSFLASH=0,\"ble_data\",0,4096");
    if (dut().prompt_command("AT+SYSFLASH=1,\"ble_data\",0," + std::to_string(old.size())).final ==
        Final::prompt)
      dut().send_data(old);
  });
  ASSERT_TRUE(is_ok(dut().command("AT+SYSFLASH=0,\"ble_data\",0,4096")));
  Response w = dut().prompt_command("AT+SYSFLASH=1,\"ble_data\",0," + std::to_string(data.size()));
  ASSERT_TRUE(is_final(w, Final::prompt));
  ASSERT_TRUE(is_ok(dut().send_data(data)));
  EXPECT_EQ(read_flash(dut(), 0, static_cast<int>(data.size())), data);

  ASSERT_TRUE(is_ok(dut().command("AT+SYSFLASH=0,\"ble_data\",0,4096")));
  EXPECT_EQ(read_flash(dut(), 0, 4), std::string(4, '\xFF')) << "erase did not leave 0xFF";

  // Negative: unknown partition, unaligned erase, unknown operation, missing partition.
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=2,\"no_such_part\",0,4")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=0,\"ble_data\",100,4096")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=3,\"ble_data\",0,4")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=2")));
}

ATC_TEST(Basic, CommandDuringAnEraseIsAnsweredBusy,
         {.purpose = "Ensure that a command sent while an erase is still running is answered "
                     "busy p... and the erase still completes with OK",
          .clauses = {{Chip::esp32, "8"}},
          .features = {"sysflash"}}) {
  dut().reset_expect_cursor();
  // Two lines at once: the second arrives while the first (a whole-partition erase) runs.
  dut().write_raw("AT+SYSFLASH=0,\"ble_data\"\r\nAT\r\n");
  EXPECT_TRUE(dut().expect_line("busy p\\.\\.\\.", Millis{2000}))
      << "no \"busy p...\" for the command sent during the erase\n"
      << dut().tail();
  EXPECT_TRUE(dut().expect_line("OK", Millis{3000})) << "the erase did not complete with OK\n"
                                                     << dut().tail();
  EXPECT_TRUE(dut().wait_quiet(Millis{100}, Millis{2000}));
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

}  // namespace atc::basic
