#pragma once
// The `error-still-applies` defect (sim/defects.def): a setting command whose parameters are
// wrong answers ERROR, as it must, but the planted firmware applies what it can make of them
// anyway: numbers clamped into their range, text taken as given whether quoted or not, parameters
// beyond the defined ones ignored. The handlers of setting commands call these on their reject
// path, so every negative test's state check can catch it.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sim/device.hpp"
#include "sim/params.hpp"

namespace atsim {

// The integer at `i` clamped into [lo, hi]; nullopt when there is no integer there.
inline std::optional<std::int64_t> clamped(const Params& p, std::size_t i, std::int64_t lo,
                                           std::int64_t hi) {
  if (!p.is_int(i)) return std::nullopt;
  return std::clamp(p[i].number, lo, hi);
}

// The text at `i`, quoted or not ("192.168.6.100" sent without quotes); nullopt when empty.
inline std::optional<std::string> text_at(const Params& p, std::size_t i) {
  if (i >= p.size() || p[i].kind == Param::Kind::empty || p[i].text.empty()) return std::nullopt;
  return p[i].text;
}

// Answers ERROR; with `error-still-applies` planted, then runs `apply` (which may do nothing
// when nothing can be made of the parameters). Anything `apply` prints follows the ERROR.
inline void reject(Device& d, const std::function<void()>& apply) {
  d.error();
  if (d.has(Defect::error_still_applies) && apply) apply();
}

}  // namespace atsim
