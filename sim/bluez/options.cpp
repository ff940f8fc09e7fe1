#include "sim/bluez/options.hpp"

#include <cctype>
#include <charconv>
#include <string_view>

namespace atsim::bluez {
namespace {

std::optional<long> number(std::string_view s, long lo, long hi) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

bool is_address(std::string_view s) {
  if (s.size() != 17) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool ok = i % 3 == 2 ? s[i] == ':' : std::isxdigit(static_cast<unsigned char>(s[i])) != 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string usage() {
  return "usage: atsim-bluez --bus ADDRESS [--air PATH] [--adapter hci0] [--address "
         "XX:XX:XX:XX:XX:XX]\n"
         "                   [--name NAME] [--temporary-timeout-s N] [--connect-timeout-ms N]\n"
         "                   [--experimental] [--log FILE] [--help]\n"
         "A stand-in for bluetoothd and a host controller: org.bluez on the bus at ADDRESS, a\n"
         "radio on the simulated air at PATH (without --air: scripted remote devices, set up on\n"
         "stdin). stdin is the control channel; EOF or QUIT ends it.\n";
}

ParsedOptions parse_options(int argc, char** argv) {
  Options o;
  auto fail = [](std::string why) { return ParsedOptions{std::nullopt, std::move(why)}; };
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
      continue;
    }
    if (a == "--experimental") {
      o.experimental = true;
      continue;
    }
    if (i + 1 >= argc) return fail(std::string(a) + " wants a value (or is unknown)");
    const std::string v = argv[++i];
    if (a == "--bus") {
      o.bus = v;
    } else if (a == "--air") {
      o.air = v;
    } else if (a == "--adapter") {
      if (v.empty() ||
          v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
        return fail("--adapter wants a name like hci0");
      }
      o.adapter = v;
    } else if (a == "--address") {
      if (!is_address(v)) return fail("--address wants XX:XX:XX:XX:XX:XX");
      o.address = v;
      for (auto& c : o.address) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (a == "--name") {
      o.name = v;
    } else if (a == "--temporary-timeout-s") {
      auto n = number(v, 0, 86400);
      if (!n) return fail("--temporary-timeout-s wants seconds 0..86400");
      o.temporary_timeout_s = static_cast<int>(*n);
    } else if (a == "--connect-timeout-ms") {
      auto n = number(v, 1, 600000);
      if (!n) return fail("--connect-timeout-ms wants milliseconds 1..600000");
      o.connect_timeout = std::chrono::milliseconds(*n);
    } else if (a == "--log") {
      o.log = v;
    } else {
      return fail("unknown option " + std::string(a));
    }
  }
  if (!o.help && o.bus.empty()) return fail("--bus is required");
  return ParsedOptions{o, ""};
}

}  // namespace atsim::bluez
