#include "sim/wifi/station.hpp"

#include "sim/wifi/state.hpp"

namespace atsim::wifi {
namespace {

// Not in the world file: every AP shares them.
constexpr Millis kDhcpTime{60};         // WIFI CONNECTED to WIFI GOT IP
constexpr Millis kNotFoundTime{500};    // a full scan that finds nothing
constexpr Millis kNoAddressTime{5000};  // contract: no IP within 5 s is a timeout

// The address the AP's DHCP hands the DUT, or the static one; nullopt: none.
std::optional<IpConfig> address_for(Device& d, const WorldAp& ap) {
  const Settings& s = wifi(d).now;
  if (s.sta_static) return s.sta_static;  // last one wins: a static address means no DHCP
  if (!s.sta_dhcp || !ap.dhcp) return std::nullopt;
  // The board's address of the pool (.2 unless the rig gives each board its own).
  return IpConfig{ap.dhcp->network + static_cast<std::uint32_t>(board(d).station_host),
                  ap.dhcp->gateway, netmask_of(ap.dhcp->prefix)};
}

void got_ip(Device& d, const IpConfig& address) {
  auto& st = wifi(d).station;
  st.link = Link::got_ip;
  st.address = address;
  if (!d.has(Defect::no_got_ip)) d.info("WIFI GOT IP");
}

}  // namespace

int find_ap(Device& d, const std::string& ssid, const std::optional<Mac>& bssid) {
  const auto& aps = world(d).aps;
  int best = -1;
  for (std::size_t i = 0; i < aps.size(); ++i) {
    if (aps[i].ssid != ssid) continue;
    if (bssid && aps[i].bssid != *bssid) continue;
    if (best < 0 || aps[i].rssi > aps[static_cast<std::size_t>(best)].rssi) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

void leave(Device& d, bool announce) {
  auto& st = wifi(d).station;
  const bool was_connected = st.link == Link::connected || st.link == Link::got_ip;
  ++st.generation;
  st.link = Link::idle;
  st.ap = -1;
  st.address = {};
  if (was_connected && announce) d.info("WIFI DISCONNECT");
}

void join(Device& d, const JoinRequest& request, JoinStyle style, std::function<void(int)> done) {
  leave(d);
  auto& st = wifi(d).station;
  const std::uint64_t generation = st.generation;
  const int index = find_ap(d, request.ssid, request.bssid);
  st.link = Link::joining;
  st.ap = index;

  // What will happen, and when: the outcome is known from the world at once.
  int code = kJoined;
  Millis connected_at{-1};  // when WIFI CONNECTED is printed (never if negative)
  Millis end_at{0};
  std::optional<IpConfig> address;
  if (index < 0) {
    code = kNotFound;
    end_at = kNotFoundTime;
  } else {
    const WorldAp& ap = world(d).aps[static_cast<std::size_t>(index)];
    if (ap.ecn == 5) {
      code = kFailed;  // ESP32 §4.2.4: AT cannot join a WPA2_Enterprise AP
      end_at = ap.join_time;
    } else if (ap.ecn != 0 && ap.password != request.password) {
      code = kWrongPassword;
      end_at = ap.join_time;
    } else {
      connected_at = ap.join_time;
      address = address_for(d, ap);
      if (address) {
        end_at = ap.join_time + kDhcpTime;
      } else {
        code = kTimeout;
        end_at = ap.join_time + kNoAddressTime;
      }
    }
  }

  auto alive = [&d, generation] { return wifi(d).station.generation == generation; };
  if (connected_at.count() >= 0) {
    d.after(connected_at, [&d, alive] {
      if (!alive()) return;
      wifi(d).station.link = Link::connected;
      d.info("WIFI CONNECTED");
    });
  }
  auto finish = [&d, alive, code, address, done = std::move(done)] {
    if (!alive()) return;
    if (code == kJoined) {
      got_ip(d, *address);
    } else {
      leave(d);  // prints WIFI DISCONNECT after a WIFI CONNECTED that got no address
    }
    if (done) done(code);
  };
  if (style == JoinStyle::command) {
    const auto lines =
        d.has(Defect::cwjap_no_busy) ? Device::WhileBusy::queue : Device::WhileBusy::answer_busy;
    d.busy_for(end_at, std::move(finish), lines);
  } else {
    d.after(end_at, std::move(finish));
  }
}

void readdress_station(Device& d) {
  auto& st = wifi(d).station;
  if (st.link != Link::got_ip || st.ap < 0) return;
  auto address = address_for(d, world(d).aps[static_cast<std::size_t>(st.ap)]);
  if (address) {
    st.address = *address;
  } else if (wifi(d).now.sta_dhcp) {
    st.address = {};  // DHCP on an AP that hands out nothing: no address
  }
  // DHCP turned off without a static address: the station keeps what it had.
}

std::optional<std::uint32_t> station_ip(Device& d) {
  const auto& st = wifi(d).station;
  if (st.link != Link::got_ip || st.address.ip == 0) return std::nullopt;
  return st.address.ip;
}

}  // namespace atsim::wifi
