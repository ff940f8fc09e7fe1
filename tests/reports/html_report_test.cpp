// The HTML report: self-contained, every test and section present, device bytes escaped, and a
// 200-test report under 5 MB. The browser test (browser_test.py) checks it in Chromium.
#include <gtest/gtest.h>

#include <regex>

#include "reports/html_report.hpp"
#include "reports/junit_reader.hpp"
#include "reports/junit_writer.hpp"
#include "spec/sections.hpp"
#include "tests/reports/synthetic_run.hpp"

namespace atc::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(HtmlReport, ATwoHundredTestReportStaysUnderFiveMegabytes) {
  const RunResult run = test::synthetic_run(200, 40);
  const std::string html = to_html({run}, {.tool_version = "atconform test"});
  RecordProperty("html_bytes", std::to_string(html.size()));
  EXPECT_LT(html.size(), 5u * 1024 * 1024) << html.size() << " bytes";
  EXPECT_EQ(count(html, "<details class=\"test "), 200u);
}

TEST(HtmlReport, IsSelfContained) {
  const std::string html = to_html({test::synthetic_run(20, 5)});
  // Nothing fetched: no external script, style, image or font, no http(s) address.
  EXPECT_EQ(count(html, " src=\""), 0u);
  EXPECT_EQ(count(html, "<link rel=\"stylesheet\""), 0u);
  EXPECT_EQ(count(html, "http://"), count(html, "http://www.w3.org/2000/svg"));
  EXPECT_EQ(count(html, "https://"), 0u);
  EXPECT_EQ(count(html, "@import"), 0u);
  EXPECT_NE(html.find("<link rel=\"icon\" href=\"data:,\">"), std::string::npos);
  EXPECT_EQ(count(html, "<script>"), 1u);
}

TEST(HtmlReport, ShowsIdentityCountsMatrixPlotsAndEveryTest) {
  const RunResult run = test::synthetic_run(50, 5);
  const std::string html = to_html({run});
  for (const char* s : {"AT version:1.1.0.0(May 11 2016 18:09:56)", "sim-esp32", "synthetic-1",
                        "0.1.0", "id=\"matrix-0\"", "Passthrough packets: interval and size",
                        "Response latency per command", "Throughput", "2048 B", "20 ms"})
    EXPECT_NE(html.find(s), std::string::npos) << s;
  EXPECT_NE(
      html.find("<span class=\"badge fail\">FAIL " + std::to_string(run.count(Verdict::fail))),
      std::string::npos);
  for (std::size_t i = 0; i < run.tests.size(); ++i)
    EXPECT_NE(html.find("id=\"t0-" + std::to_string(i) + "\""), std::string::npos);
  // Every command section of the ESP32 document has its cell, with a word, not only a colour.
  std::size_t cells = count(html, "<button type=\"button\" class=\"cell ");
  std::size_t sections = 0;
  for (const Section& s : document_sections()) sections += s.clause.chip == Chip::esp32;
  EXPECT_EQ(cells, sections);
  EXPECT_EQ(count(html, "<span class=\"w\">"), cells);
  EXPECT_EQ(count(html, " ERROR answers required)\""), cells);  // each cell's tip says it
}

TEST(HtmlReport, DeviceBytesCannotBecomeMarkup) {
  RunResult run = test::synthetic_run(1, 1);
  run.tests[0].verdict = Verdict::fail;
  run.tests[0].message = "</pre><script>alert(1)</script>\x01\x1B[31m";
  run.tests[0].transcripts = {{"dut", "       1.000 ms  rx  \"<img src=x onerror=alert(1)>\"\n"}};
  run.tests[0].peers = "       2.000 ms  <b>peer</b>  datagram 3 B\n";
  run.set_property("gmr.1", "<script>x</script>");
  const std::string html = to_html({run});
  EXPECT_EQ(count(html, "<script>"), 1u) << "only the report's own script";
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>peer"), std::string::npos);
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\x01\\x1B[31m"),
            std::string::npos);
  for (char c : html) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_FALSE(b < 0x20 && c != '\n' && c != '\t') << "control byte " << int(b);
  }
}

TEST(HtmlReport, SeveralRigsSideBySide) {
  RunResult a = test::synthetic_run(3, 1);
  RunResult b = test::synthetic_run(3, 1);
  b.set_property("rig", "sim-esp8266");
  b.set_property("chip", "esp8266");
  const std::string html = to_html({a, b});
  EXPECT_NE(html.find("<section class=\"run\" id=\"run-1\"><h2>sim-esp8266</h2>"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"matrix-1\""), std::string::npos);
  EXPECT_NE(html.find("id=\"t1-2\""), std::string::npos);
}

TEST(HtmlReport, FromAJunitFileReadBack) {
  // What `atconform merge` does: the HTML of a run read back from its JUnit.
  const RunResult run = test::synthetic_run(30, 3);
  const auto back = read_junit_xml(to_junit_xml(run), "r.xml");
  ASSERT_EQ(back.size(), 1u);
  const std::string html = to_html(back);
  EXPECT_EQ(count(html, "<details class=\"test "), 30u);
  EXPECT_NE(html.find("datagram 201 B"), std::string::npos);
  EXPECT_EQ(html_path_for("out/junit-x.xml"), "out/junit-x.html");
}

}  // namespace
}  // namespace atc::report
