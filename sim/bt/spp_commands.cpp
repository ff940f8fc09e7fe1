// ESP32 §6.2.29-6.2.30 BLE SPP (UART-BLE passthrough). The server sends UART bytes as
// notifications (or indications) of its tx characteristic and puts a client's writes to its rx
// characteristic on the UART raw; the client writes its tx characteristic and puts the
// server's notifications of rx on the UART. The packetiser and the `+++` rule are those of
// Wi-Fi passthrough (docs/contracts/tcpip.md): a packet 20 ms after the first byte or at MTU-3
// bytes, `+++` alone with 20 ms of silence around it, then 1 s before the next command.
#include <memory>

#include "sim/bt/chapter.hpp"
#include "sim/bt/controller.hpp"
#include "sim/bt/local_index.hpp"
#include "sim/device.hpp"
#include "sim/net/net.hpp"

namespace atsim::bt {
namespace {

using namespace ble;
using namespace std::chrono_literals;
constexpr auto kGuard = 20ms;
constexpr auto kDeafAfterPlus = 950ms;
constexpr auto kRestoreEvery = 1000ms;

struct SppPump {
  std::string buf;
  Clock::time_point first{}, last{}, held_last{};
  std::string held;  // pluses that may be the escape
  std::string tail;  // the planted defect's view: the last three bytes
  EventLoop::TimerId flush_timer = 0, plus_timer = 0, restore_timer = 0;
};

Radio* radio(Device& d) {
  return ble(d).radio.get();
}
std::shared_ptr<SppPump>& pump(Device& d) {
  return d.state<std::shared_ptr<SppPump>>();
}

const LocalCharacteristic* local_char(Radio& r, int srv, int chr) {
  if (srv < 1 || srv > static_cast<int>(r.services.size())) return nullptr;
  const auto& s = r.services[static_cast<std::size_t>(srv - 1)];
  if (chr < 1 || chr > static_cast<int>(s.characteristics.size())) return nullptr;
  return &s.characteristics[static_cast<std::size_t>(chr - 1)];
}

const RemoteCharacteristic* remote_char(Radio& r, int srv, int chr) {
  auto it = r.remote.chars.find(srv);
  if (it == r.remote.chars.end() || chr < 1 || chr > static_cast<int>(it->second.size()))
    return nullptr;
  return &it->second[static_cast<std::size_t>(chr - 1)];
}

// Whether the configuration names characteristics that can carry SPP in this role.
bool config_valid(Device& d, const Radio::Spp& c) {
  Radio* r = radio(d);
  if (!r) return false;
  const std::uint8_t sends = prop::notify | prop::indicate,
                     takes = prop::write | prop::write_no_rsp;
  if (ble(d).role == 2) {
    const auto* tx = local_char(*r, c.tx_srv, c.tx_char);
    const auto* rx = local_char(*r, c.rx_srv, c.rx_char);
    return tx && rx && (tx->info.props & sends) && (rx->info.props & takes);
  }
  const auto* tx = remote_char(*r, c.tx_srv, c.tx_char);
  const auto* rx = remote_char(*r, c.rx_srv, c.rx_char);
  return tx && rx && (tx->props & takes) && (rx->props & sends);
}

void send_packet(Device& d, const std::string& packet) {
  Radio* r = radio(d);
  if (!r || !r->conn || packet.empty()) return;  // no link: the bytes are lost
  const Bytes bytes = to_bytes(packet);
  if (ble(d).role == 2) {
    const auto* tx = local_char(*r, r->spp.tx_srv, r->spp.tx_char);
    if (!tx) return;
    const bool notify = tx->info.props & prop::notify;
    send_att(d, notify ? AttServer::notification(*r->conn->att, tx->info.value, bytes)
                       : AttServer::indication(*r->conn->att, tx->info.value, bytes));
    return;
  }
  const auto* tx = remote_char(*r, r->spp.tx_srv, r->spp.tx_char);
  if (!tx) return;
  r->conn->gattc->write(tx->value, bytes, !(tx->props & prop::write_no_rsp), [](Status) {});
}

std::size_t packet_max(Device& d) {
  Radio* r = radio(d);
  return r && r->conn ? r->conn->mtu - 3u : 20u;
}

void flush(Device& d) {
  auto p = pump(d);
  if (!p) return;
  if (p->flush_timer) d.loop().cancel(p->flush_timer);
  p->flush_timer = 0;
  std::string packet;
  packet.swap(p->buf);
  send_packet(d, packet);
}

void leave(Device& d, Clock::time_point last_plus) {
  auto p = pump(d);
  for (auto t : {p->flush_timer, p->plus_timer, p->restore_timer}) {
    if (t) d.loop().cancel(t);
  }
  pump(d).reset();
  if (Radio* r = radio(d)) r->in_spp = false;
  // "Please wait for at least one second before sending the next AT command": deaf till then.
  d.set_raw_input([](std::string_view, Clock::time_point) {});
  d.after(last_plus + kDeafAfterPlus - Clock::now(), [&d] {
    if (!pump(d)) d.set_raw_input(nullptr);
  });
}

void append(Device& d, char c, Clock::time_point at) {
  auto p = pump(d);
  if (p->buf.empty()) {
    p->first = at;
    p->flush_timer = d.after(p->first + kGuard - Clock::now(), [&d] {
      if (auto q = pump(d)) {
        q->flush_timer = 0;
        flush(d);
      }
    });
  }
  p->buf += c;
  if (d.has(Defect::spp_plus_inside_data)) {
    p->tail += c;
    if (p->tail.size() > 3) p->tail.erase(0, p->tail.size() - 3);
    if (p->tail == "+++") {
      p->buf.resize(p->buf.size() - 3);
      flush(d);
      return leave(d, at);
    }
  }
  if (p->buf.size() >= packet_max(d)) flush(d);
}

void release_held(Device& d) {
  auto p = pump(d);
  if (p->plus_timer) d.loop().cancel(p->plus_timer);
  p->plus_timer = 0;
  std::string held;
  held.swap(p->held);
  for (char c : held) {
    append(d, c, p->held_last);
    if (!pump(d)) return;
  }
}

void plus_timer(Device& d) {
  auto p = pump(d);
  if (!p) return;
  p->plus_timer = 0;
  if (p->held.size() == 3) return leave(d, p->held_last);
  release_held(d);  // too slow, or not alone: the pluses were data
}

void input(Device& d, std::string_view bytes, Clock::time_point at) {
  for (char c : bytes) {
    auto p = pump(d);
    if (!p) return;
    if (!p->held.empty()) {
      if (c == '+' && p->held.size() < 3 && at - p->held_last < kGuard) {
        p->held += c;
        p->held_last = p->last = at;
        if (p->plus_timer) d.loop().cancel(p->plus_timer);
        p->plus_timer = d.after(p->held_last + kGuard - Clock::now(), [&d] { plus_timer(d); });
        continue;
      }
      release_held(d);
      if (!pump(d)) return;
    } else if (c == '+' && at - p->last >= kGuard && !d.has(Defect::spp_plus_inside_data)) {
      flush(d);
      p->held = "+";
      p->held_last = p->last = at;
      p->plus_timer = d.after(at + kGuard - Clock::now(), [&d] { plus_timer(d); });
      continue;
    }
    append(d, c, at);
    if (auto q = pump(d)) q->last = at;
  }
}

// "If the BLE connection breaks unexpectedly in UART-BLE passthrough mode, the ESP will keep
// trying to restore the connection": the server advertises again, the client reconnects.
void restore(Device& d, Address peer) {
  auto p = pump(d);
  Radio* r = radio(d);
  if (!p || !r || r->conn) return;  // left SPP, or the link is back
  if (ble(d).role == 2) {
    if (!r->advertising) start_advertising(d);
  } else if (!r->connecting) {
    connect(d, peer);
  }
  p->restore_timer = d.after(kRestoreEvery, [&d, peer] { restore(d, peer); });
}

// esp32 §6.2.29 AT+BLESPPCFG
void sppcfg(Device& d, const Request& req) {
  const Params& p = req.params;
  Radio* r = radio(d);
  auto enable = p.int_in(0, 0, 1);
  if (!r || !enable) return d.error();
  if (*enable == 0) {
    if (p.size() != 1) return d.error();
    r->spp = Radio::Spp{};
    return d.ok();
  }
  if (p.size() != 5) return d.error();
  Radio::Spp c;
  c.configured = true;
  for (std::size_t i = 1; i < 5; ++i) {
    auto v = p.int_in(i, 1, 255);
    if (!v) return d.error();
    (i == 1 ? c.tx_srv : i == 2 ? c.tx_char : i == 3 ? c.rx_srv : c.rx_char) = static_cast<int>(*v);
  }
  if (!config_valid(d, c)) return d.error();  // "the characteristic fails to meet requirements"
  r->spp = c;                 // "the final configuration depends on the last setting"
  d.state<Radio::Spp>() = c;  // only a planted defect ever reads this copy
  d.ok();
}

// esp32 §6.2.30 AT+BLESPP
void spp(Device& d, const Request&) {
  Radio* r = radio(d);
  if (!r) return d.error();
  // The planted firmware keeps the last configuration where neither a reset nor BLE shutdown
  // clears it.
  if (!r->spp.configured && d.has(Defect::sppcfg_survives_reset)) r->spp = d.state<Radio::Spp>();
  if (!r->spp.configured || !config_valid(d, r->spp)) return d.error();
  if (net(d).cipmode == 1 || net(d).mux || !r->conn) return d.error();  // the notes
  // Advertising refuses SPP, unless it is ADV_TYPE_NONCONN_IND.
  if (r->advertising && ble(d).adv.type != 3 && !d.has(Defect::spp_while_advertising))
    return d.error();
  d.ok();
  d.send("> ");
  r->in_spp = true;
  pump(d) = std::make_shared<SppPump>();
  pump(d)->last = Clock::now();  // silence is measured from the prompt on
  d.set_raw_input([&d](std::string_view bytes, Clock::time_point at) { input(d, bytes, at); });
}

}  // namespace

bool on_spp_write(Device& d, const LocalIndex& where, const Bytes& value) {
  Radio* r = radio(d);
  if (!r || !r->in_spp || where.desc != 0 || where.srv != r->spp.rx_srv ||
      where.chr != r->spp.rx_char)
    return false;
  d.send(to_string(value));
  return true;
}

bool on_spp_value(Device& d, int srv, int chr, const Bytes& value) {
  Radio* r = radio(d);
  if (!r || !r->in_spp || srv != r->spp.rx_srv || chr != r->spp.rx_char) return false;
  d.send(to_string(value));
  return true;
}

void on_spp_link_down(Device& d, const Address& peer) {
  auto p = pump(d);
  Radio* r = radio(d);
  if (!r || !r->in_spp || !p || p->restore_timer) return;
  p->restore_timer = d.after(kRestoreEvery, [&d, peer] {
    if (auto q = pump(d)) q->restore_timer = 0;
    restore(d, peer);
  });
}

void register_spp_commands(Registry& r) {
  // The configuration "will be cleared after system reboot or BLE shutdown" (it lives in the
  // Radio); SPP itself ends with the reset's raw-input reset.
  r.on_boot([](Device& d) { pump(d).reset(); });
  r.add("+BLESPPCFG", kSet, [](Device& d, const Request& req) {
    if (ble(d).role == 0) return d.error();
    sppcfg(d, req);
  });
  r.add("+BLESPP", kExecute, [](Device& d, const Request& req) {
    if (ble(d).role == 0) return d.error();
    spp(d, req);
  });
}

}  // namespace atsim::bt
