// esp32 §3.2.11: AT+SYSFLASH — user partitions in flash; esp32 §8: "busy p...".
#include "harness/at/at_syntax.hpp"
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

namespace {
constexpr const char* kPartition = "ble_data";

// Reads `n` bytes at `offset`: "+SYSFLASH:<length>,<data>" (§3.2.11); nullopt when the read is
// not answered so, with `r` holding what came.
std::optional<std::string> read_flash(Dut& dut, int offset, int n, Response* r) {
  *r = dut.command("AT+SYSFLASH=2,\"" + std::string(kPartition) + "\"," + std::to_string(offset) +
                   "," + std::to_string(n));
  if (!r->ok()) return std::nullopt;
  auto v = r->values("SYSFLASH");
  std::string prefix = std::to_string(n) + ",";
  if (v.size() != 1 || v[0].compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return v[0].substr(prefix.size());
}

// §3.2.11: +SYSFLASH:<partition>,<type>,<subtype>,<addr>,<size>. The document does not call
// <partition> a string; builds quote it (docs/errata.md).
const std::vector<FieldCheck> kPartitionFields{{"partition", "[^,]+"},
                                               {"type", "[0-9]+"},
                                               {"subtype", "[0-9]+"},
                                               {"addr", "(0x)?[0-9a-fA-F]+"},
                                               {"size", "(0x)?[0-9a-fA-F]+"}};
}  // namespace

ATC_TEST(Basic, SysflashListsUserPartitions,
         {.purpose = "Ensure that AT+SYSFLASH? lists the user partitions with name, type, "
                     "subtype, address and size",
          .clauses = {"esp32 §3.2.11"},
          .features = {"sysflash"}}) {
  Response r = dut().command("AT+SYSFLASH?");
  ASSERT_TRUE(is_ok(r));
  auto v = r.values("SYSFLASH");
  ASSERT_FALSE(v.empty()) << "no partition listed" << is_ok(r).message();
  bool has_ble = false;
  for (const auto& p : v) {
    Fields f = split_fields(p);
    auto wrong = field_mismatch(f, kPartitionFields);
    EXPECT_FALSE(wrong) << "+SYSFLASH:" << p << ": " << wrong.value_or("");
    if (f.size() > kPartitionFields.size()) observe("sysflash_extra_fields", p);
    has_ble |= !f.empty() && f[0].value == kPartition;
  }
  EXPECT_TRUE(has_ble) << "the ble_data partition the document's examples use is not listed";
  // Negative: the execute form is not defined; the list is the same afterwards.
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH")));
  Response again = dut().command("AT+SYSFLASH?");
  ASSERT_TRUE(is_ok(again));
  EXPECT_EQ(again.values("SYSFLASH"), v);
}

ATC_TEST(Basic, SysflashWritesReadsAndErases,
         {.purpose = "Ensure that data written to a user partition after the > prompt reads back, "
                     "bad operations are answered ERROR and leave it, and erase leaves 0xFF",
          .clauses = {"esp32 §3.2.11"},
          .features = {"sysflash"}}) {
  const std::string data = "atconform!";
  const int n = static_cast<int>(data.size());
  Response r;
  auto before = read_flash(dut(), 0, n, &r);
  ASSERT_TRUE(before) << "cannot read the partition first" << is_ok(r).message();
  on_teardown("partition content back", [this, old = *before] {
    dut().command("AT+SYSFLASH=0,\"ble_data\",0,4096");
    if (dut().prompt_command("AT+SYSFLASH=1,\"ble_data\",0," + std::to_string(old.size())).final ==
        Final::prompt)
      dut().send_data(old);
  });
  ASSERT_TRUE(is_ok(dut().command("AT+SYSFLASH=0,\"ble_data\",0,4096")));
  Response w = dut().prompt_command("AT+SYSFLASH=1,\"ble_data\",0," + std::to_string(n));
  ASSERT_TRUE(is_final(w, Final::prompt));
  ASSERT_TRUE(is_ok(dut().send_data(data)));
  EXPECT_EQ(read_flash(dut(), 0, n, &r).value_or("<no read>"), data) << is_ok(r).message();

  // Negative: unknown partition, unaligned erase, unknown operation, missing partition; the data
  // written is still there.
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=2,\"no_such_part\",0,4")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=0,\"ble_data\",100,4096")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=0,\"ble_data\",0,100")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=3,\"ble_data\",0,4")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSFLASH=2")));
  EXPECT_EQ(read_flash(dut(), 0, n, &r).value_or("<no read>"), data)
      << "the rejected operations changed the partition" << is_ok(r).message();

  ASSERT_TRUE(is_ok(dut().command("AT+SYSFLASH=0,\"ble_data\",0,4096")));
  EXPECT_EQ(read_flash(dut(), 0, 4, &r).value_or("<no read>"), std::string(4, '\xFF'))
      << "erase did not leave 0xFF" << is_ok(r).message();
}

ATC_TEST(Basic, CommandDuringAnEraseIsAnsweredBusy,
         {.purpose = "Ensure that a command sent while an erase is still running is answered "
                     "busy p... and the erase still completes with OK",
          .clauses = {"esp32 §8"},
          .features = {"sysflash"}}) {
  dut().reset_expect_cursor();
  // Two lines at once: the second arrives while the first (a whole-partition erase) runs.
  dut().write_raw("AT+SYSFLASH=0,\"ble_data\"\r\nAT\r\n");
  EXPECT_TRUE(got_line(dut(), "busy p\\.\\.\\.", Millis{2000}))
      << "for the command sent during the erase";
  EXPECT_TRUE(got_line(dut(), "OK", Millis{3000})) << "the erase did not complete with OK";
  EXPECT_TRUE(dut().wait_quiet(Millis{100}, Millis{2000}));
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

}  // namespace atc::basic
