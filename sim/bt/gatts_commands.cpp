// ESP32 §6.2.16-6.2.23: the GATT server's commands. The services come from the ble_data
// partition (docs/contracts/ble.md: an erased partition holds the factory default table).
#include <cstdio>

#include "sim/bt/busy.hpp"
#include "sim/bt/chapter.hpp"
#include "sim/bt/controller.hpp"
#include "sim/bt/local_index.hpp"
#include "sim/device.hpp"

namespace atsim::bt {
namespace {

using namespace ble;

Radio* server_radio(Device& d) {
  BleState& s = ble(d);
  return s.role == 2 ? s.radio.get() : nullptr;
}

const LocalService* service_at(Radio& r, const Params& p, std::size_t i) {
  auto idx = p.int_in(i, 1, static_cast<std::int64_t>(r.services.size()));
  return idx ? &r.services[static_cast<std::size_t>(*idx - 1)] : nullptr;
}

const LocalCharacteristic* char_at(const LocalService& s, const Params& p, std::size_t i) {
  auto idx = p.int_in(i, 1, static_cast<std::int64_t>(s.characteristics.size()));
  return idx ? &s.characteristics[static_cast<std::size_t>(*idx - 1)] : nullptr;
}

std::vector<TableEntry> table_from_flash(Device& d, std::string* why) {
  auto bytes = d.storage().get("flash.ble_data");
  if (!bytes || bytes->empty()) return default_service_table();  // the factory image
  auto t = parse_service_partition(*bytes);
  if (auto* e = std::get_if<TableError>(&t)) {
    *why = "ble_data partition, offset " + std::to_string(e->offset) + ": " + e->why;
    return {};
  }
  return std::get<std::vector<TableEntry>>(t);
}

// esp32 §6.2.16 AT+BLEGATTSSRVCRE
void srvcre(Device& d, const Request&) {
  Radio* r = server_radio(d);
  if (!r || r->services_created) return d.error();
  // "If a BLE connection is established first, the service creation will fail."
  if (r->conn && !d.has(Defect::gatts_create_after_connect)) return d.error();
  std::string why;
  auto table = table_from_flash(d, &why);
  if (table.empty()) {
    std::fprintf(stderr, "atsim: AT+BLEGATTSSRVCRE: %s\n", why.c_str());
    return d.error();
  }
  auto added = add_table(r->db, table);
  if (auto* e = std::get_if<TableError>(&added)) {
    std::fprintf(stderr, "atsim: AT+BLEGATTSSRVCRE: ble_data %s\n", e->why.c_str());
    return d.error();
  }
  r->services = std::get<std::vector<LocalService>>(added);
  r->services_created = true;
  d.ok();
}

void set_started(Device& d, const Request& req, bool start) {
  Radio* r = server_radio(d);
  if (!r || !r->services_created) return d.error();
  std::vector<LocalService*> which;
  if (req.variant == kExecute) {
    for (auto& s : r->services) which.push_back(&s);
  } else {
    auto idx = req.params.size() == 1
                   ? req.params.int_in(0, 1, static_cast<std::int64_t>(r->services.size()))
                   : std::nullopt;
    if (!idx) return d.error();
    which.push_back(&r->services[static_cast<std::size_t>(*idx - 1)]);
  }
  for (LocalService* s : which) {
    if (start) {
      s->started = true;
      if (!d.has(Defect::srvstart_not_served)) r->db.set_hidden(s->info, false);
    } else if (!d.has(Defect::srvstop_noop)) {
      s->started = false;
      r->db.set_hidden(s->info, true);
    }
  }
  d.ok();
}

// esp32 §6.2.17 AT+BLEGATTSSRVSTART
void srvstart(Device& d, const Request& req) {
  set_started(d, req, true);
}

// esp32 §6.2.18 AT+BLEGATTSSRVSTOP (its execute form spelled AT+BLEGATTSSTOP in the document)
void srvstop(Device& d, const Request& req) {
  set_started(d, req, false);
}

// esp32 §6.2.19 AT+BLEGATTSSRV (spelled AT+BLEGATTSSSRV in §6.1)
void srv(Device& d, const Request&) {
  Radio* r = server_radio(d);
  if (!r) return d.error();
  const int base = d.has(Defect::gatts_index_from_zero) ? 0 : 1;
  for (std::size_t i = 0; i < r->services.size(); ++i) {
    const auto& s = r->services[i];
    d.info("+BLEGATTSSRV:" + std::to_string(i + base) + "," + (s.started ? "1" : "0") + "," +
           s.info.uuid.at_text() + "," + (s.info.primary ? "1" : "0"));
  }
  d.ok();
}

// esp32 §6.2.20 AT+BLEGATTSCHAR (spelled AT+BLEGATTSCCHAR in the section title)
void chr(Device& d, const Request&) {
  Radio* r = server_radio(d);
  if (!r) return d.error();
  for (std::size_t si = 0; si < r->services.size(); ++si) {
    const auto& s = r->services[si];
    for (std::size_t ci = 0; ci < s.characteristics.size(); ++ci) {
      const auto& c = s.characteristics[ci];
      const int props =
          d.has(Defect::gattschar_perm_as_prop) ? r->db.find(c.info.value)->perm : c.info.props;
      // Properties in decimal, as §9.5.2.1's discovery output prints them.
      d.info("+BLEGATTSCHAR:\"char\"," + std::to_string(si + 1) + "," + std::to_string(ci + 1) +
             "," + c.info.uuid.at_text() + "," + std::to_string(props));
      for (std::size_t k = 0; k < c.descriptors.size(); ++k) {
        d.info("+BLEGATTSCHAR:\"desc\"," + std::to_string(si + 1) + "," + std::to_string(ci + 1) +
               "," + std::to_string(k + 1) + "," + r->db.find(c.descriptors[k])->type.at_text());
      }
    }
  }
  d.ok();
}

// §6.2.21 and §6.2.22: notify or indicate <length> bytes of a characteristic to the client.
void send_value(Device& d, const Request& req, bool indication) {
  Radio* r = server_radio(d);
  const Params& p = req.params;
  if (!r || p.size() != 4 || !valid_conn_index(d, p, 0) || !r->conn) return d.error();
  const LocalService* s = service_at(*r, p, 1);
  const LocalCharacteristic* c = s ? char_at(*s, p, 2) : nullptr;
  const std::uint8_t need = indication ? prop::indicate : prop::notify;
  auto len = p.int_in(3, 1, r->conn->mtu - 3);
  if (!c || !(c->info.props & need) || !len) return d.error();
  const std::uint16_t handle = c->info.value;
  d.expect_data(static_cast<std::size_t>(*len), [&d, handle, indication](std::string data) {
    Radio* x = server_radio(d);
    if (!x || !x->conn) return d.error();
    const Bytes value = to_bytes(data);
    if (!indication) {
      if (!d.has(Defect::ntfy_not_delivered))
        send_att(d, AttServer::notification(*x->conn->att, handle, value));
      return d.ok();
    }
    x->indication_pending = true;
    send_att(d, AttServer::indication(*x->conn->att, handle, value));
    if (d.has(Defect::ind_ok_before_confirm)) return d.ok();
    // OK once the client confirmed; ERROR if the link goes or ATT's 30 s pass first.
    busy_until(
        d,
        [&d] {
          Radio* y = server_radio(d);
          return !y || !y->conn || !y->indication_pending;
        },
        Clock::now() + kAttTimeout,
        [&d](bool) {
          Radio* y = server_radio(d);
          if (y && y->conn && !y->indication_pending) return d.ok();
          d.error();
        });
  });
}

// esp32 §6.2.21 AT+BLEGATTSNTFY (spelled AT+BLEGATTNTFY in the section title)
void ntfy(Device& d, const Request& req) {
  send_value(d, req, false);
}

// esp32 §6.2.22 AT+BLEGATTSIND
void ind(Device& d, const Request& req) {
  send_value(d, req, true);
}

// esp32 §6.2.23 AT+BLEGATTSSETATTR (spelled AT+BLEGATTSETATTR in the section title)
void setattr(Device& d, const Request& req) {
  Radio* r = server_radio(d);
  const Params& p = req.params;
  if (!r || !r->services_created || (p.size() != 3 && p.size() != 4)) return d.error();
  const LocalService* s = service_at(*r, p, 0);
  const LocalCharacteristic* c = s ? char_at(*s, p, 1) : nullptr;
  if (!c) return d.error();
  std::uint16_t handle = c->info.value;
  if (p.size() == 4 && p[2].kind != Param::Kind::empty) {
    auto k = p.int_in(2, 1, static_cast<std::int64_t>(c->descriptors.size()));
    if (!k) return d.error();
    handle = c->descriptors[static_cast<std::size_t>(*k - 1)];
  }
  const std::size_t max_len = r->db.find(handle)->max_len;
  auto len =
      p.int_in(p.size() - 1, 1,
               d.has(Defect::setattr_len_unchecked) ? 512 : static_cast<std::int64_t>(max_len));
  if (!len)
    return d.error();  // "If the <length> is larger than the maximum length allowed, the setting
                       // will fail."
  d.expect_data(static_cast<std::size_t>(*len), [&d, handle, max_len](std::string data) {
    Radio* x = server_radio(d);
    if (!x) return d.error();
    Bytes value = to_bytes(data);
    if (value.size() > max_len) value.resize(max_len);  // the defect's silent cut
    x->db.find(handle)->value = std::move(value);
    d.ok();
  });
}

Handler needs_init(Handler h) {
  return [h = std::move(h)](Device& d, const Request& req) {
    if (ble(d).role == 0) return d.error();
    h(d, req);
  };
}

}  // namespace

void register_gatts_commands(Registry& r) {
  r.add("+BLEGATTSSRVCRE", kExecute, needs_init(srvcre));
  r.add("+BLEGATTSSRVSTART", kExecute | kSet, needs_init(srvstart));
  r.add("+BLEGATTSSRVSTOP", kExecute | kSet, needs_init(srvstop));
  r.add("+BLEGATTSSRV", kQuery, needs_init(srv));
  r.add("+BLEGATTSCHAR", kQuery, needs_init(chr));
  r.add("+BLEGATTSNTFY", kSet, needs_init(ntfy));
  r.add("+BLEGATTSIND", kSet, needs_init(ind));
  r.add("+BLEGATTSSETATTR", kSet, needs_init(setattr));
}

}  // namespace atsim::bt
