#include "app/rig_setup.hpp"

#include <stdexcept>

#include "harness/config/config_loader.hpp"
#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"

namespace atc::app {
namespace {

void replace_link(Rig& rig, const std::string& role, const std::string& uri) {
  DutConfig* d = rig.dut(role);
  if (!d) {
    std::string roles;
    for (const auto& x : rig.duts) roles += (roles.empty() ? "" : ", ") + x.role;
    throw std::invalid_argument("--link " + role + "=...: the rig " + rig.name +
                                " has no DUT of role '" + role + "' (it has " + roles + ")");
  }
  try {
    check_link_uri(parse_link_uri(uri));
  } catch (const LinkError& e) {
    throw std::invalid_argument("--link: " + std::string(e.what()));
  }
  d->link_uri = uri;
}

}  // namespace

Rig setup_rig(const Options& o) {
  Rig rig;
  if (o.rig) {
    rig = load_rig(*o.rig);
  } else {
    // Without a rig, a simulator named on the command line brings its chip's rig defaults.
    std::string chip = "esp32";
    if (o.link) {
      LinkUri u;
      try {
        u = parse_link_uri(*o.link);
      } catch (const LinkError& e) {
        throw std::invalid_argument("--link: " + std::string(e.what()));
      }
      if (u.scheme == "sim") chip = u.target;
    }
    rig = default_sim_rig(chip);
  }
  if (o.link) replace_link(rig, std::string(kMainRole), *o.link);
  for (const auto& [role, uri] : o.role_links) replace_link(rig, role, uri);
  return rig;
}

}  // namespace atc::app
