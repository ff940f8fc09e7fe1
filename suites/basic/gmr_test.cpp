// esp32 §3.2.3, esp8266 §3.2.3: AT+GMR — checks version information.
#include "suites/basic/basic_fixture.hpp"

namespace atc::basic {

ATC_TEST(Basic, GmrReportsVersionLines,
         {.purpose = "Ensure that AT+GMR prints the AT version, SDK version and compile time "
                     "lines the profile declares, then OK",
          .clauses = {"esp32 §3.2.3", "esp8266 §3.2.3"}}) {
  Response r = dut().command("AT+GMR");
  ASSERT_TRUE(is_ok(r));
  const auto& patterns = profile().gmr_patterns;
  ASSERT_FALSE(patterns.empty()) << "the profile declares no AT+GMR line patterns";
  // Builds newer than the documents add lines (bin version...): those are an observation.
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    ASSERT_LT(i, r.info.size()) << "AT+GMR line " << i + 1 << " (/" << patterns[i]
                                << "/) is missing" << is_ok(r).message();
    EXPECT_TRUE(std::regex_search(r.info[i], std::regex(patterns[i])))
        << "AT+GMR line " << i + 1 << " \"" << r.info[i] << "\" does not match /" << patterns[i]
        << "/";
  }
  if (r.info.size() > patterns.size())
    observe("gmr_extra_lines", std::to_string(r.info.size() - patterns.size()) +
                                   " AT+GMR line(s) beyond those the document defines");
  // Negative: AT+GMR has only the execute form.
  EXPECT_TRUE(is_error(dut().command("AT+GMR=1")));
  EXPECT_TRUE(is_error(dut().command("AT+GMR?")));
}

}  // namespace atc::basic
