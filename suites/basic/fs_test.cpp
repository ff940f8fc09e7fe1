// esp32 §3.2.12: AT+FS — filesystem operations.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, FsWritesReadsSizesListsAndDeletesAFile,
         {.purpose = "Ensure that a file written with AT+FS after the > prompt is listed, has its "
                     "size, reads back, and is gone after delete",
          .clauses = {{Chip::esp32, "3.2.12"}},
          .features = {"fs"}}) {
  const std::string name = "atconform.txt";
  const std::string data = "hello, conformance";
  const std::string quoted = "\"" + name + "\"";
  on_teardown("test file removed", [this, quoted] { dut().command("AT+FS=0,0," + quoted); });

  Response w = dut().prompt_command("AT+FS=0,1," + quoted + ",0," + std::to_string(data.size()));
  ASSERT_TRUE(is_final(w, Final::prompt));
  ASSERT_TRUE(is_ok(dut().send_data(data)));

  Response list = dut().command("AT+FS=0,4,\".\"");
  ASSERT_TRUE(is_ok(list));
  auto names = list.values("FS");
  EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name << " is not listed\n"
                                                                      << list.tail;
  EXPECT_TRUE(has_value(dut().command("AT+FS=0,3," + quoted), "FS", std::to_string(data.size())));
  EXPECT_TRUE(has_value(dut().command("AT+FS=0,2," + quoted + ",0," + std::to_string(data.size())),
                        "FS", std::to_string(data.size()) + "," + data));

  ASSERT_TRUE(is_ok(dut().command("AT+FS=0,0," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,3," + quoted))) << "the file is still there";
  // Negative: a type other than FATFS, an unknown operation, a missing file name.
  EXPECT_TRUE(is_error(dut().command("AT+FS=1,3," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,9," + quoted)));
  EXPECT_TRUE(is_error(dut().command("AT+FS=0,2")));
}

}  // namespace atc::basic
