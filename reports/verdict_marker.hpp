#pragma once
// The marker that turns a GoogleTest failure into an `error` verdict (the rig or the harness
// could not run the test) instead of a `fail` (the firmware does not conform). Header-only and
// free of dependencies so the harness can include it without linking the report library.
//
// Anything whose failure message contains the marker is an error: `FAIL() << rig_error(...)`,
// an ADD_FAILURE in an Environment or SetUpTestSuite, or an exception escaping a test whose
// what() contains it (GoogleTest quotes what() in the failure message).
#include <string>
#include <string_view>

namespace atc {

inline constexpr std::string_view kRigErrorMarker = "RIG ERROR:";

// "RIG ERROR: <what>", the form every harness problem should take in a message or what().
inline std::string rig_error(std::string_view what) {
  std::string s(kRigErrorMarker);
  s += ' ';
  s += what;
  return s;
}

inline bool is_rig_error(std::string_view message) {
  return message.find(kRigErrorMarker) != std::string_view::npos;
}

}  // namespace atc
