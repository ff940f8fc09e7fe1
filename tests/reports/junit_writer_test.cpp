// The JUnit writer: golden files, hostile bytes, schema validity, atomic writes; the run model.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <pugixml.hpp>
#include <regex>
#include <sstream>

#include "reports/junit_writer.hpp"
#include "reports/run_result.hpp"
#include "tests/reports/xml_check.hpp"

namespace atc::report {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Times, timestamps and the hostname vary from run to run; the golden files hold placeholders
// that still satisfy the schema.
std::string normalise(const std::string& xml) {
  std::string s = std::regex_replace(xml, std::regex(R"( time="[0-9.]+")"), R"( time="0.000")");
  s = std::regex_replace(s, std::regex(R"( timestamp="[^"]*")"),
                         R"( timestamp="2000-01-01T00:00:00")");
  return std::regex_replace(s, std::regex(R"( hostname="[^"]*")"), R"( hostname="host")");
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "atc-reports-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

RunResult sample_run() {
  RunResult run;
  run.name = "atconform";
  run.started = std::chrono::system_clock::time_point(1714564800s);  // 2024-05-01T12:00:00Z
  run.seconds = 4.25;
  run.hostname = "lab-runner-3";
  run.set_property("rig", "sim-esp32");
  run.set_property("link", "sim:esp32");
  run.set_property("chip", "esp32");
  run.set_property("profile", "sim-esp32");
  run.set_property("gmr.1", "AT version:1.1.0.0(May 11 2016 18:09:56)");

  TestResult pass;
  pass.chapter = "Basic";
  pass.suite = "Echo";
  pass.name = "EchoOffAfterAte0";
  pass.file = "suites/basic/echo.cpp";
  pass.line = 21;
  pass.purpose = "Ensure that the DUT stops echoing commands after ATE0";
  pass.verdict = Verdict::pass;
  pass.seconds = 0.012;
  pass.started = run.started + 1s;
  pass.properties = {{"atc.clause", "esp32 §3.2.5"}, {"atc.measure.latency_ms", "3"}};
  pass.transcripts = {{"dut", "-> ATE0\\r\\n\n<- ATE0\\r\\n\n<- OK\\r\\n\n"}};

  TestResult fail = pass;
  fail.name = "EchoOnAfterAte1";
  fail.line = 40;
  fail.purpose = "Ensure that ATE1 turns echo back on";
  fail.verdict = Verdict::fail;
  fail.seconds = 0.805;
  fail.properties = {{"atc.clause", "esp32 §3.2.5"}};
  fail.message =
      "suites/basic/echo.cpp:47: echo of \"AT\" expected after ATE1\n"
      "  awaited: ^AT$\n  tail: OK";

  TestResult error;
  error.chapter = "WiFi";
  error.suite = "Join";
  error.name = "JoinsConfiguredAp";
  error.file = "suites/wifi/join.cpp";
  error.line = 12;
  error.verdict = Verdict::error;
  error.seconds = 3.0;
  error.properties = {{"atc.clause", "esp32 §4.2.2"}};
  error.message = "RIG ERROR: fixture ap: cannot bind 127.0.0.1:8266 (Address already in use)";

  TestResult skip;
  skip.chapter = "WiFi";
  skip.suite = "Wps";
  skip.name = "StartsWps";
  skip.verdict = Verdict::skipped;
  skip.message = "PICS: wps not claimed";
  skip.properties = {{"atc.clause", "esp32 §4.2.13"}};

  run.tests = {pass, fail, error, skip};
  return run;
}

TEST(Verdict, OnlyGetsWorse) {
  Verdict v = Verdict::pass;
  escalate(v, Verdict::skipped);
  EXPECT_EQ(v, Verdict::skipped);
  escalate(v, Verdict::error);
  EXPECT_EQ(v, Verdict::error);
  escalate(v, Verdict::fail);
  EXPECT_EQ(v, Verdict::error);
  escalate(v, Verdict::pass);
  EXPECT_EQ(v, Verdict::error);
  EXPECT_EQ(worse(Verdict::fail, Verdict::skipped), Verdict::fail);
  EXPECT_EQ(to_string(Verdict::skipped), "skipped");
  EXPECT_EQ(verdict_word(Verdict::error), "ERROR");
}

TEST(RunResult, SetPropertyReplacesInPlace) {
  RunResult run;
  run.set_property("rig", "a");
  run.set_property("chip", "esp32");
  run.set_property("rig", "b");
  ASSERT_EQ(run.properties.size(), 2u);
  EXPECT_EQ(run.properties[0].second, "b");
}

TEST(XmlSafe, EscapesWhatXmlCannotCarry) {
  EXPECT_EQ(xml_safe("plain <&>\"' text"), "plain <&>\"' text");
  EXPECT_EQ(xml_safe("\t\r\n"), "\t\r\n");
  EXPECT_EQ(xml_safe(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(xml_safe("\x01\x1B[31m\x7F"), "\\x01\\x1B[31m\\x7F");
  EXPECT_EQ(xml_safe("é € 😀 \xEF\xBF\xBD"), "é € 😀 \xEF\xBF\xBD");  // U+FFFD is fine
  EXPECT_EQ(xml_safe("\xEF\xBF\xBE\xEF\xBF\xBF"), "\\xEF\\xBF\\xBE\\xEF\\xBF\\xBF");
  EXPECT_EQ(xml_safe("\xC0\xAF"), "\\xC0\\xAF");                    // overlong '/'
  EXPECT_EQ(xml_safe("\xED\xA0\x80"), "\\xED\\xA0\\x80");           // a UTF-16 surrogate
  EXPECT_EQ(xml_safe("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(xml_safe("\x80x"), "\\x80x");                           // lone continuation byte
  EXPECT_EQ(xml_safe("\xE2\x82"), "\\xE2\\x82");                    // truncated at the end
  EXPECT_EQ(xml_safe("\xE2\x82x"), "\\xE2\\x82x");                  // truncated in the middle
  EXPECT_EQ(xml_safe("\xC2\x85"), "\xC2\x85");                      // U+0085 is an XML character
}

TEST(JunitTimestamp, IsUtcWithoutZone) {
  EXPECT_EQ(junit_timestamp(std::chrono::system_clock::time_point(1714564800s)),
            "2024-05-01T12:00:00");
}

// The golden file is the reviewed form of the report; ATC_UPDATE_GOLDEN=1 rewrites it.
void check_golden(const RunResult& run, const std::string& name) {
  const fs::path golden = fs::path(ATC_GOLDEN_DIR) / name;
  std::string actual = normalise(to_junit_xml(run));
  if (std::getenv("ATC_UPDATE_GOLDEN") != nullptr) spit(golden, actual);
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with ATC_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, slurp(golden)) << "report differs from " << golden;
  EXPECT_EQ(test::schema_problems(golden), "");
}

TEST(JunitGolden, PassFailErrorSkip) {
  check_golden(sample_run(), "pass_fail_error_skip.xml");
}

TEST(JunitGolden, EmptyRun) {
  RunResult run;
  run.started = std::chrono::system_clock::time_point(1714564800s);
  run.hostname = "h";
  check_golden(run, "empty_run.xml");
}

TEST(JunitWriter, CountsAndStructure) {
  TempDir dir;
  fs::path file = dir.path() / "r.xml";
  write_junit(sample_run(), file);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(file.c_str()));
  auto root = doc.child("testsuites");
  EXPECT_EQ(root.attribute("tests").as_int(), 4);
  EXPECT_EQ(root.attribute("failures").as_int(), 1);
  EXPECT_EQ(root.attribute("errors").as_int(), 1);
  EXPECT_EQ(root.attribute("skipped").as_int(), 1);
  auto wifi = root.find_child_by_attribute("testsuite", "name", "WiFi");
  ASSERT_TRUE(wifi);
  EXPECT_EQ(wifi.attribute("tests").as_int(), 2);
  EXPECT_STREQ(wifi.child("properties")
                   .find_child_by_attribute("property", "name", "rig")
                   .attribute("value")
                   .value(),
               "sim-esp32");
  auto join = wifi.find_child_by_attribute("testcase", "name", "JoinsConfiguredAp");
  EXPECT_STREQ(join.attribute("classname").value(), "WiFi.Join");
  EXPECT_STREQ(join.child("error").attribute("message").value(),
               "RIG ERROR: fixture ap: cannot bind 127.0.0.1:8266 (Address already in use)");
  auto fail = root.find_child_by_attribute("testsuite", "name", "Basic")
                  .find_child_by_attribute("testcase", "name", "EchoOnAfterAte1");
  EXPECT_STREQ(fail.child("failure").attribute("message").value(),
               "suites/basic/echo.cpp:47: echo of \"AT\" expected after ATE1");
  EXPECT_NE(std::string(fail.child("failure").text().get()).find("tail: OK"), std::string::npos);
  EXPECT_EQ(test::schema_problems(file), "");
}

std::string every_byte() {
  std::string s;
  for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
  return s;
}

TEST(JunitWriter, HostileBytesStayValidXml) {
  const std::string hostile = every_byte() + "]]>" + "<tag attr=\"x\">&amp;&#01;" +
                              "\xC0\xAF\xED\xA0\x80\xF5\xFF\xFE\xEF\xBF\xBE\xEF\xBF\xBF\xE2\x82" +
                              "]]>]]]]><![CDATA[x]]>" + every_byte();
  RunResult run = sample_run();
  run.name = hostile;
  run.hostname = hostile;
  run.set_property(hostile, hostile);
  for (auto& t : run.tests) {
    t.chapter += hostile;
    t.suite += hostile;
    t.name += hostile;
    t.file += hostile;
    t.purpose = hostile;
    t.message = hostile + "\n" + hostile;
    t.transcripts = {{"dut", hostile}};
    t.properties.emplace_back(hostile, hostile);
  }
  run.tests[0].verdict = Verdict::pass;  // keep one of each verdict

  TempDir dir;
  fs::path file = dir.path() / "hostile.xml";
  write_junit(run, file);

  pugi::xml_document doc;
  auto parsed = doc.load_file(file.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << " at offset " << parsed.offset;
  EXPECT_EQ(test::schema_problems(file), "");
  EXPECT_EQ(test::run_tool("xmllint --noout '" + file.string() + "'").status, 0);

  // What a reader gets back is exactly the escaped form (CR LF aside: XML parsers fold them).
  auto fold_cr = [](std::string s) {
    s = std::regex_replace(s, std::regex("\r\n"), "\n");
    std::replace(s.begin(), s.end(), '\r', '\n');
    return s;
  };
  auto tc = doc.child("testsuites").child("testsuite").child("testcase");
  EXPECT_EQ(fold_cr(tc.child("system-out").text().get()), fold_cr(xml_safe(hostile)));
  EXPECT_EQ(std::string(tc.attribute("name").value()), xml_safe("EchoOffAfterAte0" + hostile));
}

TEST(JunitWriter, WritesAtomicallyAndCreatesDirectories) {
  TempDir dir;
  fs::path file = dir.path() / "nested" / "deeper" / "report.xml";
  write_junit(sample_run(), file);
  ASSERT_TRUE(fs::exists(file));
  RunResult other = sample_run();
  other.tests.resize(1);
  write_junit(other, file);  // replaces
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(file.c_str()));
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(), 1);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
  EXPECT_EQ(entries, 1) << "a temporary file was left behind";
}

TEST(JunitWriter, UnwritablePathThrowsNamingIt) {
  TempDir dir;
  fs::path blocker = dir.path() / "file";
  spit(blocker, "x");
  fs::path bad = blocker / "report.xml";  // a file where a directory should be
  try {
    write_junit(sample_run(), bad);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace atc::report
