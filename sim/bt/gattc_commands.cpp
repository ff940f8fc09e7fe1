// ESP32 §6.2.24-6.2.28: the GATT client's commands toward the connected server, and the
// +NOTIFY/+INDICATE messages (§8, §9.5.2.1) its notifications and indications print. The
// indexes are positions in what AT+BLEGATTCPRIMSRV and AT+BLEGATTCCHAR discovered, from 1.
#include "sim/bt/busy.hpp"
#include "sim/bt/chapter.hpp"
#include "sim/bt/controller.hpp"
#include "sim/bt/local_index.hpp"
#include "sim/device.hpp"

namespace atsim::bt {
namespace {

using namespace ble;

// The client's link: client role, connected, conn_index 0.
Connection* client_link(Device& d, const Params& p) {
  BleState& s = ble(d);
  if (s.role != 1 || !s.radio || !s.radio->conn || !valid_conn_index(d, p, 0)) return nullptr;
  return &*s.radio->conn;
}

// Runs one GATT procedure as a command: busy until its callback, then `finish`.
template <class Result>
void run(Device& d, std::function<void(std::function<void(Status, Result)>)> start,
         std::function<void(Status, const Result&)> finish) {
  auto status = std::make_shared<std::optional<Status>>();
  auto result = std::make_shared<Result>();
  start([status, result](Status s, Result r) {
    *status = s;
    *result = std::move(r);
  });
  busy_until(
      d, [status] { return status->has_value(); }, Clock::now() + kAttTimeout,
      [status, result, finish](bool done) {
        finish(done ? **status : Status{Status::Kind::link_lost, att::Error::none, 0}, *result);
      });
}

const RemoteService* remote_service(Radio& r, const Params& p, std::size_t i, int* index) {
  auto idx = p.int_in(i, 1, static_cast<std::int64_t>(r.remote.services.size()));
  if (!idx) return nullptr;
  *index = static_cast<int>(*idx);
  return &r.remote.services[static_cast<std::size_t>(*idx - 1)];
}

const RemoteCharacteristic* remote_char(Radio& r, int srv, const Params& p, std::size_t i,
                                        int* index) {
  auto it = r.remote.chars.find(srv);
  if (it == r.remote.chars.end()) return nullptr;
  auto idx = p.int_in(i, 1, static_cast<std::int64_t>(it->second.size()));
  if (!idx) return nullptr;
  *index = static_cast<int>(*idx);
  return &it->second[static_cast<std::size_t>(*idx - 1)];
}

// The handle a read or write aims at: a value, or one of its discovered descriptors.
std::optional<std::uint16_t> target(Radio& r, const Params& p, bool with_desc_slot,
                                    const RemoteCharacteristic** ch) {
  int srv = 0, ci = 0;
  if (!remote_service(r, p, 1, &srv)) return std::nullopt;
  const RemoteCharacteristic* c = remote_char(r, srv, p, 2, &ci);
  if (!c) return std::nullopt;
  *ch = c;
  if (!with_desc_slot || p[3].kind == Param::Kind::empty) return c->value;
  auto it = r.remote.descs.find({srv, ci});
  if (it == r.remote.descs.end()) return std::nullopt;
  auto k = p.int_in(3, 1, static_cast<std::int64_t>(it->second.size()));
  if (!k) return std::nullopt;
  return it->second[static_cast<std::size_t>(*k - 1)].handle;
}

// esp32 §6.2.24 AT+BLEGATTCPRIMSRV (labelled a query; spelled AT+BLEGATTCPIMSRV in places)
void primsrv(Device& d, const Request& req) {
  Connection* c = client_link(d, req.params);
  if (!c || req.params.size() != 1) return d.error();
  run<std::vector<RemoteService>>(
      d, [c](auto cb) { c->gattc->discover_primary_services(std::move(cb)); },
      [&d](Status s, const std::vector<RemoteService>& v) {
        Radio* r = ble(d).radio.get();
        if (!s.ok() || !r || !r->conn) return d.error();
        r->remote = RemoteTable{};
        for (const auto& svc : v) {
          const auto u = svc.uuid.short16();
          // The planted firmware leaves out the GAP and GATT services the notice counts.
          if (d.has(Defect::gattc_hides_gap_gatt) &&
              (u == uuids::gap_service || u == uuids::gatt_service))
            continue;
          r->remote.services.push_back(svc);
        }
        r->remote.services_known = true;
        for (std::size_t i = 0; i < r->remote.services.size(); ++i) {
          d.info("+BLEGATTCPRIMSRV:0," + std::to_string(i + 1) + "," +
                 r->remote.services[i].uuid.at_text() + ",1");
        }
        d.ok();
      });
}

// esp32 §6.2.25 AT+BLEGATTCINCLSRV (spelled AT+BLEGATTINCLSRV in §6.1)
void inclsrv(Device& d, const Request& req) {
  Connection* c = client_link(d, req.params);
  Radio* r = ble(d).radio.get();
  int srv = 0;
  const RemoteService* s =
      c && req.params.size() == 2 ? remote_service(*r, req.params, 1, &srv) : nullptr;
  if (!s) return d.error();
  const RemoteService svc = *s;
  run<std::vector<RemoteInclude>>(
      d, [c, svc](auto cb) { c->gattc->find_included_services(svc.start, svc.end, std::move(cb)); },
      [&d, srv, svc](Status st, const std::vector<RemoteInclude>& v) {
        Radio* x = ble(d).radio.get();
        if (!st.ok() || !x || !x->conn) return d.error();
        for (const auto& inc : v) {
          bool primary = false;
          for (const auto& p : x->remote.services) primary = primary || p.start == inc.start;
          const Uuid shown = d.has(Defect::inclsrv_own_uuid) ? svc.uuid : inc.uuid;
          d.info("+BLEGATTCINCLSRV:0," + std::to_string(srv) + "," + svc.uuid.at_text() + ",1," +
                 shown.at_text() + "," + (primary ? "1" : "0"));
        }
        d.ok();
      });
}

// esp32 §6.2.26 AT+BLEGATTCCHAR (spelled AT+BLEGATTCHAR in the section title)
void cchar(Device& d, const Request& req) {
  Connection* c = client_link(d, req.params);
  Radio* r = ble(d).radio.get();
  int srv = 0;
  const RemoteService* s =
      c && req.params.size() == 2 ? remote_service(*r, req.params, 1, &srv) : nullptr;
  if (!s) return d.error();
  const RemoteService svc = *s;
  run<std::vector<RemoteCharacteristic>>(
      d,
      [c, svc](auto cb) { c->gattc->discover_characteristics(svc.start, svc.end, std::move(cb)); },
      [&d, c, srv, svc](Status st, const std::vector<RemoteCharacteristic>& chars) {
        Radio* x = ble(d).radio.get();
        if (!st.ok() || !x || !x->conn) return d.error();
        x->remote.chars[srv] = chars;
        // Each characteristic's descriptors lie between its value and the next declaration.
        auto pending = std::make_shared<std::size_t>(chars.size());
        for (std::size_t i = 0; i < chars.size(); ++i) {
          const std::uint16_t first = static_cast<std::uint16_t>(chars[i].value + 1);
          const std::uint16_t last =
              i + 1 < chars.size() ? static_cast<std::uint16_t>(chars[i + 1].decl - 1) : svc.end;
          c->gattc->discover_descriptors(
              first, last, [&d, srv, i, pending](Status, std::vector<RemoteDescriptor> v) {
                if (Radio* y = ble(d).radio.get())
                  y->remote.descs[{srv, static_cast<int>(i + 1)}] = std::move(v);
                --*pending;
              });
        }
        busy_until(
            d, [pending] { return *pending == 0; }, Clock::now() + kAttTimeout,
            [&d, srv](bool done) {
              Radio* y = ble(d).radio.get();
              if (!done || !y || !y->conn) return d.error();
              const auto& list = y->remote.chars[srv];
              for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string at = "0," + std::to_string(srv) + "," + std::to_string(i + 1);
                d.info("+BLEGATTCCHAR:\"char\"," + at + "," + list[i].uuid.at_text() + "," +
                       std::to_string(list[i].props));
                if (d.has(Defect::gattcchar_desc_missing)) continue;
                const auto& descs = y->remote.descs[{srv, static_cast<int>(i + 1)}];
                for (std::size_t k = 0; k < descs.size(); ++k) {
                  d.info("+BLEGATTCCHAR:\"desc\"," + at + "," + std::to_string(k + 1) + "," +
                         descs[k].uuid.at_text());
                }
              }
              d.ok();
            });
      });
}

// esp32 §6.2.27 AT+BLEGATTCRD (its response spelled +BLEGATTCDR in the document)
void crd(Device& d, const Request& req) {
  const Params& p = req.params;
  Connection* c = client_link(d, p);
  if (!c || (p.size() != 3 && p.size() != 4)) return d.error();
  const RemoteCharacteristic* ch = nullptr;
  auto handle = target(*ble(d).radio, p, p.size() == 4, &ch);
  if (!handle) return d.error();
  // "If the target characteristic cannot be read, it will return ERROR."
  if (*handle == ch->value && !(ch->props & prop::read)) return d.error();
  const std::uint16_t h = *handle;
  run<Bytes>(
      d, [c, h](auto cb) { c->gattc->read(h, std::move(cb)); },
      [&d](Status s, const Bytes& v) {
        if (!s.ok()) {
          if (s.kind == Status::Kind::att_error && d.has(Defect::gattcrd_error_ok)) {
            d.info("+BLEGATTCRD:0,0,");
            return d.ok();
          }
          return d.error();
        }
        const std::string value = d.has(Defect::gattcrd_raw_value) ? to_string(v) : hex(v);
        d.info("+BLEGATTCRD:0," + std::to_string(v.size()) + "," + value);
        d.ok();
      });
}

// esp32 §6.2.28 AT+BLEGATTCWR (spelled AT+BLEGATTCSR in its title and examples)
void cwr(Device& d, const Request& req) {
  const Params& p = req.params;
  Connection* c = client_link(d, p);
  if (!c || (p.size() != 4 && p.size() != 5)) return d.error();
  const RemoteCharacteristic* ch = nullptr;
  auto handle = target(*ble(d).radio, p, p.size() == 5, &ch);
  if (!handle) return d.error();
  const bool value = *handle == ch->value;
  if (value && !(ch->props & (prop::write | prop::write_no_rsp))) return d.error();
  const bool with_response = !value || (ch->props & prop::write);
  // One Write Request or Command: no more than MTU-3 bytes (the planted firmware takes 512).
  const std::int64_t max = d.has(Defect::gattcwr_truncate) ? 512 : c->mtu - 3;
  auto len = p.int_in(p.size() - 1, 1, max);
  if (!len) return d.error();
  const std::uint16_t h = *handle;
  d.expect_data(static_cast<std::size_t>(*len), [&d, h, with_response](std::string data) {
    Radio* r = ble(d).radio.get();
    if (!r || !r->conn) return d.error();
    Bytes bytes = to_bytes(data);
    if (bytes.size() > r->conn->mtu - 3u)
      bytes.resize(r->conn->mtu - 3u);  // the defect's silent cut
    Connection* c2 = &*r->conn;
    run<int>(
        d,
        [c2, h, bytes, with_response](auto cb) {
          c2->gattc->write(h, bytes, with_response, [cb](Status s) { cb(s, 0); });
        },
        [&d](Status s, const int&) {
          if (!s.ok()) return d.error();
          d.ok();
        });
  });
}

Handler needs_init(Handler h) {
  return [h = std::move(h)](Device& d, const Request& req) {
    if (ble(d).role == 0) return d.error();
    h(d, req);
  };
}

}  // namespace

