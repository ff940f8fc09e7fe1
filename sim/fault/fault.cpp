#include "sim/fault/fault.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace atsim::fault {
namespace {

constexpr std::array<std::pair<std::string_view, Kind>, 7> kKinds{{
    {"silent", Kind::silent},
    {"flood", Kind::flood},
    {"brown-out", Kind::brown_out},
    {"drop-links", Kind::drop_links},
    {"late", Kind::late},
    {"stall", Kind::stall},
    {"unplug", Kind::unplug},
}};

std::optional<long> number(std::string_view s, long lo, long hi) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi)
    return std::nullopt;
  return v;
}

long default_duration(Kind k) {
  switch (k) {
    case Kind::flood:
    case Kind::stall:
      return 3000;
    case Kind::unplug:
      return 2000;
    case Kind::late:
      return 1800;
    default:
      return 0;
  }
}

}  // namespace

std::string_view to_string(Kind k) {
  for (const auto& [name, kind] : kKinds)
    if (kind == k) return name;
  return "?";
}

ParsedFault parse_fault(std::string_view spec) {
  auto fail = [&](const std::string& why) {
    return ParsedFault{std::nullopt, "fault '" + std::string(spec) + "': " + why};
  };
  Fault f;
  f.spec = std::string(spec);
  std::string_view head = spec.substr(0, spec.find(','));
  const bool has_params = head.size() < spec.size();
  std::string_view params = has_params ? spec.substr(head.size() + 1) : "";
  const std::size_t at = head.find('@');
  const std::string_view kind = head.substr(0, at);
  bool known = false;
  for (const auto& [name, k] : kKinds) {
    if (name == kind) f.kind = k, known = true;
  }
  if (!known)
    return fail("unknown kind '" + std::string(kind) +
                "' (silent, flood, brown-out, drop-links, late, stall, unplug)");
  f.duration_ms = default_duration(f.kind);

  if (at != std::string_view::npos) {
    const std::string_view trigger = head.substr(at + 1);
    if (trigger.starts_with("cmd:")) {
      auto n = number(trigger.substr(4), 1, 1'000'000'000);
      if (!n) return fail("cmd: wants a command number 1..");
      f.when = {Trigger::Type::command, *n, {}};
    } else if (trigger.starts_with("on:")) {
      if (trigger.size() == 3) return fail("on: wants the start of a command line");
      f.when = {Trigger::Type::prefix, 1, std::string(trigger.substr(3))};
    } else if (trigger.starts_with("ms:")) {
      auto t = number(trigger.substr(3), 0, 86'400'000);
      if (!t) return fail("ms: wants milliseconds since start");
      f.when = {Trigger::Type::time, *t, {}};
    } else {
      return fail("the trigger after '@' is cmd:N, on:PREFIX or ms:T");
    }
  }

  for (bool more = has_params; more;) {
    const std::string_view param = params.substr(0, params.find(','));
    more = param.size() < params.size();
    params = more ? params.substr(param.size() + 1) : "";
    const std::size_t eq = param.find('=');
    const std::string_view name = param.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : param.substr(eq + 1);
    auto v = number(value, 0, 86'400'000);
    if (!v) return fail("'" + std::string(param) + "' is not NAME=<number>");
    if (name == "for" && (f.kind == Kind::flood || f.kind == Kind::stall || f.kind == Kind::unplug))
      f.duration_ms = *v;
    else if (name == "ms" && f.kind == Kind::late)
      f.duration_ms = *v;
    else if (name == "bytes" && f.kind == Kind::silent)
      f.bytes = *v;
    else if (name == "nth" && f.when.type == Trigger::Type::prefix && *v >= 1)
      f.when.number = *v;
    else
      return fail("'" + std::string(name) + "' is not a parameter of " + std::string(kind) +
                  (name == "nth" ? " with this trigger (nth= goes with on:)" : ""));
  }
  return {std::move(f), {}};
}

}  // namespace atsim::fault
