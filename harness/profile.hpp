#pragma once
// PICS: what a firmware build claims. Tests for features a build does not claim are skipped.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "spec/chip.hpp"

namespace atc {

struct Profile {
  std::string name;    // "esp32-at-1.1"
  std::string source;  // the file it came from ("" when built in)
  Chip chip = Chip::esp32;
  std::string at_version;                 // as the build reports it, e.g. "1.1.0.0"
  std::set<std::string> features;         // ble, ssl, fs, sysflash, rfpower, mdns, wps, ...
  std::map<std::string, long> limits;     // max_links, max_send, server_max_conn, ...
  std::vector<std::string> gmr_patterns;  // regexes the AT+GMR lines must match, in order

  bool claims(const std::string& feature) const { return features.count(feature) != 0; }
  long limit(const std::string& name, long fallback) const {
    auto it = limits.find(name);
    return it == limits.end() ? fallback : it->second;
  }
};

}  // namespace atc
