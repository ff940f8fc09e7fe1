#include "sim/bt/controller.hpp"

#include <cstdio>

#include "sim/bt/ble_options.hpp"
#include "sim/bt/link_events.hpp"
#include "sim/device.hpp"

namespace atsim::bt {

using air::Frame;
using namespace ble;

BleState& ble(Device& d) {
  return d.state<BleState>();
}

Address public_address(Device& d) {
  const auto& o = d.state<BleOptions>();
  // The ESP32 document's factory station MAC (docs/contracts/wifi.md) is the base MAC.
  const Address base = o.base_mac ? *o.base_mac : *parse_address("24:0a:c4:00:00:01");
  Address a = base.plus(2);
  a.type = AddressType::public_;
  return a;
}

bool valid_conn_index(Device& d, const Params& p, std::size_t i) {
  return p.int_in(i, 0, d.has(Defect::conn_index_unchecked) ? 7 : 0).has_value();
}

std::string quoted(const Address& a) {
  return "\"" + a.text() + "\"";
}

namespace {

Radio* radio(Device& d) {
  return ble(d).radio.get();
}

void send(Device& d, const Frame& f) {
  Radio* r = radio(d);
  if (r && r->air) r->air->send(f);
}

Address own_address(Device& d, std::int64_t own_type) {
  BleState& s = ble(d);
  if (own_type % 2 == 1 && s.random_addr) return *s.random_addr;
  return public_address(d);
}

// The GATT (0x1801) and GAP (0x1800) services every ESP32 serves, in Bluedroid's order (a
// client discovers 0x1801 first, §9.5.2.1).
void build_base_services(Device& d, Radio& r) {
  r.db.add_service(Uuid::from16(uuids::gatt_service));
  r.db.add_characteristic(Uuid::from16(uuids::service_changed), prop::indicate, 0,
                          Bytes{0, 0, 0, 0}, 4);
  r.db.add_cccd();
  r.db.add_service(Uuid::from16(uuids::gap_service));
  r.name_handle = r.db.add_characteristic(Uuid::from16(uuids::device_name), prop::read, perm::read,
                                          to_bytes(ble(d).name), 32);
  r.db.add_characteristic(Uuid::from16(uuids::appearance), prop::read, perm::read, Bytes{0, 0}, 2);
}

void print_report(Device& d, const Address& from, int rssi, const Bytes& data, const Bytes& rsp) {
  const std::string type = from.type == AddressType::random ? "1" : "0";
  if (d.has(Defect::blescan_field_order)) {
    return d.info("+BLESCAN:" + std::to_string(rssi) + "," + from.text() + "," + hex(rsp) + "," +
                  hex(data) + "," + type);
  }
  // §6.2.5's five fields; the address bare as §9.5.1.2 and v1.x builds print it.
  d.info("+BLESCAN:" + from.text() + "," + std::to_string(rssi) + "," + hex(data) + "," + hex(rsp) +
         "," + type);
}

void on_report(Device& d, const Frame& f) {
  Radio* r = radio(d);
  if (!r || !r->scanning) return;
  const Address from = f.address("from");
  const std::string& evt = f.str("evt");
  const int rssi = static_cast<int>(f.integer("rssi", -127, 20));
  const Bytes data = f.bytes("data");
  const bool active = ble(d).scan.type == 1 && !d.has(Defect::scan_active_ignored);
  if (evt == "scan_rsp") {
    auto it = r->held.find(from);
    if (it == r->held.end()) return;
    const HeldReport h = it->second;
    r->held.erase(it);
    return print_report(d, from, h.rssi, h.data, data);
  }
  if (active && (evt == "ind" || evt == "scan")) {
    r->held[from] = HeldReport{data, rssi};  // its scan response follows in the same event
    return;
  }
  print_report(d, from, rssi, data, {});
}

void on_connected(Device& d, const Frame& f) {
  Radio* r = radio(d);
  const bool central = f.str("role") == "central";
  const auto h = static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF));
  if (central && !r->connecting) {
    // We gave up (+BLECONN:0,fail) before the air made the link: end it.
    Frame x("DISCONNECT");
    x.set("h", h).set("reason", "0x13");
    return send(d, x);
  }
  if (r->conn) return;  // a second link (only with a defect's advertising): ignored
  Connection c;
  c.h = h;
  c.peer = f.address("peer");
  c.central = central;
  c.interval = f.integer("int", 6, 3200);
  c.latency = f.integer("lat", 0, 499);
  c.timeout = f.integer("sup", 10, 3200);
  c.min_interval = central ? kConnMin : c.interval;
  c.max_interval = central ? kConnMax : c.interval;
  c.att = std::make_shared<AttLink>();
  c.gattc = std::make_unique<GattClient>([&d](Bytes pdu) { send_att(d, pdu); });
  r->conn = std::move(c);
  if (central) {
    r->connecting.reset();
    if (r->connect_timer) d.loop().cancel(r->connect_timer);
    r->connect_timer = 0;
    if (!d.has(Defect::bleconn_urc_missing)) d.info("+BLECONN:0," + quoted(r->conn->peer));
  } else {
    // The controller stopped advertising when the central connected (§6.2.10 note).
    r->advertising = false;
    d.info("+BLECONN:0," + quoted(r->conn->peer));
    if (d.has(Defect::adv_after_connect)) {
      r->advertising = true;
      start_advertising(d);
    }
  }
  on_link_up(d);
}

