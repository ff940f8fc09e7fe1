#pragma once
// A transport failure: the rig, not the firmware, is at fault (an `error` verdict).
#include <stdexcept>
#include <string>

namespace atc {

class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atc
