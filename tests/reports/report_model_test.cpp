// Reports made from reports: the JUnit reader (the writer's inverse), the timeline parser, the
// clause matrix, merging shards (every problem named), the certificate, the plot figures, and
// the transcript attachments.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/certificate.hpp"
#include "reports/clause_matrix.hpp"
#include "reports/junit_reader.hpp"
#include "reports/junit_writer.hpp"
#include "reports/merge.hpp"
#include "reports/plot_data.hpp"
#include "reports/timeline.hpp"
#include "tests/reports/xml_check.hpp"

namespace atc::report {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TestResult make_test(const std::string& chapter, const std::string& name, Verdict v,
                     const std::string& clause, const std::string& message = "") {
  TestResult t;
  t.chapter = chapter;
  t.suite = chapter;
  t.name = name;
  t.verdict = v;
  t.message = message;
  t.seconds = 0.25;
  t.file = "suites/x.cpp";
  t.line = 7;
  t.purpose = "Ensure that " + name;
  if (!clause.empty()) t.properties.emplace_back("atc.clause", clause);
  return t;
}

RunResult base_run(const std::string& rig = "sim-esp32", const std::string& chip = "esp32") {
  RunResult run;
  run.name = "atconform " + rig;
  run.started = std::chrono::system_clock::time_point(1714564800s);
  run.seconds = 10;
  run.hostname = "h";
  run.set_property("rig", rig);
  run.set_property("chip", chip);
  run.set_property("profile", "p");
  run.set_property("profile.sha256", "abc");
  run.set_property("run.id", "r1");
  run.set_property("gmr.1", "AT version:1.1.0.0");
  run.set_property("atconform.version", "0.1.0");
  return run;
}

std::string junit_of(const RunResult& r) {
  return to_junit_xml(r);
}

ReportInput input_of(const std::string& path, const RunResult& r) {
  return {path, "sha-" + path, read_junit_xml(junit_of(r), path)};
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "atc-model-XXXXXX").string();
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

// --- the reader -----------------------------------------------------------------------------

TEST(JunitReader, ReadsBackWhatTheWriterWrote) {
  RunResult run = base_run();
  TestResult a = make_test("Basic", "Echo", Verdict::fail, "esp32 §3.2.5",
                           "suites/x.cpp:9: no echo\n  tail: OK");
  a.transcripts = {{"dut", "       1.000 ms  tx  \"ATE1\\r\\n\"\n"},
                   {"b", "       2.000 ms  rx  \"OK\\r\\n\"\n"}};
  a.peers = "       1.500 ms  udp peer  datagram 40 B\n";
  a.attachment = "out/junit-transcripts/Basic.Basic.Echo.txt";
  a.properties.emplace_back("atc.measure.boot_ms", "812 ms");
  TestResult b =
      make_test("WiFi", "Wps", Verdict::skipped, "esp32 §4.2.13", "PICS: wps not claimed");
  TestResult c = make_test("WiFi", "Join", Verdict::error, "esp32 §4.2.2", "RIG ERROR: x");
  TestResult d = make_test("WiFi", "Mode", Verdict::pass, "esp32 §4.2.1");
  d.transcripts = {{"dut", "       3.000 ms  rx  \"OK\\r\\n\"\n"}};
  run.tests = {a, b, c, d};

  const auto back = read_junit_xml(junit_of(run), "x.xml");
  ASSERT_EQ(back.size(), 1u);
  const RunResult& r = back[0];
  EXPECT_EQ(r.name, run.name);
  EXPECT_EQ(r.properties, run.properties);
  EXPECT_EQ(r.started, run.started);
  EXPECT_DOUBLE_EQ(r.seconds, 10);
  ASSERT_EQ(r.tests.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const TestResult& want = run.tests[i];
    const TestResult& got = r.tests[i];
    EXPECT_EQ(got.full_name(), want.full_name());
    EXPECT_EQ(got.chapter, want.chapter);
    EXPECT_EQ(got.verdict, want.verdict) << want.name;
    EXPECT_EQ(got.message, want.message) << want.name;
    EXPECT_EQ(got.purpose, want.purpose);
    EXPECT_EQ(got.properties, want.properties);
    EXPECT_EQ(got.transcripts, want.transcripts) << want.name;
    EXPECT_EQ(got.peers, want.peers);
    EXPECT_EQ(got.attachment, want.attachment);
    EXPECT_EQ(got.file, want.file);
    EXPECT_EQ(got.line, want.line);
  }
}

TEST(JunitReader, KeepsEachRigOfAMergedFileApart) {
  RunResult a = base_run("rig-a");
  a.tests = {make_test("Basic", "At", Verdict::pass, "esp32 §3.2.1")};
  RunResult b = base_run("rig-b", "esp8266");
  b.tests = {make_test("Basic", "At", Verdict::fail, "esp8266 §3.2.1", "x")};
  const std::string xml = to_junit_xml(std::vector<RunResult>{a, b});
  EXPECT_NE(xml.find("classname=\"rig-a.Basic.Basic\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("classname=\"rig-b.Basic.Basic\""), std::string::npos);
  const auto back = read_junit_xml(xml, "m.xml");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].property("rig"), "rig-a");
  EXPECT_EQ(back[1].property("chip"), "esp8266");
  ASSERT_EQ(back[1].tests.size(), 1u);
  EXPECT_EQ(back[1].tests[0].chapter, "Basic");
  EXPECT_EQ(back[1].tests[0].suite, "Basic");
  EXPECT_EQ(back[1].tests[0].verdict, Verdict::fail);
}

