#include "harness/rig.hpp"

#include <stdexcept>

namespace atc {

const DutConfig* Rig::dut(std::string_view role) const {
  for (const DutConfig& d : duts)
    if (d.role == role) return &d;
  return nullptr;
}

DutConfig* Rig::dut(std::string_view role) {
  for (DutConfig& d : duts)
    if (d.role == role) return &d;
  return nullptr;
}

const DutConfig& Rig::main() const {
  const DutConfig* d = dut(kMainRole);
  if (!d) throw std::logic_error("rig " + name + " has no DUT of role 'dut'");
  return *d;
}

DutConfig& Rig::main() {
  DutConfig* d = dut(kMainRole);
  if (!d) throw std::logic_error("rig " + name + " has no DUT of role 'dut'");
  return *d;
}

}  // namespace atc
