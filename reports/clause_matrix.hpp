#pragma once
// The clause matrix of a run: every section of the DUT chip's document (data/commands.csv, the
// coverage denominator, and data/clauses.csv, §7-§10) with what the run says of it:
//
//   the verdict       the worst of the tests naming the section (`atc.clause`) by the ranking
//                     pass < skipped < fail < error; a failure naming it in
//                     `atc.clause.failed` (the command misbehaved in another test) is a fail
//   partial           some tests passed, the others were skipped (worst: skipped)
//   not claimed       every test naming it was skipped for PICS (the profile does not claim it)
//   not possible      skipped for PIXIT (this rig cannot run it) or PICS and PIXIT together
//   not run           this suite version has tests for it, none ran here (filter, shard)
//   not covered       this suite version has no test for it
//
// "Has tests for it" comes from the run property `suite.clauses` (the clauses of the chip the
// program's tests name, whatever the filter); without it, a section no test named is "not
// covered". The HTML report and the certificate both read this one table.
#include <optional>
#include <string>
#include <vector>

#include "reports/run_result.hpp"
#include "spec/sections.hpp"

namespace atc::report {

enum class Standing { verdict, partial, not_claimed, not_possible, skipped, not_run, not_covered };

struct SectionResult {
  const Section* section = nullptr;
  Standing standing = Standing::not_covered;
  Verdict verdict = Verdict::pass;  // the worst of its tests, when it has any
  std::size_t passed = 0, failed = 0, errored = 0, skipped = 0;
  std::size_t failed_elsewhere = 0;  // failures of other tests naming it in atc.clause.failed
  std::vector<std::size_t> tests;    // indices into RunResult::tests (own and elsewhere)
  // ERROR answers its own passing tests required and got (atc.checks.error_answered): the
  // negative side of the section, tried.
  std::size_t error_answers = 0;
};

// The chip of the run's main DUT ("chip" property), or nullopt when absent or unknown.
std::optional<Chip> run_chip(const RunResult& run);

// One row per section of the run's chip's document, in the document's order. Empty when the
// run names no known chip.
std::vector<SectionResult> clause_matrix(const RunResult& run);

// What a row says, for people: "pass", "fail", "error", "partial: 3 pass, 1 not possible",
// "not claimed by the profile (PICS)", "not possible on this rig (PIXIT)", "not run",
// "not covered by this suite version".
std::string standing_text(const SectionResult& r);
// A short word for it ("PASS", "FAIL", "ERROR", "PARTIAL", "PICS", "PIXIT", "SKIP", "NOT RUN",
// "NOT COVERED") and a CSS class name ("pass", "fail", ... "notrun", "uncovered").
std::string standing_word(const SectionResult& r);
std::string standing_class(const SectionResult& r);

}  // namespace atc::report
