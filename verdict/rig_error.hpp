#pragma once
// The typed signal of an `error` verdict: the rig or the harness could not run the test (a link
// that will not open or died, a fixture that cannot bind, a PIXIT item the rig declares but that
// cannot be used, a DUT that never answered in this run). Everything else that goes wrong in a
// test is the firmware's failure. The harness catches RigError around every test part and
// records the verdict as a test property (property_keys.hpp), never by searching message text:
// a DUT that prints "RIG ERROR:" into a response still fails.
#include <stdexcept>
#include <string>

namespace atc {

class RigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atc
