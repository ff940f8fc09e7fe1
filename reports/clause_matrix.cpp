#include "reports/clause_matrix.hpp"

#include <charconv>
#include <set>
#include <sstream>

#include "verdict/property_keys.hpp"

namespace atc::report {
namespace {

enum class SkipKind { pics, pixit, other };

// The decision's reason says which (harness/testing/decision.cpp writes "PICS: ..." or
// "PIXIT: ..." and nothing else decides a skip).
SkipKind skip_kind(const std::string& reason) {
  if (reason.rfind("PICS:", 0) == 0) return SkipKind::pics;
  if (reason.rfind("PIXIT:", 0) == 0) return SkipKind::pixit;
  return SkipKind::other;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// A count property ("12"); anything else (absent, garbled by a hand-edited report) is 0.
std::size_t count_property(const TestResult& t, std::string_view key) {
  const std::string v = t.property(key);
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return ec == std::errc() && end == v.data() + v.size() ? n : 0;
}

}  // namespace

std::optional<Chip> run_chip(const RunResult& run) {
  return chip_from_string(run.property("chip"));
}

std::vector<SectionResult> clause_matrix(const RunResult& run) {
  std::vector<SectionResult> rows;
  const auto chip = run_chip(run);
  if (!chip) return rows;
  const auto covered_list = split_list(run.property("suite.clauses"));
  const std::set<std::string> covered(covered_list.begin(), covered_list.end());

  for (const Section& s : document_sections()) {
    if (s.clause.chip != *chip) continue;
    SectionResult r;
    r.section = &s;
    const std::string key = s.clause.text();
    Verdict worst = Verdict::pass;
    bool any_pics = false, any_pixit = false, any_other = false;
    for (std::size_t i = 0; i < run.tests.size(); ++i) {
      const TestResult& t = run.tests[i];
      const bool own = t.property("atc.clause") == key;
      bool elsewhere = false;
      if (!own && (t.verdict == Verdict::fail || t.verdict == Verdict::error)) {
        for (const auto& c : split_list(t.property("atc.clause.failed"))) elsewhere |= c == key;
      }
      if (!own && !elsewhere) continue;
      r.tests.push_back(i);
      if (elsewhere) {
        ++r.failed_elsewhere;
        escalate(worst, Verdict::fail);
        continue;
      }
      escalate(worst, t.verdict);
      switch (t.verdict) {
        case Verdict::pass:
          ++r.passed;
          r.error_answers += count_property(t, keys::kErrorAnswered);
          break;
        case Verdict::fail:
          ++r.failed;
          break;
        case Verdict::error:
          ++r.errored;
          break;
        case Verdict::skipped: {
          ++r.skipped;
          const SkipKind k = skip_kind(t.message);
          any_pics |= k == SkipKind::pics;
          any_pixit |= k == SkipKind::pixit;
          any_other |= k == SkipKind::other;
          break;
        }
      }
    }
    r.verdict = worst;
    if (r.tests.empty()) {
      r.standing = covered.count(key) ? Standing::not_run : Standing::not_covered;
    } else if (worst != Verdict::skipped) {
      r.standing = Standing::verdict;
    } else if (r.passed > 0) {
      r.standing = Standing::partial;
    } else if (any_other) {
      r.standing = Standing::skipped;
    } else if (any_pixit) {
      r.standing = Standing::not_possible;
    } else {
      r.standing = any_pics ? Standing::not_claimed : Standing::skipped;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string standing_text(const SectionResult& r) {
  switch (r.standing) {
    case Standing::verdict:
      if (r.verdict == Verdict::error) return "error (the rig could not run a test)";
      return std::string(to_string(r.verdict));
    case Standing::partial:
      return "partial: " + std::to_string(r.passed) + " pass, " + std::to_string(r.skipped) +
             " skipped (PICS/PIXIT)";
    case Standing::not_claimed:
      return "not claimed by the build's profile (PICS)";
    case Standing::not_possible:
      return "not possible on this rig (PIXIT)";
    case Standing::skipped:
      return "skipped";
    case Standing::not_run:
      return "not run in this run (filter or shard)";
    case Standing::not_covered:
      return "not covered by this suite version";
  }
  return "?";
}

std::string standing_word(const SectionResult& r) {
  switch (r.standing) {
    case Standing::verdict:
      return std::string(verdict_word(r.verdict));
    case Standing::partial:
      return "PARTIAL";
    case Standing::not_claimed:
      return "PICS";
    case Standing::not_possible:
      return "PIXIT";
    case Standing::skipped:
      return "SKIP";
    case Standing::not_run:
      return "NOT RUN";
    case Standing::not_covered:
      return "NOT COVERED";
  }
  return "?";
}

std::string standing_class(const SectionResult& r) {
  switch (r.standing) {
    case Standing::verdict:  // pass, fail or error: a worst verdict of skipped is a standing
      return std::string(to_string(r.verdict));
    case Standing::partial:
      return "partial";
    case Standing::not_claimed:
      return "pics";
    case Standing::not_possible:
      return "pixit";
    case Standing::skipped:
      return "skip";
    case Standing::not_run:
      return "notrun";
    case Standing::not_covered:
      return "uncovered";
  }
  return "uncovered";
}

}  // namespace atc::report
