#pragma once
// The parameters of a set command (`AT+X=<p1>,<p2>,...`): comma separated; each an integer, a
// quoted string (escapes `\,` `\"` `\\`), empty (omitted), or something else (bare words, hex,
// floats), which no handler accepts where a number or string is due. Spaces around a parameter
// are tolerated because the documents' own examples contain them (`AT+SYSFLASH=2, "ble_data"`).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atsim {

struct Param {
  enum class Kind { empty, integer, string, other };
  Kind kind = Kind::empty;
  std::int64_t number = 0;
  std::string text;  // string contents (unescaped) or the raw token
};

class Params {
 public:
  // nullopt when the text cannot be split at all (an unterminated quote, garbage after a
  // closing quote): the command is answered ERROR before any handler sees it.
  static std::optional<Params> parse(std::string_view text);

  std::size_t size() const { return items_.size(); }
  const Param& operator[](std::size_t i) const { return items_.at(i); }

  bool is_int(std::size_t i) const { return i < size() && items_[i].kind == Param::Kind::integer; }
  bool is_string(std::size_t i) const {
    return i < size() && items_[i].kind == Param::Kind::string;
  }
  // The integer at i if it is one and lies in [lo, hi].
  std::optional<std::int64_t> int_in(std::size_t i, std::int64_t lo, std::int64_t hi) const;
  std::optional<std::string> string_at(std::size_t i) const;

 private:
  std::vector<Param> items_;
};

}  // namespace atsim
