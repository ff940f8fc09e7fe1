#include "verdict/verdict.hpp"

namespace atc {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "pass";
    case Verdict::skipped:
      return "skipped";
    case Verdict::fail:
      return "fail";
    case Verdict::error:
      return "error";
  }
  return "error";
}

std::string_view verdict_word(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "PASS";
    case Verdict::skipped:
      return "SKIP";
    case Verdict::fail:
      return "FAIL";
    case Verdict::error:
      return "ERROR";
  }
  return "ERROR";
}

Verdict verdict_from_string(std::string_view s, Verdict fallback) {
  for (Verdict v : {Verdict::pass, Verdict::skipped, Verdict::fail, Verdict::error})
    if (s == to_string(v)) return v;
  return fallback;
}

}  // namespace atc
