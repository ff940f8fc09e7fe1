#include "app/sim_network.hpp"

#include <string>

#include "fixtures/pki.hpp"
#include "harness/link/link_factory.hpp"

namespace atc::app {
namespace {

// Percent-encodes what the URI parser would split on (paths may hold '&', '?', '%', '=').
std::string encode(const std::string& v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (c == '&' || c == '?' || c == '%' || c == '=' || c == '#' || c <= ' ' || c >= 0x7f) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

void prepare_sim_network(Rig& rig, const std::filesystem::path& run_dir) {
  if (rig.link_uri.rfind("sim:", 0) != 0 || !rig.net) return;
  const LinkUri uri = parse_link_uri(rig.link_uri);
  auto has = [&](const std::string& key) {
    for (const auto& [k, v] : uri.query)
      if (k == key) return true;
    return false;
  };
  std::string extra;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!has(key)) extra += "&" + key + "=" + encode(value);
  };
  NetPixit& net = *rig.net;
  std::filesystem::create_directories(run_dir);
  if (net.pki_dir.empty() && !has("pki")) {
    const auto dir = run_dir / ("pki-" + rig.name);
    fixtures::generate_test_pki(dir, {.server_names = {net.host, net.host2, "localhost"}});
    net.pki_dir = dir.string();
  }
  if (!net.pki_dir.empty()) add("pki", net.pki_dir);
  if (has("truth")) {
    rig.sim_truth_file = uri.get("truth");
  } else {
    rig.sim_truth_file = (run_dir / ("truth-" + rig.name + ".log")).string();
    std::filesystem::remove(rig.sim_truth_file);
    add("truth", rig.sim_truth_file);
  }
  add("dns", net.host);
  add("ota", net.host + ":80");
  add("low_port_offset", std::to_string(net.low_port_offset));
  if (extra.empty()) return;
  extra[0] = uri.query.empty() ? '?' : '&';
  rig.link_uri += extra;
}

}  // namespace atc::app
