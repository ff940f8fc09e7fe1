#include "sim/wifi/softap.hpp"

#include <algorithm>

#include "sim/wifi/state.hpp"

namespace atsim::wifi {
namespace {

// The ESP8266 v0.23 document defines none of the SoftAP messages: only the ESP32 prints them.
bool announces(Device& d) {
  return d.chip() == Chip::esp32;
}

std::string quoted(const Mac& mac) {
  return "\"" + mac_text(mac) + "\"";
}

// The first pool address no present station holds; nullopt when the pool is full.
std::optional<std::uint32_t> lease(Device& d) {
  auto& w = wifi(d);
  const DhcpPool pool = w.now.softap_pool();
  for (std::uint32_t ip = pool.start; ip <= pool.end; ++ip) {
    const bool taken = std::any_of(w.softap.stations.begin(), w.softap.stations.end(),
                                   [&](const SoftapStation& s) { return s.ip == ip; });
    if (!taken && ip != w.now.softap_ip().ip) return ip;
  }
  return std::nullopt;
}

void station_joins(Device& d, const Mac& mac) {
  auto& w = wifi(d);
  if (static_cast<int>(w.softap.stations.size()) >= w.now.softap.max_conn) return;  // refused
  SoftapStation s{mac, std::nullopt};
  if (announces(d) && !d.has(Defect::sta_connected_missing))
    d.info("+STA_CONNECTED:" + quoted(mac));
  if (w.now.ap_dhcp) {
    s.ip = lease(d);
    if (s.ip && announces(d)) {
      d.info("+DIST_STA_IP:" + quoted(mac) + ",\"" + ip_text(*s.ip) + "\"");
    }
  }
  w.softap.stations.push_back(s);
}

void station_leaves(Device& d, const Mac& mac) {
  auto& list = wifi(d).softap.stations;
  auto it = std::find_if(list.begin(), list.end(), [&](auto& s) { return s.mac == mac; });
  if (it == list.end()) return;  // was refused
  list.erase(it);
  if (announces(d)) d.info("+STA_DISCONNECTED:" + quoted(mac));
}

void start(Device& d) {
  auto& run = wifi(d).softap;
  run.up = true;
  const std::uint64_t generation = ++run.generation;
  for (const SoftapPeer& peer : world(d).softap_peers) {
    auto alive = [&d, generation] { return wifi(d).softap.generation == generation; };
    d.after(peer.join_at, [&d, alive, mac = peer.mac] {
      if (alive()) station_joins(d, mac);
    });
    if (peer.leave_at) {
      d.after(*peer.leave_at, [&d, alive, mac = peer.mac] {
        if (alive()) station_leaves(d, mac);
      });
    }
  }
}

void stop(Device& d, bool announce) {
  auto& run = wifi(d).softap;
  if (announce && announces(d)) {
    for (const auto& s : run.stations) d.info("+STA_DISCONNECTED:" + quoted(s.mac));
  }
  run.stations.clear();
  run.up = false;
  ++run.generation;
}

}  // namespace

void sync_softap(Device& d) {
  auto& w = wifi(d);
  if (w.now.softap_on() && !w.softap.up) start(d);
  // The radio interface goes away with its stations: nothing is announced.
  if (!w.now.softap_on() && w.softap.up) stop(d, false);
}

void restart_softap(Device& d) {
  if (!wifi(d).softap.up) return;
  stop(d, true);  // a new configuration deauthenticates everyone
  start(d);
}

}  // namespace atsim::wifi
