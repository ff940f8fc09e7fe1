#include "sim/options.hpp"

#include <charconv>
#include <string_view>

namespace atsim {
namespace {

std::optional<long> to_number(std::string_view s, long lo, long hi) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::string usage() {
  return "usage: atsim --chip esp32|esp8266 [--nvs FILE] [--link PATH] [--tcp PORT]\n"
         "             [--world FILE] [--defect NAME]... [--list-defects] [--boot-ms N]\n"
         "             [--base-mac MAC] [--station-host N] [--softap-ip IP]\n"
         "             [--power-switch FIFO] [--fault SPEC]... [--help]\n"
         "A simulated ESP32/ESP8266 running Espressif AT firmware, on a pseudo-terminal.\n"
         "Prints `atsim: pty /dev/pts/N` (and `atsim: tcp 127.0.0.1:PORT`) first on stdout.\n"
         "stdin is a control channel: `LINES <dtr> <rts>`, `FAULT SPEC`, `QUIT`; end of file\n"
         "exits. --fault KIND[@cmd:N|@on:PREFIX|@ms:T][,for=MS|,ms=MS|,bytes=N|,nth=K], KIND one\n"
         "of silent, flood, brown-out, drop-links, late, stall, unplug (docs/sim.md).\n" +
         net_options_usage() + ble_options_usage();
}

std::chrono::milliseconds default_boot_time(Chip chip) {
  return std::chrono::milliseconds(chip == Chip::esp32 ? 300 : 400);
}

ParseResult parse_options(int argc, char** argv) {
  Options o;
  bool chip_given = false;
  auto fail = [](std::string why) { return ParseResult{std::nullopt, std::move(why)}; };
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string_view(argv[++i]);
    };
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--list-defects") {
      o.list_defects = true;
    } else if (a == "--chip" || a == "--nvs" || a == "--link" || a == "--tcp" || a == "--defect" ||
               a == "--boot-ms" || a == "--world" || a == "--power-switch") {
      auto v = value();
      if (!v) return fail(std::string(a) + " needs a value");
      if (a == "--chip") {
        auto chip = chip_by_name(*v);
        if (!chip) return fail("unknown chip '" + std::string(*v) + "' (esp32 or esp8266)");
        o.chip = *chip;
        chip_given = true;
      } else if (a == "--nvs") {
        o.nvs_file = std::string(*v);
      } else if (a == "--link") {
        o.link_path = std::string(*v);
      } else if (a == "--world") {
        o.world_file = std::string(*v);
      } else if (a == "--power-switch") {
        o.power_switch = std::string(*v);
      } else if (a == "--tcp") {
        auto port = to_number(*v, 0, 65535);
        if (!port) return fail("--tcp wants a port number 0..65535");
        o.tcp_port = static_cast<int>(*port);
      } else if (a == "--defect") {
        auto d = defect_by_name(*v);
        if (!d) return fail("unknown defect '" + std::string(*v) + "' (see --list-defects)");
        o.defects.plant(*d);
        o.defect_names.emplace_back(*v);
      } else {
        auto ms = to_number(*v, 0, 3'600'000);
        if (!ms) return fail("--boot-ms wants milliseconds 0..3600000");
        o.boot_time = std::chrono::milliseconds(*ms);
      }
    } else if (a == "--fault") {
      auto v = value();
      if (!v) return fail("--fault needs a value");
      auto parsed = fault::parse_fault(*v);
      if (!parsed.fault) return fail(parsed.error);
      o.faults.push_back(std::move(*parsed.fault));
    } else if (a == "--base-mac" || a == "--station-host" || a == "--softap-ip") {
      auto v = value();
      if (!v) return fail(std::string(a) + " needs a value");
      if (a == "--base-mac") {
        auto mac = wifi::parse_mac(*v);
        if (!mac || ((*mac)[0] & 1))
          return fail("--base-mac wants a unicast MAC such as 24:0a:c4:00:01:01, not '" +
                      std::string(*v) + "'");
        o.board.base_mac = *mac;
      } else if (a == "--station-host") {
        auto n = to_number(*v, 2, 254);
        if (!n) return fail("--station-host wants a host number 2..254");
        o.board.station_host = static_cast<int>(*n);
      } else {
        auto ip = wifi::parse_ip(*v);
        if (!ip || (*ip >> 24) != 127)
          return fail("--softap-ip wants a loopback address 127.x.y.z, not '" + std::string(*v) +
                      "'");
        o.board.softap_ip = *ip;
      }
    } else if (ble_option_wants(a)) {
      auto v = value();
      if (!v) return fail(std::string(a) + " needs a value");
      if (auto why = apply_ble_option(o.ble, a, *v); !why.empty()) return fail(why);
    } else if (net_option_wants(a)) {
      auto v = value();
      if (!v) return fail(std::string(a) + " needs a value");
      if (auto why = apply_net_option(o.net, a, *v); !why.empty()) return fail(why);
    } else {
      return fail("unknown argument '" + std::string(a) + "'");
    }
  }
  if (!chip_given && !o.help && !o.list_defects) return fail("--chip is required");
  if (!o.boot_time) o.boot_time = default_boot_time(o.chip);
  return ParseResult{std::move(o), {}};
}

}  // namespace atsim
