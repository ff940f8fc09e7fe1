#include "sim/bt/bonds.hpp"

#include <sstream>

#include "sim/device.hpp"

namespace atsim::bt {

namespace {
constexpr const char* kKey = "nvs.ble.bonds";
}

std::vector<Bond> load_bonds(Device& d) {
  std::vector<Bond> out;
  std::istringstream in(d.storage().get(kKey).value_or(""));
  for (std::string addr, ltk; in >> addr >> ltk;) {
    auto a = ble::parse_air_address(addr);
    auto k = ble::from_hex(ltk);
    if (a && k && k->size() == 16) out.push_back(Bond{*a, *k});
  }
  return out;
}

void save_bonds(Device& d, const std::vector<Bond>& bonds) {
  if (bonds.empty()) return d.storage().erase(kKey);
  std::string text;
  for (const auto& b : bonds) text += b.peer.air_text() + " " + ble::hex(b.ltk) + "\n";
  d.storage().set(kKey, text);
}

std::optional<Bond> bond_of(Device& d, const ble::Address& peer) {
  for (const auto& b : load_bonds(d)) {
    if (b.peer == peer) return b;
  }
  return std::nullopt;
}

void add_bond(Device& d, const Bond& b) {
  auto all = load_bonds(d);
  std::erase_if(all, [&](const Bond& x) { return x.peer == b.peer; });
  all.push_back(b);
  save_bonds(d, all);
}

}  // namespace atsim::bt
