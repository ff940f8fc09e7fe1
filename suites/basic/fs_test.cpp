// esp32 §3.2.12: AT+FS — filesystem operations.
#include <regex>

#include "harness/at/at_syntax.hpp"
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

namespace {

// §3.2.12 gives every operation the response "OK" and shows no reply line, so the forms builds
// print are accepted (docs/errata.md): "+FS:<value>" (esp-at prints its results so) or the bare
// value; which one came is recorded.
std::optional<std::string> reply_value(const Response& r) {
  if (!r.ok() || r.info.size() != 1) return std::nullopt;
  const std::string& line = r.info.front();
  if (line.rfind("+FS:", 0) == 0) return line.substr(4);
  return line;
}

// A listing names `file`: one line per entry, "+FS:" or not, quoted or not.
bool lists(const Response& r, const std::string& file) {
  for (std::string line : r.info) {
    if (line.rfind("+FS:", 0) == 0) line = line.substr(4);
    for (const auto& f : atc::split_fields(line))
      if (f.value == file) return true;
  }
  return false;
}

}  // namespace

ATC_TEST(Basic, FsWritesReadsSizesListsAndDeletesAFile,
         {.purpose = "Ensure that a file written with AT+FS after the > prompt is listed, has its "
                     "size, reads back, survives rejected operations, and is gone after delete",
          .clauses = {"esp32 §3.2.12"},
          .features = {"fs"}}) {
  const std::string name = "atconform.txt";
  const std::string data = "hello, conformance";
  const std::string quoted = at_string(name);
  const std::string size = std::to_string(data.size());
  on_teardown("test file removed", [this, quoted] { dut().command("AT+FS=0,0," + quoted); });

  Response w = dut().prompt_command("AT+FS=0,1," + quoted + ",0," + size);
  ASSERT_TRUE(is_final(w, Final::prompt));
  ASSERT_TRUE(is_ok(dut().send_data(data)));

  Response list = dut().command("AT+FS=0,4,\".\"");
  ASSERT_TRUE(is_ok(list));
  EXPECT_TRUE(lists(list, name)) << name << " is not listed" << is_ok(list).message();
  auto file_size = [&] {
    Response r = dut().command("AT+FS=0,3," + quoted);
    auto v = reply_value(r);
    if (v && r.info.front().rfind("+FS:", 0) != 0) observe("fs_reply_form", "bare value: " + *v);
    return v.value_or("<no size: " + r.describe() + ">");
  };
  EXPECT_EQ(file_size(), size);
  Response read = dut().command("AT+FS=0,2," + quoted + ",0," + size);
  EXPECT_EQ(reply_value(read).value_or("<no data: " + read.describe() + ">"), size + "," + data);

  // Negative: a type other than FATFS, an unknown operation, a missing file name, a delete of
  // another type; the file is still there, whole.
  EXPECT_TRUE(is_error(dut().command("AT+FS=1,3," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,9," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,2")));
  EXPECT_TRUE(is_error(dut().command("AT+FS=1,0," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,0," + quoted + ",0")));
  EXPECT_EQ(file_size(), size) << "a rejected AT+FS changed the file";

  ASSERT_TRUE(is_ok(dut().command("AT+FS=0,0," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,3," + quoted))) << "the file is still there";
  Response after = dut().command("AT+FS=0,4,\".\"");
  ASSERT_TRUE(is_ok(after));
  EXPECT_FALSE(lists(after, name))
      << name << " is still listed after delete" << is_ok(after).message();
}

}  // namespace atc::basic
