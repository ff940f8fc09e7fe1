// esp32 §3.2.10: AT+SYSRAM — checks the remaining space of RAM.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, SysramReportsFreeHeapInBytes,
         {.purpose = "Ensure that AT+SYSRAM? reports the remaining RAM as one plausible number of "
                     "bytes, and other forms are answered ERROR",
          .clauses = {{Chip::esp32, "3.2.10"}}}) {
  Response r = dut().command("AT+SYSRAM?");
  ASSERT_TRUE(is_ok(r));
  auto v = r.values("SYSRAM");
  ASSERT_EQ(v.size(), 1u) << "expected one +SYSRAM line\n" << r.tail;
  ASSERT_TRUE(std::regex_match(v[0], std::regex("[0-9]+"))) << "not a number: " << v[0];
  long bytes = std::stol(v[0]);
  measure("free_ram", static_cast<double>(bytes), "bytes");
  EXPECT_GT(bytes, 0);
  EXPECT_LT(bytes, 520L * 1024) << "more than the ESP32's 520 KiB of SRAM";
  EXPECT_TRUE(is_error(dut().command("AT+SYSRAM=1")));
}

}  // namespace atc::basic
