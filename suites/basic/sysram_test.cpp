// esp32 §3.2.10: AT+SYSRAM — checks the remaining space of RAM.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, SysramReportsFreeHeapInBytes,
         {.purpose = "Ensure that AT+SYSRAM? reports the remaining RAM as one plausible number of "
                     "bytes, and other forms are answered ERROR",
          .clauses = {"esp32 §3.2.10"}}) {
  Response r = dut().command("AT+SYSRAM?");
  ASSERT_TRUE(has_lines(r, "SYSRAM", 1));
  const std::string v = r.values("SYSRAM").front();
  ASSERT_TRUE(std::regex_match(v, std::regex("[0-9]+"))) << "not a number of bytes: " << v;
  long bytes = std::stol(v);
  measure("free_ram", static_cast<double>(bytes), "bytes");
  EXPECT_GT(bytes, 0);
  EXPECT_LT(bytes, 520L * 1024) << "more than the ESP32's 520 KiB of SRAM";
  // Negative: only the query form; the query answers as before after the rejected forms.
  EXPECT_TRUE(is_error(dut().command("AT+SYSRAM=1")));
  EXPECT_TRUE(is_error(dut().command("AT+SYSRAM")));
  EXPECT_TRUE(has_lines(dut().command("AT+SYSRAM?"), "SYSRAM", 1));
}

}  // namespace atc::basic
