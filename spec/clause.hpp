#pragma once
// A clause: a section of one chip's document, written the same way everywhere ("esp32 §4.2.2"),
// so `grep -rn 'esp32 §4.2.2'` finds the tests, the simulator's handler and the defects at once.
#include <optional>
#include <string>
#include <string_view>

#include "spec/chip.hpp"

namespace atc {

struct Clause {
  Chip chip = Chip::esp32;
  std::string section;  // "4.2.2", as the document numbers it

  std::string text() const;  // "esp32 §4.2.2"
  bool operator==(const Clause&) const = default;
};

// Parses "esp32 §4.2.2" (exactly one space, the section sign, digits and dots). nullopt
// otherwise; `why` (when given) says what is wrong.
std::optional<Clause> parse_clause(std::string_view text, std::string* why = nullptr);

}  // namespace atc
