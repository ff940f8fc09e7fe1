// ESP32 §6.2.1-6.2.15: BLE initialisation and GAP (address, name, scanning, advertising,
// connections, their parameters, data length, MTU). docs/contracts/ble.md fixes what the
// document leaves open.
#include "sim/ble/ad.hpp"
#include "sim/bt/chapter.hpp"
#include "sim/bt/controller.hpp"
#include "sim/device.hpp"
#include "sim/net/net.hpp"

namespace atsim::bt {
namespace {

using namespace ble;

// A quoted hex string of whole bytes, at most 31 of them (§6.2.6, §6.2.8 notes).
std::optional<Bytes> adv_bytes(Device& d, const Params& p) {
  auto text = p.string_at(0);
  if (!text || p.size() != 1) return std::nullopt;
  std::string digits = *text;
  if (digits.size() % 2 != 0 && d.has(Defect::advdata_odd_hex))
    digits.pop_back();  // the last nibble lost
  auto bytes = from_hex(digits);
  if (!bytes) return std::nullopt;
  if (bytes->size() > kLegacyAdvMax) {
    if (!d.has(Defect::advdata_len_unchecked) || bytes->size() > 2 * kLegacyAdvMax)
      return std::nullopt;
    bytes->resize(kLegacyAdvMax);  // silently cut
  }
  return bytes;
}

bool initialised(Device& d) {
  return ble(d).role != 0;
}
Connection* connection(Device& d) {
  Radio* r = ble(d).radio.get();
  return r && r->conn ? &*r->conn : nullptr;
}

// esp32 §6.2.1 AT+BLEINIT
void bleinit(Device& d, const Request& req) {
  BleState& s = ble(d);
  if (req.variant == kQuery) {
    d.info("+BLEINIT:" + std::to_string(s.role));
    return d.ok();
  }
  if (req.params.size() != 1) return d.error();
  auto role = req.params.int_in(0, 0, 2);
  if (!role) return d.error();
  if (*role == 0) {
    if (s.role) radio_down(d);
    clear_gatt(d);
    return d.ok();
  }
  if (s.role == *role) return d.ok();
  // "the BLE role cannot be changed directly": AT+RST or AT+BLEINIT=0 first.
  if (s.role != 0 && !d.has(Defect::bleinit_role_switch)) return d.error();
  // §6.1: BLE and UART-Wi-Fi passthrough "cannot be used together" (docs/contracts/ble.md).
  if (net(d).cipmode == 1) return d.error();
  if (s.role != 0) radio_down(d);
  radio_up(d, static_cast<int>(*role));
  d.ok();
}

// esp32 §6.2.2 AT+BLEADDR
void bleaddr(Device& d, const Request& req) {
  BleState& s = ble(d);
  if (req.variant == kQuery) {
    const Address shown =
        d.has(Defect::bleaddr_query_random) && s.random_addr ? *s.random_addr : public_address(d);
    d.info("+BLEADDR:" + shown.text());  // bare, as §9.5.2.1 prints it
    return d.ok();
  }
  // "only ... setting the BLE random address" is supported: <addr_type> must be 1.
  if (req.params.size() != 2 || !req.params.int_in(0, 1, 1)) return d.error();
  auto text = req.params.string_at(1);
  auto a = text ? parse_address(*text, AddressType::random) : std::nullopt;
  if (!a) return d.error();
  if (!a->is_static_random() && !d.has(Defect::bleaddr_random_unchecked)) return d.error();
  s.random_addr = *a;
  d.ok();
}

// esp32 §6.2.3 AT+BLENAME (spelled AT+BLENANE in the document)
void blename(Device& d, const Request& req) {
  BleState& s = ble(d);
  if (req.variant == kQuery) {
    d.info("+BLENAME:" + s.name);
    return d.ok();
  }
  auto name = req.params.string_at(0);
  // No limit in v1.1; newer builds allow 32 bytes, the GAP Device Name's room here.
  if (req.params.size() != 1 || !name || name->empty() || name->size() > 32) return d.error();
  s.name = *name;
  Radio* r = s.radio.get();
  if (r && !d.has(Defect::blename_not_in_gap)) r->db.find(r->name_handle)->value = to_bytes(*name);
  d.ok();
}

// esp32 §6.2.4 AT+BLESCANPARAM
void blescanparam(Device& d, const Request& req) {
  BleState& s = ble(d);
  if (req.variant == kQuery) {
    const ScanParams& p = s.scan;
    d.info("+BLESCANPARAM:" + std::to_string(p.type) + "," + std::to_string(p.own) + "," +
           std::to_string(p.filter) + "," + std::to_string(p.interval) + "," +
           std::to_string(p.window));
    return d.ok();
  }
  const Params& p = req.params;
  if (p.size() != 5) return d.error();
  auto type = p.int_in(0, 0, 1), own = p.int_in(1, 0, 3), filter = p.int_in(2, 0, 3);
  // The Core range 0x0004-0x4000 (the document gives none).
  auto interval = p.int_in(3, 4, 0x4000), window = p.int_in(4, 4, 0x4000);
  if (!type || !own || !filter || !interval || !window) return d.error();
  if (*window > *interval && !d.has(Defect::scanparam_window_unchecked))
    return d.error();  // the note
  s.scan = ScanParams{*type, *own, *filter, *interval, *window};
  d.ok();
}

// esp32 §6.2.5 AT+BLESCAN
void blescan(Device& d, const Request& req) {
  const Params& p = req.params;
  if (p.size() < 1 || p.size() > 2) return d.error();
  auto enable = p.int_in(0, 0, 1);
  // <interval> in seconds; 0 or omitted: until AT+BLESCAN=0. "should be omitted" when
  // disabling: given anyway, it is ignored.
  auto seconds = p.size() == 2 ? p.int_in(1, 0, 3600) : std::optional<std::int64_t>(0);
  if (!enable || !seconds) return d.error();
  d.ok();  // the lines follow the OK, as §9.5.1.2 and v1.x builds show
  if (*enable == 1) {
    start_scan(d, *seconds);
  } else {
    stop_scan(d);
  }
}

// esp32 §6.2.6 AT+BLESCANRSPDATA
void blescanrspdata(Device& d, const Request& req) {
  auto bytes = adv_bytes(d, req.params);
  if (!bytes) return d.error();
  BleState& s = ble(d);
  if (!d.has(Defect::scanrsp_not_applied)) s.scan_rsp = *bytes;
  if (s.radio->advertising) start_advertising(d);
  d.ok();
}

// esp32 §6.2.7 AT+BLEADVPARAM
void bleadvparam(Device& d, const Request& req) {
  BleState& s = ble(d);
  if (req.variant == kQuery) {
    const AdvParams& a = d.has(Defect::advparam_query_stale) ? AdvParams{} : s.adv;
    d.info("+BLEADVPARAM:" + std::to_string(a.min) + "," + std::to_string(a.max) + "," +
           std::to_string(a.type) + "," + std::to_string(a.own) + "," + std::to_string(a.channel) +
           "," + std::to_string(a.filter) + "," + std::to_string(a.peer_type) + ",\"" +
           a.peer.text() + "\"");
    return d.ok();
  }
  const Params& p = req.params;
  // The last three "should be set together, or be omitted together".
  if (p.size() != 5 && p.size() != 8) return d.error();
  AdvParams a;
  auto min = p.int_in(0, 0x20, 0x4000), max = p.int_in(1, 0x20, 0x4000), type = p.int_in(2, 0, 3),
       own = p.int_in(3, 0, 1), ch = p.int_in(4, 1, 7);
  if (!min || !max || !type || !own || !ch || *min > *max) return d.error();
  a.min = *min;
  a.max = *max;
  a.type = *type;
  a.own = *own;
  a.channel = *ch;
  if (p.size() == 8) {
    auto filter = p.int_in(5, 0, 3), peer_type = p.int_in(6, 0, 1);
    auto text = p.string_at(7);
    auto peer = text ? parse_address(*text) : std::nullopt;
    if (!filter || !peer_type || !peer) return d.error();
    a.filter = *filter;
    a.peer_type = *peer_type;
    a.peer = *peer;
  } else if (a.type == 1) {
    return d.error();  // directed advertising needs its peer
  }
  s.adv = a;
  d.ok();
}

// esp32 §6.2.8 AT+BLEADVDATA
void bleadvdata(Device& d, const Request& req) {
  auto bytes = adv_bytes(d, req.params);
  if (!bytes) return d.error();
  BleState& s = ble(d);
  s.adv_data = *bytes;
  if (s.radio->advertising) start_advertising(d);
  d.ok();
}

// esp32 §6.2.9 AT+BLEADVSTART
void bleadvstart(Device& d, const Request&) {
  BleState& s = ble(d);
  const bool connectable = s.adv.type == 0 || s.adv.type == 1;
  if (connection(d) && connectable) return d.error();      // the one connection is in use
  if (s.adv.own == 1 && !s.random_addr) return d.error();  // no random address set
  start_advertising(d);
  d.ok();
}

// esp32 §6.2.10 AT+BLEADVSTOP
void bleadvstop(Device& d, const Request&) {
  if (!d.has(Defect::advstop_noop)) stop_advertising(d);
  d.ok();
}

// esp32 §6.2.11 AT+BLECONN
void bleconn(Device& d, const Request& req) {
  BleState& s = ble(d);
  if (req.variant == kQuery) {
    if (Connection* c = connection(d)) d.info("+BLECONN:0," + quoted(c->peer));
    return d.ok();
  }
  const Params& p = req.params;
  if (s.role != 1 || p.size() < 2 || p.size() > 3 || !valid_conn_index(d, p, 0)) return d.error();
  auto text = p.string_at(1);
  auto type = p.size() == 3 ? p.int_in(2, 0, 3) : std::optional<std::int64_t>(0);
  auto peer = text && type
                  ? parse_address(*text, *type % 2 ? AddressType::random : AddressType::public_)
                  : std::nullopt;
  if (!peer || connection(d) || s.radio->connecting) return d.error();
  d.ok();
  connect(d, *peer);
}

// esp32 §6.2.12 AT+BLECONNPARAM
void bleconnparam(Device& d, const Request& req) {
  Connection* c = connection(d);
  if (req.variant == kQuery) {
    if (!c) return d.error();
    const bool stale = d.has(Defect::connparam_query_stale);
    const std::int64_t min = stale ? kConnMin : c->min_interval,
                       max = stale ? kConnMax : c->max_interval;
    const std::int64_t cur = stale && c->central ? kConnMin : c->interval;
    d.info("+BLECONNPARAM:0," + std::to_string(min) + "," + std::to_string(max) + "," +
           std::to_string(cur) + "," + std::to_string(stale ? kConnLatency : c->latency) + "," +
           std::to_string(stale ? kConnTimeout : c->timeout));
    return d.ok();
  }
  const Params& p = req.params;
  if (p.size() != 5 || !valid_conn_index(d, p, 0)) return d.error();
  auto min = p.int_in(1, 6, 0x0C80), max = p.int_in(2, 6, 0x0C80), lat = p.int_in(3, 0, 0x01F3),
       timeout = p.int_in(4, 0x000A, 0x0C80);
  if (!min || !max || !lat || !timeout || *min > *max) return d.error();
  // "This command supports the client only", on an established connection.
  if (!c || !c->central) return d.error();
  d.ok();
  update_params(d, *min, *max, *lat, *timeout);
}

// esp32 §6.2.13 AT+BLEDISCONN
void bledisconn(Device& d, const Request& req) {
  if (req.params.size() != 1 || !valid_conn_index(d, req.params, 0) || !connection(d))
    return d.error();
  d.ok();
  disconnect(d);
}

// esp32 §6.2.14 AT+BLEDATALEN
void bledatalen(Device& d, const Request& req) {
  const Params& p = req.params;
  const bool wide = d.has(Defect::datalen_range_unchecked);
  auto len = p.int_in(1, wide ? 0x1a : 0x1b, wide ? 0xfc : 0xfb);
  if (p.size() != 2 || !valid_conn_index(d, p, 0) || !len || !connection(d)) return d.error();
  set_data_length(d, std::clamp<std::int64_t>(*len, 27, 251));  // the controller's own limits
  d.ok();
}

// esp32 §6.2.15 AT+BLECFGMTU
void blecfgmtu(Device& d, const Request& req) {
  Connection* c = connection(d);
  if (req.variant == kQuery) {
    if (!c) return d.error();
    const std::uint16_t shown =
        d.has(Defect::cfgmtu_not_negotiated) && c->requested_mtu ? c->requested_mtu : c->mtu;
    d.info("+BLECFGMTU:0," + std::to_string(shown));
    return d.ok();
  }
  const Params& p = req.params;
  // The Core minimum ATT_MTU 23 up to 517 (the document gives no range).
  auto mtu = p.int_in(1, att::kDefaultMtu, att::kMaxMtu);
  if (p.size() != 2 || !valid_conn_index(d, p, 0) || !mtu) return d.error();
  if (!c || !c->central) return d.error();  // "Only the client can call this command"
  c->requested_mtu = static_cast<std::uint16_t>(*mtu);
  d.ok();  // "The OK response only means that the MTU length must be set"
  if (d.has(Defect::cfgmtu_not_negotiated)) return;  // no Exchange MTU Request goes out
  c->gattc->exchange_mtu(c->requested_mtu, [&d](Status s, std::uint16_t negotiated) {
    Connection* now = connection(d);
    if (!now || !s.ok()) return;
    now->mtu = negotiated;
    now->att->mtu = negotiated;
  });
}

// Every BLE command but AT+BLEINIT answers ERROR before AT+BLEINIT=1|2 (§6.2.1 note).
Handler needs_init(Handler h) {
  return [h = std::move(h)](Device& d, const Request& req) {
    if (!initialised(d)) return d.error();
    h(d, req);
  };
}

}  // namespace

void register_gap_commands(Registry& r) {
  r.add("+BLEINIT", kQuery | kSet, bleinit);
  r.add("+BLEADDR", kQuery | kSet, needs_init(bleaddr));
  r.add("+BLENAME", kQuery | kSet, needs_init(blename));
  r.add("+BLESCANPARAM", kQuery | kSet, needs_init(blescanparam));
  r.add("+BLESCAN", kSet, needs_init(blescan));
  r.add("+BLESCANRSPDATA", kSet, needs_init(blescanrspdata));
  r.add("+BLEADVPARAM", kQuery | kSet, needs_init(bleadvparam));
  r.add("+BLEADVDATA", kSet, needs_init(bleadvdata));
  r.add("+BLEADVSTART", kExecute, needs_init(bleadvstart));
  r.add("+BLEADVSTOP", kExecute, needs_init(bleadvstop));
  r.add("+BLECONN", kQuery | kSet, needs_init(bleconn));
  r.add("+BLECONNPARAM", kQuery | kSet, needs_init(bleconnparam));
  r.add("+BLEDISCONN", kSet, needs_init(bledisconn));
  r.add("+BLEDATALEN", kSet, needs_init(bledatalen));
  r.add("+BLECFGMTU", kQuery | kSet, needs_init(blecfgmtu));
}

}  // namespace atsim::bt