void on_disconnected(Device& d, const Frame& f) {
  Radio* r = radio(d);
  const auto h = static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF));
  if (!r->conn || r->conn->h != h) return;
  const Address peer = r->conn->peer;
  const bool by_us = f.str("reason") == "0x16";
  auto gattc = std::move(r->conn->gattc);
  r->conn.reset();
  on_link_down(d, peer);
  if (gattc) gattc->abort();
  if (by_us || !d.has(Defect::bledisconn_urc_missing)) d.info("+BLEDISCONN:0," + quoted(peer));
}

void on_att(Device& d, const Bytes& pdu) {
  Radio* r = radio(d);
  if (!r->conn || pdu.empty()) return;
  const std::uint8_t op = pdu[0];
  // Requests, commands and confirmations are for our server; the rest for our client.
  if (att::is_request(op) || (op & 0x40) ||
      op == static_cast<std::uint8_t>(att::Op::handle_value_cfm)) {
    auto link = r->conn->att;
    r->server->handle(link, pdu, [&d](Bytes rsp) { send_att(d, rsp); });
    if (radio(d) && radio(d)->conn) radio(d)->conn->mtu = link->mtu;
    return;
  }
  r->conn->gattc->on_pdu(pdu);
}

void on_frame(Device& d, const Frame& f) {
  Radio* r = radio(d);
  if (!r) return;
  try {
    if (f.verb == "REPORT") return on_report(d, f);
    if (f.verb == "CONNECTED") return on_connected(d, f);
    if (f.verb == "DISCONNECTED") return on_disconnected(d, f);
    if (f.verb == "CONNECT_FAIL") {
      // Our own timeout printed +BLECONN:0,fail already when it cancelled.
      return;
    }
    if (f.verb == "PDU" && r->conn) {
      if (f.has("att")) return on_att(d, f.bytes("att"));
      if (f.has("smp")) return on_smp(d, f.bytes("smp"));
      return;
    }
    if (f.verb == "UPDATED" && r->conn) {
      r->conn->interval = f.integer("int", 6, 3200);
      r->conn->latency = f.integer("lat", 0, 499);
      r->conn->timeout = f.integer("sup", 10, 3200);
      return;
    }
    if (f.verb == "UPDATE_FAIL") return d.info("+BLECONNPARAM : 0,-1");  // §6.2.12's spelling
    if (f.verb == "DATA_LEN_CHANGED" && r->conn) {
      r->conn->dlen = f.integer("tx", 27, 251);
      return;
    }
    if (f.verb == "ENC_REQUEST" || f.verb == "ENCRYPTED") return on_encryption(d, f);
    if (f.verb == "ERROR") {
      std::fprintf(stderr, "atsim: the air refused a frame: %s\n", f.text().c_str());
    }
  } catch (const air::BadFrame& e) {
    std::fprintf(stderr, "atsim: unusable frame from the air (%s): %s\n", e.what(),
                 f.text().c_str());
  }
}

}  // namespace

void radio_up(Device& d, int role) {
  BleState& s = ble(d);
  s.role = role;
  s.radio = std::make_unique<Radio>();
  Radio& r = *s.radio;
  build_base_services(d, r);
  r.server = std::make_unique<AttServer>(r.db, att::kMaxMtu);
  r.server->set_lenient_cccd(true);
  install_server_hooks(d);
  const auto& o = d.state<BleOptions>();
  if (!o.air) return;
  try {
    // One connection; a planted defect that keeps advertising needs room for a second.
    const int conns = d.has(Defect::adv_after_connect) ? 2 : 1;
    r.air = std::make_unique<air::AirClient>(d.loop(), *o.air, public_address(d), "esp32", conns);
    r.air->on_frame = [&d](const Frame& f) { on_frame(d, f); };
    r.air->on_closed = [&d](const std::string& why) {
      std::fprintf(stderr, "atsim: lost the air: %s\n", why.c_str());
      if (Radio* x = radio(d)) x->air.reset();
    };
  } catch (const std::exception& e) {
    std::fprintf(stderr, "atsim: BLE without air: %s\n", e.what());
  }
}

