#pragma once
// The verdict vocabulary every layer shares (TTCN-3 practice): pass, skipped, fail (the firmware
// does not conform), error (the rig or the harness could not run the test). A leaf: it depends
// on nothing of the project, so the harness, the fixtures and the reports all include it.
#include <string_view>

namespace atc {

// Ranked: a verdict only gets worse (pass < skipped < fail < error). `skipped` ranks above
// pass because a test that skipped did not show conformance; `error` ranks above fail because
// a rig that could not run a test says nothing about the firmware.
enum class Verdict { pass = 0, skipped = 1, fail = 2, error = 3 };

constexpr int rank(Verdict v) {
  return static_cast<int>(v);
}
constexpr Verdict worse(Verdict a, Verdict b) {
  return rank(a) >= rank(b) ? a : b;
}
// Raises `current` to `v` if `v` is worse; never lowers it.
constexpr void escalate(Verdict& current, Verdict v) {
  current = worse(current, v);
}

std::string_view to_string(Verdict v);     // "pass", "skipped", "fail", "error"
std::string_view verdict_word(Verdict v);  // console form: "PASS", "SKIP", "FAIL", "ERROR"
// The inverse of to_string; nullopt-like `fallback` for anything else.
Verdict verdict_from_string(std::string_view s, Verdict fallback = Verdict::error);

}  // namespace atc
