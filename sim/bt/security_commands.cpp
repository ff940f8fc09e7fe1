// ESP32 §6.2.31-6.2.37: SMP parameters, pairing and its replies, bonded devices. The pairing
// itself is SMP-lite (security.cpp, sim/ble/smp.hpp).
#include "sim/bt/bonds.hpp"
#include "sim/bt/chapter.hpp"
#include "sim/bt/controller.hpp"
#include "sim/bt/security.hpp"
#include "sim/device.hpp"

namespace atsim::bt {
namespace {

bool connected(Device& d) {
  BleState& s = ble(d);
  return s.radio && s.radio->conn;
}

// esp32 §6.2.31 AT+BLESECPARAM
void secparam(Device& d, const Request& req) {
  SecParams& s = ble(d).sec;
  if (req.variant == kQuery) {
    d.info("+BLESECPARAM:" + std::to_string(s.auth_req) + "," + std::to_string(s.iocap) + "," +
           std::to_string(s.key_size) + "," + std::to_string(s.init_key) + "," +
           std::to_string(s.rsp_key));
    return d.ok();
  }
  const Params& p = req.params;
  if (p.size() != 5) return d.error();
  // The document's auth_req values (docs/contracts/ble.md, errata: ESP-IDF numbers them
  // otherwise).
  auto auth = p.int_in(0, 0, 7);
  const bool wide = d.has(Defect::secparam_keysize_unchecked);
  auto io = p.int_in(1, 0, 4), size = p.int_in(2, wide ? 1 : 7, wide ? 255 : 16),
       init = p.int_in(3, 0, 15), rsp = p.int_in(4, 0, 15);
  if (!auth || *auth == 3 || !io || !size || !init || !rsp) return d.error();
  s = SecParams{*auth, *io, *size, *init, *rsp};
  d.ok();
}

// esp32 §6.2.32 AT+BLEENC (spelled AT+BLEENCR in the table of contents)
void enc(Device& d, const Request& req) {
  const Params& p = req.params;
  auto act = p.int_in(1, 0, 3);
  if (p.size() != 2 || !valid_conn_index(d, p, 0) || !act || !connected(d)) return d.error();
  d.ok();
  if (*act != 0) start_security(d, *act);  // 0: ESP_BLE_SEC_NONE
}

// esp32 §6.2.33 AT+BLEENCRSP
void encrsp(Device& d, const Request& req) {
  const Params& p = req.params;
  auto accept = p.int_in(1, 0, 1);
  if (p.size() != 2 || !valid_conn_index(d, p, 0) || !accept || !connected(d)) return d.error();
  d.ok();
  accept_pairing(d, *accept == 1);
}

// esp32 §6.2.34 AT+BLEKEYREPLY
void keyreply(Device& d, const Request& req) {
  const Params& p = req.params;
  auto key = p.int_in(1, 0, 999999);
  if (p.size() != 2 || !valid_conn_index(d, p, 0) || !key || !connected(d)) return d.error();
  d.ok();
  reply_key(d, static_cast<std::uint32_t>(*key));
}

// esp32 §6.2.35 AT+BLECONFREPLY
void confreply(Device& d, const Request& req) {
  const Params& p = req.params;
  auto yes = p.int_in(1, 0, 1);
  if (p.size() != 2 || !valid_conn_index(d, p, 0) || !yes || !connected(d)) return d.error();
  d.ok();
  reply_confirm(d, *yes == 1);
}

// esp32 §6.2.36 AT+BLEENCDEV (spelled AT+BLEENCCDEV in the table of contents)
void encdev(Device& d, const Request&) {
  const auto bonds = load_bonds(d);
  for (std::size_t i = 0; i < bonds.size(); ++i)
    d.info("+BLEENCDEV:" + std::to_string(i) + "," + quoted(bonds[i].peer));
  d.ok();
}

// esp32 §6.2.37 AT+BLEENCCLEAR (spelled AT+BLEENCCCLEAR in the table of contents)
void encclear(Device& d, const Request& req) {
  auto bonds = load_bonds(d);
  if (req.variant == kSet) {
    auto idx = req.params.size() == 1
                   ? req.params.int_in(0, 0, static_cast<std::int64_t>(bonds.size()) - 1)
                   : std::nullopt;
    if (!idx) return d.error();  // no bond at that index
    bonds.erase(bonds.begin() + *idx);
  } else {
    bonds.clear();
  }
  if (!d.has(Defect::encclear_noop)) save_bonds(d, bonds);
  d.ok();
}

Handler needs_init(Handler h) {
  return [h = std::move(h)](Device& d, const Request& req) {
    if (ble(d).role == 0) return d.error();
    h(d, req);
  };
}

}  // namespace

void register_security_commands(Registry& r) {
  r.add("+BLESECPARAM", kQuery | kSet, needs_init(secparam));
  r.add("+BLEENC", kSet, needs_init(enc));
  r.add("+BLEENCRSP", kSet, needs_init(encrsp));
  r.add("+BLEKEYREPLY", kSet, needs_init(keyreply));
  r.add("+BLECONFREPLY", kSet, needs_init(confreply));
  r.add("+BLEENCDEV", kQuery, needs_init(encdev));
  r.add("+BLEENCCLEAR", kSet | kExecute, needs_init(encclear));
}

}  // namespace atsim::bt