TEST(JunitReader, ARunWithoutTestsKeepsItsIdentity) {
  RunResult run = base_run();
  run.set_property("shard", "3/3");
  const std::string xml = junit_of(run);
  const auto back = read_junit_xml(xml, "e.xml");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].property("shard"), "3/3");
  EXPECT_TRUE(back[0].tests.empty());
}

TEST(JunitReader, NamesTheSourceOfBadInput) {
  try {
    read_junit_xml("<testsuites><testsuite>", "broken.xml");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("broken.xml"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_junit_xml("<html/>", "page.xml"), std::runtime_error);
  EXPECT_THROW(read_junit_file("/nonexistent/report.xml"), std::runtime_error);
}

// --- the timeline ---------------------------------------------------------------------------

TEST(Timeline, InterleavesTranscriptsAndPeersOnOneAxis) {
  TestResult t;
  t.transcripts = {{"dut",
                    "      10.000 ms  tx  \"AT+CIPSEND\\r\\n\"\n"
                    "      12.500 ms  rx  \"OK\\r\\n> \"\n"
                    "      30.000 ms  --  recovery: resync\n"},
                   {"b", "      11.000 ms  rx  \"+IPD,4:a\\x00\\\"b\"\n"}};
  t.peers = "      20.000 ms  udp peer  datagram 4 B\nnot a rendered line\n";
  const auto e = timeline_of(t);
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].kind, TimelineEntry::Kind::tx);
  EXPECT_EQ(e[0].text, "AT+CIPSEND\\r\\n");
  EXPECT_EQ(e[1].source, "b");
  EXPECT_DOUBLE_EQ(e[1].ms, 11.0);
  EXPECT_EQ(e[2].kind, TimelineEntry::Kind::rx);
  EXPECT_EQ(e[3].kind, TimelineEntry::Kind::peer);
  EXPECT_EQ(e[3].source, "udp peer");
  EXPECT_EQ(e[3].text, "datagram 4 B");
  EXPECT_EQ(e[4].text, "not a rendered line");  // kept, at the time before it
  EXPECT_DOUBLE_EQ(e[4].ms, 20.0);
  EXPECT_EQ(e[5].kind, TimelineEntry::Kind::note);
  EXPECT_EQ(e[5].text, "recovery: resync");
}

