#pragma once
// A transport failure: the rig, not the firmware, is at fault (an `error` verdict). The message
// says what failed; a board whose USB is the chip's own (native USB, no USB-serial adapter)
// loses its link when the firmware crashes too, which such messages point out.
#include <string>

#include "verdict/rig_error.hpp"

namespace atc {

class LinkError : public RigError {
 public:
  using RigError::RigError;
};

}  // namespace atc