void on_remote_value(Device& d, std::uint16_t handle, const Bytes& value, bool indication) {
  Radio* r = ble(d).radio.get();
  if (!r) return;
  for (const auto& [srv, chars] : r->remote.chars) {
    for (std::size_t i = 0; i < chars.size(); ++i) {
      if (chars[i].value != handle) continue;
      if (on_spp_value(d, srv, static_cast<int>(i + 1), value)) return;
      // The client's indexes (§9.5.2.1: the server's srv_index + 2); the value raw.
      const int shown = d.has(Defect::notify_urc_server_index) ? srv - 2 : srv;
      d.send(std::string(indication ? "+INDICATE:0," : "+NOTIFY:0,") + std::to_string(shown) + "," +
             std::to_string(i + 1) + "," + std::to_string(value.size()) + "," + to_string(value) +
             "\r\n");
      return;
    }
  }
}

void register_gattc_commands(Registry& r) {
  r.add("+BLEGATTCPRIMSRV", kSet, needs_init(primsrv));
  r.add("+BLEGATTCINCLSRV", kSet, needs_init(inclsrv));
  r.add("+BLEGATTCCHAR", kSet, needs_init(cchar));
  r.add("+BLEGATTCRD", kSet, needs_init(crd));
  r.add("+BLEGATTCWR", kSet, needs_init(cwr));
}

}  // namespace atsim::bt
