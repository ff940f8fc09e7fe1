#include "sim/command.hpp"

#include <stdexcept>

namespace atsim {
namespace {

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::optional<Request> parse_request(std::string_view line) {
  // Upper case only: the ESP8266 document says "AT Commands has to be capitalized", and the
  // ESP32 one only ever shows upper case.
  if (!line.starts_with("AT")) return std::nullopt;
  std::string_view rest = line.substr(2);
  Request r;
  if (rest.empty()) return r;  // "AT"

  if (rest[0] != '+') {
    // V.250 basic command: one letter and its argument (ATE0).
    if (rest[0] < 'A' || rest[0] > 'Z') return std::nullopt;
    r.name = std::string(1, rest[0]);
    r.argument = std::string(rest.substr(1));
    return r;
  }

  std::size_t n = 1;
  while (n < rest.size() && is_name_char(rest[n])) ++n;
  if (n == 1) return std::nullopt;  // "AT+" alone
  r.name = std::string(rest.substr(0, n));
  std::string_view tail = rest.substr(n);
  if (tail.empty()) {
    r.variant = kExecute;
  } else if (tail == "?") {
    r.variant = kQuery;
  } else if (tail == "=?") {
    r.variant = kTest;
  } else if (tail[0] == '=') {
    r.variant = kSet;
    r.argument = std::string(tail.substr(1));
    auto params = Params::parse(r.argument);
    if (!params) return std::nullopt;
    r.params = std::move(*params);
  } else {
    return std::nullopt;
  }
  return r;
}

void Registry::add(std::string name, unsigned variants, Handler handler) {
  auto [it, inserted] = commands_.emplace(std::move(name), Command{variants, std::move(handler)});
  if (!inserted) throw std::logic_error("command registered twice: " + it->first);
}

const Command* Registry::find(std::string_view name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

}  // namespace atsim
