#pragma once
// One frame of the air protocol (docs/contracts/ble-air.md): a verb, positional words, and
// key=value fields, as one line of text in one SOCK_SEQPACKET packet:
//
//   ADV on type=ind min=160 max=160 ch=7 own=24:0a:c4:00:00:03/public data=020106 rsp=
//
// A value is a bare token (no space, quote or '=') or a quoted string with \" and \\ escapes.
// Frames are readable in logs and in the ground-truth file.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/ble/address.hpp"
#include "sim/ble/bytes.hpp"

namespace atsim::air {

// A frame that cannot be used: where (byte offset in the frame) and why.
struct BadFrame : std::runtime_error {
  BadFrame(std::size_t at, const std::string& why) : std::runtime_error(why), offset(at) {}
  std::size_t offset;
};

struct Field {
  std::string key, value;
  std::size_t offset = 0;  // of the key, in the parsed text
};

class Frame {
 public:
  Frame() = default;
  explicit Frame(std::string verb) : verb(std::move(verb)) {}

  std::string verb;
  std::vector<std::string> words;
  std::vector<Field> fields;

  Frame& word(std::string w);
  Frame& set(std::string key, std::string value);
  Frame& set(std::string key, std::int64_t value);
  Frame& set_hex(std::string key, const ble::Bytes& value) {
    return set(std::move(key), ble::hex(value));
  }

  bool has(std::string_view key) const { return find(key) != nullptr; }
  const Field* find(std::string_view key) const;
  bool has_word(std::string_view w) const;
  // Typed reads; a missing or bad field throws BadFrame naming the key and its offset.
  const std::string& str(std::string_view key) const;
  std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi) const;
  std::int64_t integer_or(std::string_view key, std::int64_t lo, std::int64_t hi,
                          std::int64_t dflt) const;
  ble::Bytes bytes(std::string_view key) const;      // hex
  ble::Address address(std::string_view key) const;  // aa:bb:cc:dd:ee:ff/public|random
  // One of `choices` (the word's index), from a field.
  std::size_t choice(std::string_view key, const std::vector<std::string_view>& choices) const;

  // The line, without a terminator.
  std::string text() const;
  // The text after the verb (words and fields), for the truth file.
  std::string tail() const;
};

std::variant<Frame, BadFrame> parse_frame(std::string_view text);
std::string quote_if_needed(std::string_view value);

}  // namespace atsim::air