TEST(Timeline, UnescapeIsTheInverseOfTheTranscriptEscaping) {
  EXPECT_EQ(unescape("OK\\r\\n\\t\\\\\\\"\\x00\\xFF\\x7f"),
            std::string("OK\r\n\t\\\"\0\xFF\x7F", 10));
  EXPECT_EQ(unescape("\\x4"), "\\x4");  // a truncated escape stays as it is
}

// --- the clause matrix ----------------------------------------------------------------------

const SectionResult& row_of(const std::vector<SectionResult>& rows, const std::string& clause) {
  for (const auto& r : rows)
    if (r.section->clause.text() == clause) return r;
  throw std::runtime_error("no row " + clause);
}

TEST(ClauseMatrix, EverySectionOfTheChipsDocumentWithItsStanding) {
  RunResult run = base_run();
  run.set_property("suite.clauses",
                   "esp32 §3.2.1,esp32 §3.2.2,esp32 §3.2.5,esp32 §4.2.13,"
                   "esp32 §5.2.10,esp32 §3.2.3,esp32 §9.1,esp32 §4.2.2");
  run.tests = {
      make_test("Basic", "A1", Verdict::pass, "esp32 §3.2.1"),
      make_test("Basic", "A2", Verdict::pass, "esp32 §3.2.1"),
      make_test("Basic", "E1", Verdict::pass, "esp32 §3.2.5"),
      make_test("Basic", "E2", Verdict::fail, "esp32 §3.2.5", "x"),
      make_test("WiFi", "W", Verdict::skipped, "esp32 §4.2.13", "PICS: wps not claimed"),
      make_test("Pt", "P", Verdict::skipped, "esp32 §5.2.10", "PIXIT: the rig has no fast UART"),
      make_test("Ex", "X1", Verdict::pass, "esp32 §9.1"),
      make_test("Ex", "X2", Verdict::skipped, "esp32 §9.1", "PIXIT: no role b"),
      make_test("WiFi", "J", Verdict::error, "esp32 §4.2.2", "RIG ERROR"),
  };
  // ERROR answers the passing tests required count for the section; a failed test's do not
  // (it did not finish), and a garbled count is none.
  run.tests[0].properties.emplace_back("atc.checks.error_answered", "3");
  run.tests[1].properties.emplace_back("atc.checks.error_answered", "2");
  run.tests[2].properties.emplace_back("atc.checks.error_answered", "x1");
  run.tests[3].properties.emplace_back("atc.checks.error_answered", "5");
  // A preamble saw AT+RST misbehave in another test: §3.2.2 fails though no test names it.
  run.tests.back().verdict = Verdict::fail;
  run.tests.back().properties.emplace_back("atc.clause.failed", "esp32 §3.2.2");
  const auto rows = clause_matrix(run);
  std::size_t esp32_sections = 0;
  for (const Section& s : document_sections()) esp32_sections += s.clause.chip == Chip::esp32;
  EXPECT_EQ(rows.size(), esp32_sections);

  EXPECT_EQ(standing_text(row_of(rows, "esp32 §3.2.1")), "pass");
  EXPECT_EQ(standing_text(row_of(rows, "esp32 §3.2.5")), "fail");
  EXPECT_EQ(row_of(rows, "esp32 §4.2.13").standing, Standing::not_claimed);
  EXPECT_EQ(standing_text(row_of(rows, "esp32 §4.2.13")),
            "not claimed by the build's profile (PICS)");
  EXPECT_EQ(row_of(rows, "esp32 §5.2.10").standing, Standing::not_possible);
  EXPECT_EQ(row_of(rows, "esp32 §9.1").standing, Standing::partial);
  EXPECT_EQ(row_of(rows, "esp32 §9.1").verdict, Verdict::skipped);
  EXPECT_EQ(row_of(rows, "esp32 §3.2.2").verdict, Verdict::fail);
  EXPECT_EQ(row_of(rows, "esp32 §3.2.2").failed_elsewhere, 1u);
  EXPECT_EQ(row_of(rows, "esp32 §3.2.3").standing, Standing::not_run);
  EXPECT_EQ(row_of(rows, "esp32 §3.2.4").standing, Standing::not_covered);
  EXPECT_EQ(standing_text(row_of(rows, "esp32 §3.2.4")), "not covered by this suite version");
  EXPECT_EQ(standing_word(row_of(rows, "esp32 §3.2.5")), "FAIL");
  EXPECT_EQ(row_of(rows, "esp32 §3.2.1").error_answers, 5u);
  EXPECT_EQ(row_of(rows, "esp32 §3.2.5").error_answers, 0u);
}

