#include "spec/clause.hpp"

namespace atc {
namespace {

constexpr std::string_view kSection = "\u00a7";  // §, two bytes in UTF-8

bool fail(std::string* why, std::string what) {
  if (why) *why = std::move(what);
  return false;
}

bool valid_section(std::string_view s, std::string* why) {
  if (s.empty()) return fail(why, "no section number after §");
  bool digit_last = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit_last = true;
    } else if (c == '.' && digit_last) {
      digit_last = false;
    } else {
      return fail(why, "a section is digits separated by dots");
    }
  }
  return digit_last || fail(why, "a section does not end with a dot");
}

}  // namespace

std::string Clause::text() const {
  std::string s(to_string(chip));
  s += ' ';
  s += kSection;
  s += section;
  return s;
}

std::optional<Clause> parse_clause(std::string_view text, std::string* why) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    fail(why, "expected \"<chip> §<section>\", e.g. \"esp32 §4.2.2\"");
    return std::nullopt;
  }
  auto chip = chip_from_string(text.substr(0, space));
  if (!chip) {
    fail(why, "unknown chip \"" + std::string(text.substr(0, space)) + "\" (esp32 or esp8266)");
    return std::nullopt;
  }
  std::string_view rest = text.substr(space + 1);
  if (!rest.starts_with(kSection)) {
    fail(why, "expected § after the chip");
    return std::nullopt;
  }
  rest.remove_prefix(kSection.size());
  if (!valid_section(rest, why)) return std::nullopt;
  return Clause{*chip, std::string(rest)};
}

}  // namespace atc
