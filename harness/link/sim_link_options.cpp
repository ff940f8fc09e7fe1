// `sim:` URI options -> SimLink::Options (the URI's own options win over the run's settings).
#include <set>

#include "harness/link/link_error.hpp"
#include "harness/link/sim_link.hpp"

namespace atc {

SimLink::Options SimLink::options_from(const LinkUri& u, const SimSettings& settings) {
  u.allow_only({"baud", "data_bits", "parity",          "stop_bits",    "flow",      "defect",
                "nvs",  "boot_ms",   "atsim",           "world",        "truth",     "pki",
                "dns",  "ota",       "low_port_offset", "station_host", "softap_ip", "base_mac",
                "air",  "fault",     "regroup"});
  if (u.target != "esp32" && u.target != "esp8266")
    throw LinkError("link URI \"" + u.text() + "\": unknown chip '" + u.target +
                    "'; the simulator knows esp32 and esp8266");
  Options o;
  o.chip = u.target;
  o.sim = settings;
  SimSettings& s = o.sim;
  for (const auto& [k, v] : u.query) {
    if (k == "defect") o.defects.push_back(v);
    if (k == "fault") o.faults.push_back(v);  // atsim checks the spec (exit 2 names it)
    if (k == "nvs") o.nvs = v;
    if (k == "boot_ms") o.boot_ms = u.number(k, v, 0, 600'000);
    if (k == "atsim") o.atsim = v;
    if (k == "world") s.world = v;
    if (k == "truth") s.truth = v;
    if (k == "pki") s.pki = v;
    if (k == "dns") s.dns = v;
    if (k == "ota") s.ota = v;
    if (k == "low_port_offset") s.low_port_offset = u.number(k, v, 0, 64512);
    if (k == "station_host") s.station_host = u.number(k, v, 2, 254);
    if (k == "softap_ip") s.softap_ip = v;
    if (k == "base_mac") s.base_mac = v;
    if (k == "air") s.air = v;
  }
  return o;
}

}  // namespace atc
