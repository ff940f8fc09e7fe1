#include "harness/response.hpp"

namespace atc {

std::vector<std::string> Response::values(std::string_view name) const {
  std::vector<std::string> out;
  // Built by appends: GCC 12 at -O3 warns (-Wrestrict, a known false positive) on "+" + name.
  std::string prefix(1, '+');
  prefix.append(name);
  prefix += ':';
  for (const auto& line : info)
    if (line.compare(0, prefix.size(), prefix) == 0) out.push_back(line.substr(prefix.size()));
  return out;
}

std::string Response::describe() const {
  if (final == Final::none)
    return "no final result within " + std::to_string(timeout.count()) + " ms";
  std::string what = final == Final::detail ? final_text : std::string(to_string(final));
  return what + " after " + std::to_string(latency().count()) + " ms";
}

}  // namespace atc