TEST(ClauseMatrix, EmptyWithoutAKnownChip) {
  RunResult run = base_run();
  run.set_property("chip", "esp99");
  EXPECT_TRUE(clause_matrix(run).empty());
}

// --- merging shards -------------------------------------------------------------------------

RunResult shard(int i, int n, std::vector<TestResult> tests) {
  RunResult r = base_run();
  r.set_property("shard", std::to_string(i) + "/" + std::to_string(n));
  r.tests = std::move(tests);
  r.started += std::chrono::seconds(i);
  return r;
}

TEST(Merge, TwoShardsMakeOneRun) {
  const auto a = shard(1, 2, {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")});
  const auto b = shard(2, 2, {make_test("Basic", "B", Verdict::fail, "esp32 §3.2.2", "x")});
  const auto m = merge_runs({input_of("b.xml", b), input_of("a.xml", a)});
  EXPECT_TRUE(m.problems.empty()) << m.problems.front();
  ASSERT_EQ(m.runs.size(), 1u);
  const RunResult& r = m.runs[0];
  ASSERT_EQ(r.tests.size(), 2u);
  EXPECT_EQ(r.tests[0].name, "A");  // shard order, whatever the order given
  EXPECT_EQ(r.property("shard"), "");
  EXPECT_EQ(r.property("shards"), "1/2, 2/2");
  EXPECT_EQ(r.property("gmr.1"), "AT version:1.1.0.0");
}

TEST(Merge, AMissingShardIsNamed) {
  const auto a = shard(1, 3, {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")});
  const auto c = shard(3, 3, {make_test("Basic", "C", Verdict::pass, "esp32 §3.2.1")});
  const auto m = merge_runs({input_of("a.xml", a), input_of("c.xml", c)});
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_EQ(m.problems[0], "missing shard 2/3 of run r1 on rig sim-esp32");
  EXPECT_EQ(m.runs[0].property("merge.problem.1"), m.problems[0]);
}

TEST(Merge, ShardsThatDisagreeOnTheFirmwareAreNamed) {
  const auto a = shard(1, 2, {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")});
  auto b = shard(2, 2, {make_test("Basic", "B", Verdict::pass, "esp32 §3.2.1")});
  b.set_property("gmr.1", "AT version:2.0.0.0");
  const auto m = merge_runs({input_of("a.xml", a), input_of("b.xml", b)});
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_NE(m.problems[0].find("gmr.1"), std::string::npos) << m.problems[0];
  EXPECT_NE(m.problems[0].find("b.xml"), std::string::npos);
  EXPECT_NE(m.problems[0].find("AT version:2.0.0.0"), std::string::npos);
}

TEST(Merge, AShardGivenTwice) {
  const auto a = shard(1, 2, {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")});
  const auto b = shard(2, 2, {make_test("Basic", "B", Verdict::pass, "esp32 §3.2.1")});
  auto same = merge_runs({input_of("a.xml", a), input_of("b.xml", b), input_of("a2.xml", a)});
  EXPECT_TRUE(same.problems.empty());
  ASSERT_EQ(same.notes.size(), 1u);
  EXPECT_NE(same.notes[0].find("a2.xml"), std::string::npos);
  EXPECT_EQ(same.runs[0].tests.size(), 2u);

  auto other = shard(1, 2, {make_test("Basic", "A", Verdict::fail, "esp32 §3.2.1", "x")});
  auto diff = merge_runs({input_of("a.xml", a), input_of("b.xml", b), input_of("a3.xml", other)});
  ASSERT_EQ(diff.problems.size(), 1u);
  EXPECT_NE(diff.problems[0].find("same shard with different results"), std::string::npos);
}

TEST(Merge, OverlapsAndMixedReportsAreNamed) {
  const auto a = shard(1, 2, {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")});
  const auto b = shard(2, 2, {make_test("Basic", "A", Verdict::fail, "esp32 §3.2.1", "x")});
  auto overlap = merge_runs({input_of("a.xml", a), input_of("b.xml", b)});
  ASSERT_EQ(overlap.problems.size(), 1u);
  EXPECT_NE(overlap.problems[0].find("Basic.A is in shard 1/2"), std::string::npos)
      << overlap.problems[0];

  RunResult whole = base_run();
  whole.tests = {make_test("Basic", "Z", Verdict::pass, "esp32 §3.2.1")};
  auto mixed = merge_runs({input_of("a.xml", a), input_of("w.xml", whole)});
  bool named = false;
  for (const auto& p : mixed.problems)
    named |= p.find("unsharded report beside shards") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(Merge, RigsStaySideBySide) {
  auto a = base_run("rig-a");
  a.tests = {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")};
  auto b = base_run("rig-b", "esp8266");
  b.tests = {make_test("Basic", "A", Verdict::pass, "esp8266 §3.2.1")};
  const auto m = merge_runs({input_of("a.xml", a), input_of("b.xml", b)});
  EXPECT_TRUE(m.problems.empty());
  ASSERT_EQ(m.runs.size(), 2u);
  EXPECT_EQ(m.runs[1].property("chip"), "esp8266");
}

TEST(Merge, AReportOfAnotherToolIsRefusedByName) {
  TempDir dir;
  const fs::path file = dir.path() / "other.xml";
  std::ofstream(file) << "<testsuites><testsuite name=\"x\"><properties><property name=\"a\" "
                         "value=\"b\"/></properties><testcase name=\"t\"/></testsuite>"
                         "</testsuites>";
  try {
    load_report(file.string());
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string() + ": not an atconform report"),
              std::string::npos)
        << e.what();
  }
  RunResult ours = base_run();
  ours.tests = {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1")};
  const fs::path good = dir.path() / "ours.xml";
  write_junit(ours, good);
  const ReportInput in = load_report(good.string());
  EXPECT_EQ(in.sha256.size(), 64u);
  EXPECT_EQ(in.runs.size(), 1u);
}

TEST(Merge, ShardText) {
  int i = 0, n = 0;
  EXPECT_TRUE(parse_shard("2/3", i, n));
  EXPECT_EQ(i, 2);
  EXPECT_EQ(n, 3);
  for (const char* bad : {"0/2", "3/2", "1/", "/2", "a/b", "1-2", "", "1/2/3"})
    EXPECT_FALSE(parse_shard(bad, i, n)) << bad;
}

// --- the certificate ------------------------------------------------------------------------

TEST(Certificate, StatesEachSectionTheFirmwareAndTheHashes) {
  auto a = shard(1, 2,
                 {make_test("Basic", "A", Verdict::pass, "esp32 §3.2.1"),
                  make_test("WiFi", "W", Verdict::skipped, "esp32 §4.2.13", "PICS: wps")});
  a.tests[0].properties.emplace_back("atc.checks.error_answered", "4");
  auto c = shard(2, 2, {make_test("Basic", "B", Verdict::fail, "esp32 §3.2.2", "x")});
  a.set_property("suite.clauses", "esp32 §3.2.1,esp32 §3.2.2,esp32 §4.2.13");
  c.set_property("suite.clauses", a.property("suite.clauses"));
  std::vector<ReportInput> in = {input_of("a.xml", a), input_of("c.xml", c)};
  const auto merged = merge_runs(in);
  CertificateOptions o;
  o.tool_version = "9.9.9";
  o.issued = std::chrono::system_clock::time_point(1714564800s);
  const std::string md = certificate_markdown(in, merged, o);
  EXPECT_NE(md.find("Issued 2024-05-01T12:00:00 UTC by atconform 9.9.9"), std::string::npos);
  EXPECT_NE(md.find("Status: complete"), std::string::npos);
  EXPECT_NE(md.find("`" + reports_digest(in) + "`"), std::string::npos);
  EXPECT_NE(md.find("| a.xml | `sha-a.xml` |"), std::string::npos);
  EXPECT_NE(md.find("AT version:1.1.0.0"), std::string::npos);
  EXPECT_NE(md.find("p, SHA-256 abc"), std::string::npos);
  EXPECT_NE(md.find("| esp32 §3.2.1 | AT | Tests AT Startup | pass | 1 | 4 |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| esp32 §3.2.2 | AT+RST | Restarts the Module | fail | 1 | 0 |"),
            std::string::npos);
  EXPECT_NE(md.find("| esp32 §4.2.13 |"), std::string::npos);
  EXPECT_NE(md.find("not claimed by the build's profile (PICS) | 1 |"), std::string::npos);
  EXPECT_NE(md.find("not covered by this suite version | 0 |"), std::string::npos);

  // Without shard 2 the certificate says it is incomplete and names the missing shard.
  std::vector<ReportInput> part = {in[0]};
  const std::string partial = certificate_markdown(part, merge_runs(part), o);
  EXPECT_NE(partial.find("Status: INCOMPLETE"), std::string::npos);
  EXPECT_NE(partial.find("missing shard 2/2 of run r1 on rig sim-esp32"), std::string::npos);
  const std::string html = certificate_html(part, merge_runs(part), o);
  EXPECT_NE(html.find("missing shard 2/2"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v pass\">pass</td><td>1</td><td>4</td>"), std::string::npos)
      << html;
}

TEST(Certificate, DigestDependsOnEveryReportNotTheirOrder) {
  std::vector<ReportInput> a = {{"x", "11", {}}, {"y", "22", {}}};
  std::vector<ReportInput> b = {{"y", "22", {}}, {"x", "11", {}}};
  std::vector<ReportInput> c = {{"x", "11", {}}, {"y", "23", {}}};
  EXPECT_EQ(reports_digest(a), reports_digest(b));
  EXPECT_NE(reports_digest(a), reports_digest(c));
  EXPECT_EQ(reports_digest(a).size(), 64u);
}

// --- plot figures ---------------------------------------------------------------------------

TEST(PlotData, LatencyBootPacketsAndMeasures) {
  RunResult run = base_run();
  TestResult t = make_test("Basic", "Rst", Verdict::pass, "esp32 §3.2.2");
  t.transcripts = {{"dut",
                    "       0.000 ms  tx  \"AT+RST\\r\\n\"\n"
                    "       1.000 ms  rx  \"AT+RST\\r\\n\"\n"
                    "       4.000 ms  rx  \"\\r\\nOK\\r\\n\"\n"
                    "     300.000 ms  rx  \"\\x00\\xFFgarbage\\r\\nready\\r\\n\"\n"
                    "     310.000 ms  tx  \"AT+CWJAP=\\\"a\\\",\\\"b\\\"\\r\\n\"\n"
                    "     410.000 ms  rx  \"WIFI CONNECTED\\r\\n\"\n"
                    "     510.000 ms  rx  \"\\r\\nOK\\r\\n\"\n"
                    "     600.000 ms  tx  \"data, not a command\"\n"
                    "     700.000 ms  --  hardware reset: RTS released (EN high)\n"
                    "     950.000 ms  rx  \"ready\\r\\n\"\n"}};
  t.peers =
      "      10.000 ms  udp peer  datagram 40 B\n"
      "      30.500 ms  udp peer  datagram 400 B\n"
      "      50.000 ms  udp peer  datagram 2048 B\n";
  t.properties.emplace_back("atc.measure.packet_0_bytes", "2048 B");
  t.properties.emplace_back("atc.measure.throughput_uart_to_net_Bps", "81234 B/s");
  run.tests = {t};
  const PlotData d = plot_data(run);
  ASSERT_EQ(d.latency_ms.count("AT+RST"), 1u);
  EXPECT_DOUBLE_EQ(d.latency_ms.at("AT+RST")[0], 4.0);
  EXPECT_DOUBLE_EQ(d.latency_ms.at("AT+CWJAP")[0], 200.0);
  EXPECT_EQ(d.latency_ms.size(), 2u);
  ASSERT_EQ(d.boot_ms.size(), 2u);
  EXPECT_DOUBLE_EQ(d.boot_ms[0].value, 300.0);
  EXPECT_EQ(d.boot_ms[0].label, "after AT+RST");
  EXPECT_DOUBLE_EQ(d.boot_ms[1].value, 250.0);
  ASSERT_EQ(d.packets.size(), 2u);
  EXPECT_DOUBLE_EQ(d.packets[0].interval_ms, 20.5);
  EXPECT_DOUBLE_EQ(d.packets[1].bytes, 2048);
  ASSERT_EQ(d.packet_bytes.size(), 1u);
  EXPECT_DOUBLE_EQ(d.packet_bytes[0].value, 2048);
  ASSERT_EQ(d.throughput_Bps.size(), 1u);
  EXPECT_DOUBLE_EQ(d.throughput_Bps[0].value, 81234);
  EXPECT_EQ(command_name("AT+CIPSEND=0,4\r\n"), "AT+CIPSEND");
  EXPECT_EQ(command_name("AT\r\n"), "AT");
  EXPECT_EQ(command_name("+++"), "");
}

// --- attachments ----------------------------------------------------------------------------

TEST(Attachments, EachTestsTranscriptIsAFileTheJunitNames) {
  TempDir dir;
  RunResult run = base_run();
  TestResult a = make_test("Basic", "Echo", Verdict::pass, "esp32 §3.2.5");
  a.transcripts = {{"dut", "       1.000 ms  tx  \"ATE1\\r\\n\"\n"}};
  TestResult p = make_test("Basic", "Param/0", Verdict::pass, "esp32 §3.2.5");
  p.transcripts = {{"dut", "       2.000 ms  tx  \"AT\\r\\n\"\n"}};
  TestResult skip = make_test("Basic", "Skip", Verdict::skipped, "esp32 §3.2.6", "PICS: x");
  run.tests = {a, p, skip};
  const fs::path junit = dir.path() / "junit-x.xml";
  attach_transcripts(run, junit);
  EXPECT_EQ(run.tests[0].attachment,
            (dir.path() / "junit-x-transcripts/Basic.Basic.Echo.txt").string());
  EXPECT_EQ(run.tests[1].attachment,
            (dir.path() / "junit-x-transcripts/Basic.Basic.Param_0.txt").string());
  EXPECT_TRUE(run.tests[2].attachment.empty()) << "a skipped test has no traffic";
  std::ifstream in(run.tests[0].attachment);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("ATE1"), std::string::npos);
  write_junit(run, junit);
  std::ifstream j(junit);
  std::stringstream xml;
  xml << j.rdbuf();
  EXPECT_NE(xml.str().find("\n[[ATTACHMENT|" + run.tests[0].attachment + "]]\n"),
            std::string::npos);
  EXPECT_EQ(test::schema_problems(junit), "");

  // A relative JUnit path gives relative references (GitLab resolves them in the project).
  RunResult rel = run;
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  attach_transcripts(rel, "out/junit-y.xml");
  fs::current_path(cwd);
  EXPECT_EQ(rel.tests[0].attachment, "out/junit-y-transcripts/Basic.Basic.Echo.txt");
}

}  // namespace
}  // namespace atc::report