void radio_down(Device& d) {
  BleState& s = ble(d);
  s.role = 0;
  if (s.radio && s.radio->scan_stop) d.loop().cancel(s.radio->scan_stop);
  if (s.radio && s.radio->connect_timer) d.loop().cancel(s.radio->connect_timer);
  // Closing the socket takes the radio off the air: a peer sees the supervision timeout.
  s.radio.reset();
}

bool start_advertising(Device& d) {
  BleState& s = ble(d);
  Radio* r = radio(d);
  static const char* kTypes[] = {"ind", "direct", "scan", "nonconn"};
  Frame f("ADV");
  const bool defaults = d.has(Defect::advstart_default_params);
  f.word("on")
      .set("type", kTypes[s.adv.type])
      .set("min", defaults ? 0x20 : s.adv.min)
      .set("max", defaults ? 0x40 : s.adv.max);
  f.set("ch", s.adv.channel).set("own", own_address(d, s.adv.own).air_text());
  f.set_hex("data", s.adv_data).set_hex("rsp", s.scan_rsp);
  if (s.adv.type == 1) {
    Address peer = s.adv.peer;
    peer.type = s.adv.peer_type == 1 ? AddressType::random : AddressType::public_;
    f.set("peer", peer.air_text());
  }
  r->advertising = true;
  send(d, f);
  return true;
}

void stop_advertising(Device& d) {
  Radio* r = radio(d);
  r->advertising = false;
  send(d, Frame("ADV").word("off"));
}

void start_scan(Device& d, std::int64_t seconds) {
  BleState& s = ble(d);
  Radio* r = radio(d);
  if (r->scan_stop) d.loop().cancel(r->scan_stop);
  r->scan_stop = 0;
  r->held.clear();
  r->scanning = true;
  Frame f("SCAN");
  const bool active = s.scan.type == 1 && !d.has(Defect::scan_active_ignored);
  f.word("on")
      .set("type", active ? "active" : "passive")
      .set("int", s.scan.interval)
      .set("win", s.scan.window);
  f.set("own", own_address(d, s.scan.own).air_text());
  send(d, f);
  if (seconds > 0 && !d.has(Defect::blescan_no_stop)) {
    r->scan_stop = d.after(std::chrono::seconds(seconds), [&d] {
      if (Radio* x = radio(d)) {
        x->scan_stop = 0;
        stop_scan(d);
      }
    });
  }
}

void stop_scan(Device& d) {
  Radio* r = radio(d);
  if (r->scan_stop) d.loop().cancel(r->scan_stop);
  r->scan_stop = 0;
  r->scanning = false;
  r->held.clear();
  send(d, Frame("SCAN").word("off"));
}

void connect(Device& d, const Address& peer) {
  Radio* r = radio(d);
  r->connecting = peer;
  Frame f("CONNECT");
  f.set("to", peer.air_text())
      .set("own", public_address(d).air_text())
      .set("min", kConnMin)
      .set("max", kConnMax);
  f.set("lat", kConnLatency).set("sup", kConnTimeout);
  send(d, f);
  r->connect_timer = d.after(kConnectTimeout, [&d, peer] {
    Radio* x = radio(d);
    if (!x || !x->connecting) return;
    x->connect_timer = 0;
    x->connecting.reset();
    send(d, Frame("CONNECT_CANCEL"));
    if (!d.has(Defect::bleconn_fail_silent)) d.info("+BLECONN:0,fail");
  });
}

void disconnect(Device& d) {
  Radio* r = radio(d);
  Frame f("DISCONNECT");
  f.set("h", r->conn->h).set("reason", "0x13");  // Remote User Terminated Connection
  send(d, f);
}

void update_params(Device& d, std::int64_t min, std::int64_t max, std::int64_t latency,
                   std::int64_t timeout) {
  Radio* r = radio(d);
  r->conn->min_interval = min;
  r->conn->max_interval = max;
  Frame f("UPDATE");
  f.set("h", r->conn->h).set("min", min).set("max", max).set("lat", latency).set("sup", timeout);
  send(d, f);
}

void set_data_length(Device& d, std::int64_t octets) {
  Radio* r = radio(d);
  Frame f("DATA_LEN");
  f.set("h", r->conn->h).set("tx", octets);
  send(d, f);
}

void send_att(Device& d, const Bytes& pdu) {
  Radio* r = radio(d);
  if (!r || !r->conn) return;
  Frame f("PDU");
  f.set("h", r->conn->h).set_hex("att", pdu);
  send(d, f);
}

}  // namespace atsim::bt
