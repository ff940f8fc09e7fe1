#include "sim/air/medium.hpp"

#include <algorithm>

namespace atsim::air {

using namespace std::chrono;

namespace {
Clock::duration adv_units(std::int64_t n) {  // advertising and scanning: 0.625 ms
  return microseconds(n * 625);
}
Clock::duration conn_units(std::int64_t n) {  // connection interval: 1.25 ms
  return microseconds(n * 1250);
}
Clock::duration sup_units(std::int64_t n) {  // supervision timeout: 10 ms
  return milliseconds(n * 10);
}
const std::vector<std::string_view> kAdvTypes = {"ind", "direct", "scan", "nonconn"};
std::string hex8(std::int64_t v) {
  static const char* d = "0123456789abcdef";
  return std::string("0x") + d[(v >> 4) & 15] + d[v & 15];
}
}  // namespace

struct Medium::AdvSet {
  AdvType type;
  std::int64_t min, max, ch;
  ble::Address own;
  ble::Bytes data, rsp;
  std::optional<ble::Address> peer;
};

struct Medium::ScanSet {
  bool active;
  std::int64_t interval, window;
  ble::Address own;
  Clock::time_point start;
};

struct Medium::Initiation {
  ble::Address target, own;
  std::int64_t min, max, lat, sup;
  EventLoop::TimerId timeout = 0;
};

struct Medium::Radio {
  RadioId id;
  ble::Address identity;
  std::string kind;
  int max_conn;
  Deliver deliver;
  int rssi = kDefaultRssi;
  bool in_range = true;
  bool gone = false;
  std::optional<AdvSet> adv;
  EventLoop::TimerId adv_timer = 0;
  Clock::time_point adv_at;  // when the pending advertising event is on air
  std::optional<ScanSet> scan;
  std::optional<Initiation> initiating;
  std::vector<std::uint32_t> conns;
  bool present() const { return !gone && in_range; }
};

// What a connection carries, in order, per direction: data (an L2CAP PDU of ATT or SMP) and
// the LL control procedures, each taking its LL fragments from the events' budget.
struct Medium::Item {
  enum class Kind { att, smp, terminate, length, update, enc_req, enc_rsp } kind;
  ble::Bytes payload;                       // att/smp; enc_req: the LTK
  std::int64_t a = 0, b = 0, c = 0, d = 0;  // reason | tx | min,max,lat,sup | ok
  int fragments = 1, sent = 0;
};

struct Medium::Connection {
  std::uint32_t h;
  RadioId side[2];  // 0: central, 1: peripheral
  ble::Address own[2];
  std::int64_t interval, latency, timeout;  // 1.25 ms, events, 10 ms
  Clock::time_point anchor;                 // the time of an event under the current interval
  std::deque<Item> q[2];
  std::int64_t dlen[2] = {27, 27};
  EventLoop::TimerId event_timer = 0, update_timer = 0, supervision_timer = 0;
  bool encrypted = false;
};

Medium::Medium(EventLoop& loop, TruthLog& truth, std::uint64_t seed)
    : loop_(loop), truth_(truth), rng_(seed ^ 0x9E3779B97F4A7C15ULL) {}

Medium::~Medium() {
  for (auto& [id, r] : radios_) {
    if (r->adv_timer) loop_.cancel(r->adv_timer);
    if (r->initiating && r->initiating->timeout) loop_.cancel(r->initiating->timeout);
  }
  for (auto& [h, c] : conns_) {
    for (auto t : {c->event_timer, c->update_timer, c->supervision_timer}) {
      if (t) loop_.cancel(t);
    }
  }
}

std::uint64_t Medium::next_random() {  // splitmix64: reproducible from --seed
  std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Medium::Radio* Medium::radio(RadioId id) {
  auto it = radios_.find(id);
  return it == radios_.end() ? nullptr : it->second.get();
}

Medium::Radio* Medium::by_address(const ble::Address& a) {
  for (auto& [id, r] : radios_) {
    if (r->gone) continue;
    if (r->identity == a || (r->adv && r->adv->own == a)) return r.get();
  }
  // MOVE/DROP name a radio by its six bytes; the type may be left to us.
  for (auto& [id, r] : radios_) {
    if (!r->gone && r->identity.bytes == a.bytes) return r.get();
  }
  return nullptr;
}

std::string Medium::name_of(RadioId id) {
  Radio* r = radio(id);
  return r ? r->identity.air_text() : "air";
}

void Medium::deliver(Radio& to, const Frame& f, const std::string& from) {
  if (to.gone) return;
  truth_.line(Clock::now(), f.verb, from, to.identity.air_text(), f.tail());
  to.deliver(f);
}

RadioId Medium::attach(const ble::Address& identity, std::string kind, int max_conn, Deliver d) {
  for (auto& [id, r] : radios_) {
    if (!r->gone && r->identity == identity)
      throw BadFrame(0, "address " + identity.air_text() + " is already on the air");
  }
  auto r = std::make_unique<Radio>();
  r->id = next_radio_++;
  r->identity = identity;
  r->kind = std::move(kind);
  r->max_conn = max_conn;
  r->deliver = std::move(d);
  if (auto it = rssi_by_addr_.find(identity); it != rssi_by_addr_.end()) r->rssi = it->second;
  const RadioId id = r->id;
  radios_.emplace(id, std::move(r));
  return id;
}

void Medium::detach(RadioId id) {
  Radio* r = radio(id);
  if (!r || r->gone) return;
  adv_off(*r);
  r->scan.reset();
  if (r->initiating && r->initiating->timeout) loop_.cancel(r->initiating->timeout);
  r->initiating.reset();
  r->gone = true;
  r->deliver = nullptr;
  if (r->conns.empty()) {
    radios_.erase(id);
    return;
  }
  for (auto h : std::vector<std::uint32_t>(r->conns)) supervise(*conns_.at(h));
}

bool Medium::move(const ble::Address& addr, int rssi) {
  Radio* r = by_address(addr);
  if (!r) return false;
  r->rssi = rssi;
  if (!r->in_range) {
    r->in_range = true;
    for (auto h : r->conns) {
      Connection& c = *conns_.at(h);
      Radio* other = radio(c.side[c.side[0] == r->id ? 1 : 0]);
      if (other && other->present() && c.supervision_timer) {
        loop_.cancel(c.supervision_timer);
        c.supervision_timer = 0;
        schedule_event(c);
      }
    }
  }
  return true;
}

bool Medium::drop(const ble::Address& addr) {
  Radio* r = by_address(addr);
  if (!r) return false;
  r->in_range = false;
  for (auto h : std::vector<std::uint32_t>(r->conns)) supervise(*conns_.at(h));
  return true;
}

// ------------------------------------------------------------------ frames from radios

void Medium::handle(RadioId id, const Frame& f) {
  Radio* r = radio(id);
  if (!r || r->gone) return;
  const std::string& v = f.verb;
  if (v == "ADV") {
    if (f.has_word("off")) return adv_off(*r);
    if (!f.has_word("on")) throw BadFrame(0, "ADV on|off");
    return adv_on(*r, f);
  }
  if (v == "SCAN") {
    if (f.has_word("off")) {
      r->scan.reset();
      return;
    }
    if (!f.has_word("on")) throw BadFrame(0, "SCAN on|off");
    return scan_on(*r, f);
  }
  if (v == "CONNECT") return connect(*r, f);
  if (v == "CONNECT_CANCEL") {
    // After the connection was made the cancel comes too late: the radio has its CONNECTED.
    if (r->initiating) connect_fail(*r, "0x02");
    return;
  }
  static const std::vector<std::string> kLinkVerbs = {"PDU",    "DISCONNECT", "DATA_LEN",
                                                      "UPDATE", "ENCRYPT",    "ENC_REPLY"};
  if (std::find(kLinkVerbs.begin(), kLinkVerbs.end(), v) == kLinkVerbs.end())
    throw BadFrame(0, "unknown verb " + v);
  const std::int64_t h = f.integer("h", 1, 0xFFFFFFFF);
  int dir = 0;
  Connection* c = conn(static_cast<std::uint32_t>(h), id, &dir);
  Item item{};
  if (v == "PDU") {
    const bool smp = f.has("smp");
    item.kind = smp ? Item::Kind::smp : Item::Kind::att;
    item.payload = f.bytes(smp ? "smp" : "att");
    if (item.payload.empty() || item.payload.size() > 1024)
      throw BadFrame(0, "a PDU of 1..1024 bytes");
    // L2CAP basic header (4 bytes) plus the payload, cut into LL fragments of the data length.
    item.fragments = static_cast<int>((item.payload.size() + 4 + c->dlen[dir] - 1) / c->dlen[dir]);
  } else if (v == "DISCONNECT") {
    item.kind = Item::Kind::terminate;
    item.a = f.integer_or("reason", 0, 255, 0x13);
  } else if (v == "DATA_LEN") {
    item.kind = Item::Kind::length;
    item.a = f.integer("tx", 27, 251);
  } else if (v == "UPDATE") {
    if (dir != 0) throw BadFrame(0, "only the central updates the connection parameters");
    item.kind = Item::Kind::update;
    item.a = f.integer("min", 6, 3200);
    item.b = f.integer("max", 6, 3200);
    item.c = f.integer("lat", 0, 499);
    item.d = f.integer("sup", 10, 3200);
    // Core Vol 6 Part B 4.5.2: the timeout must exceed (1 + latency) * interval * 2.
    const bool valid = item.a <= item.b && item.d * 10000 > (1 + item.c) * item.b * 1250 * 2;
    if (!valid) {
      Radio* central = radio(c->side[0]);
      Frame fail("UPDATE_FAIL");
      fail.set("h", h).set("reason", "0x3b");
      return deliver(*central, fail, "air");
    }
  } else if (v == "ENCRYPT") {
    if (dir != 0) throw BadFrame(0, "only the central starts encryption");
    item.kind = Item::Kind::enc_req;
    item.payload = f.bytes("ltk");
    if (item.payload.size() != 16) throw BadFrame(0, "ltk= is 16 bytes");
  } else if (v == "ENC_REPLY") {
    if (dir != 1) throw BadFrame(0, "only the peripheral answers ENC_REQUEST");
    item.kind = Item::Kind::enc_rsp;
    item.a = f.integer("ok", 0, 1);
  } else {
    throw BadFrame(0, "unknown verb " + v);
  }
  queue(*c, dir, std::move(item));
}

// ------------------------------------------------------------------ advertising and scanning

void Medium::adv_on(Radio& r, const Frame& f) {
  AdvSet a;
  a.type = static_cast<AdvType>(f.choice("type", kAdvTypes));
  a.min = f.integer("min", 0x20, 0x4000);
  a.max = f.integer("max", 0x20, 0x4000);
  if (a.min > a.max) throw BadFrame(f.find("max")->offset, "max is below min");
  a.ch = f.integer_or("ch", 1, 7, 7);
  a.own = f.has("own") ? f.address("own") : r.identity;
  a.data = f.has("data") ? f.bytes("data") : ble::Bytes{};
  a.rsp = f.has("rsp") ? f.bytes("rsp") : ble::Bytes{};
  if (a.data.size() > 31 || a.rsp.size() > 31)
    throw BadFrame(0, "advertising and scan response data are at most 31 bytes");
  if (a.type == AdvType::direct) a.peer = f.address("peer");
  const bool connectable = a.type == AdvType::ind || a.type == AdvType::direct;
  if (connectable && static_cast<int>(r.conns.size()) >= r.max_conn) {
    throw BadFrame(0, "connectable advertising with no free connection");
  }
  adv_off(r);
  r.adv = std::move(a);
  schedule_adv(r, true);
}

void Medium::adv_off(Radio& r) {
  if (r.adv_timer) loop_.cancel(r.adv_timer);
  r.adv_timer = 0;
  r.adv.reset();
}

void Medium::schedule_adv(Radio& r, bool first) {
  // advDelay: 0..10 ms of pseudo-random delay added to every event (Vol 6 Part B 4.4.2.2).
  // Each event is timed from the previous one's instant on air, not from when this process got
  // to run it: on a loaded machine the air's timeline stays the radio's, not the scheduler's.
  // A stall longer than an interval is a gap on air (no burst of late events to catch up).
  const auto delay = microseconds(static_cast<std::int64_t>(next_random() % 10001));
  const auto now = Clock::now();
  const auto interval = adv_units(r.adv->min);
  r.adv_at =
      first || r.adv_at + interval < now - interval ? now + delay : r.adv_at + interval + delay;
  r.adv_timer = loop_.at(r.adv_at, [this, id = r.id] { adv_event(id); });
}

bool Medium::hears(const Radio& listener, const Radio& talker) const {
  return listener.id != talker.id && listener.present() && talker.present();
}

void Medium::adv_event(RadioId id) {
  Radio* r = radio(id);
  if (!r || !r->adv) return;
  r->adv_timer = 0;
  const AdvSet a = *r->adv;
  const auto now = r->adv_at;  // the event's instant on air (the timer may fire late)
  const std::string type(kAdvTypes[static_cast<std::size_t>(a.type)]);
  Frame ev("ADV_EVENT");
  ev.set("type", type)
      .set("ch", a.ch)
      .set("own", a.own.air_text())
      .set_hex("data", a.data)
      .set_hex("rsp", a.rsp);
  truth_.line(now, ev.verb, r->identity.air_text(), "-", ev.tail());

  std::vector<RadioId> listeners;
  for (auto& [lid, l] : radios_) {
    if (hears(*l, *r)) listeners.push_back(lid);
  }
  for (RadioId lid : listeners) {
    Radio* s = radio(lid);
    if (!s || !s->scan || !r->present() || a.type == AdvType::direct) continue;
    const auto phase = (now - s->scan->start) % adv_units(s->scan->interval);
    if (phase >= adv_units(s->scan->window)) continue;  // between scan windows
    Frame rep("REPORT");
    rep.set("from", a.own.air_text()).set("evt", type).set("rssi", r->rssi).set_hex("data", a.data);
    deliver(*s, rep, r->identity.air_text());
    if (s->scan->active && (a.type == AdvType::ind || a.type == AdvType::scan)) {
      Frame rsp("REPORT");
      rsp.set("from", a.own.air_text())
          .set("evt", "scan_rsp")
          .set("rssi", r->rssi)
          .set_hex("data", a.rsp);
      deliver(*s, rsp, r->identity.air_text());
    }
  }
  r = radio(id);
  if (!r || !r->adv) return;
  const bool connectable = a.type == AdvType::ind || a.type == AdvType::direct;
  if (connectable && static_cast<int>(r->conns.size()) < r->max_conn) {
    for (RadioId lid : listeners) {
      Radio* i = radio(lid);
      if (!i || !i->initiating || i->initiating->target != a.own) continue;
      if (a.type == AdvType::direct && a.peer != i->initiating->own) continue;
      if (static_cast<int>(i->conns.size()) >= i->max_conn) continue;
      return establish(*i, *r);  // the advertiser's advertising ends with the connection
    }
  }
  schedule_adv(*r, false);
}

void Medium::scan_on(Radio& r, const Frame& f) {
  ScanSet s;
  s.active = f.choice("type", {"passive", "active"}) == 1;
  s.interval = f.integer("int", 4, 0x4000);
  s.window = f.integer("win", 4, 0x4000);
  if (s.window > s.interval)
    throw BadFrame(f.find("win")->offset, "the scan window is longer than the interval");
  s.own = f.has("own") ? f.address("own") : r.identity;
  s.start = Clock::now();
  r.scan = s;
}

// ------------------------------------------------------------------ connections

void Medium::connect(Radio& r, const Frame& f) {
  if (r.initiating) throw BadFrame(0, "already connecting");
  if (static_cast<int>(r.conns.size()) >= r.max_conn) throw BadFrame(0, "no free connection");
  Initiation in;
  in.target = f.address("to");
  in.own = f.has("own") ? f.address("own") : r.identity;
  in.min = f.integer("min", 6, 3200);
  in.max = f.integer("max", 6, 3200);
  in.lat = f.integer_or("lat", 0, 499, 0);
  in.sup = f.integer("sup", 10, 3200);
  if (in.min > in.max) throw BadFrame(f.find("max")->offset, "max is below min");
  if (in.sup * 10000 <= (1 + in.lat) * in.max * 1250 * 2) {
    throw BadFrame(f.find("sup")->offset, "sup must exceed (1 + lat) * max interval * 2");
  }
  const std::int64_t ms = f.integer_or("timeout_ms", 0, 3'600'000, 0);
  r.initiating = in;
  if (ms > 0) {
    r.initiating->timeout = loop_.after(milliseconds(ms), [this, id = r.id] {
      Radio* x = radio(id);
      if (x && x->initiating) {
        x->initiating->timeout = 0;
        connect_fail(*x, "0x02");
      }
    });
  }
}

void Medium::connect_fail(Radio& r, const std::string& reason) {
  const ble::Address target = r.initiating->target;
  if (r.initiating->timeout) loop_.cancel(r.initiating->timeout);
  r.initiating.reset();
  Frame f("CONNECT_FAIL");
  f.set("to", target.air_text()).set("reason", reason);
  deliver(r, f, "air");
}

void Medium::establish(Radio& central, Radio& peripheral) {
  auto c = std::make_unique<Connection>();
  c->h = next_handle_++;
  c->side[0] = central.id;
  c->side[1] = peripheral.id;
  c->own[0] = central.initiating->own;
  c->own[1] = peripheral.adv->own;
  // The initiator's controller picks the interval; ours takes the lowest it may.
  c->interval = central.initiating->min;
  c->latency = central.initiating->lat;
  c->timeout = central.initiating->sup;
  // The first event follows the 1.25 ms transmit window offset.
  c->anchor = Clock::now() + microseconds(1250) + conn_units(c->interval);
  if (central.initiating->timeout) loop_.cancel(central.initiating->timeout);
  central.initiating.reset();
  adv_off(peripheral);
  central.conns.push_back(c->h);
  peripheral.conns.push_back(c->h);
  const std::uint32_t h = c->h;
  Connection& ref = *c;
  conns_.emplace(h, std::move(c));
  for (int s = 0; s < 2; ++s) {
    Radio* me = radio(ref.side[s]);
    Frame f("CONNECTED");
    f.set("h", h)
        .set("role", s == 0 ? "central" : "peripheral")
        .set("peer", ref.own[1 - s].air_text());
    f.set("own", ref.own[s].air_text())
        .set("int", ref.interval)
        .set("lat", ref.latency)
        .set("sup", ref.timeout);
    f.set("dlen", 27);
    deliver(*me, f, name_of(ref.side[1 - s]));
  }
}

Medium::Connection* Medium::conn(std::uint32_t h, RadioId by, int* dir) {
  auto it = conns_.find(h);
  if (it == conns_.end() || (it->second->side[0] != by && it->second->side[1] != by)) {
    throw BadFrame(0, "no connection h=" + std::to_string(h) + " on this radio");
  }
  *dir = it->second->side[0] == by ? 0 : 1;
  return it->second.get();
}

void Medium::queue(Connection& c, int dir, Item item) {
  c.q[dir].push_back(std::move(item));
  schedule_event(c);
}

void Medium::schedule_event(Connection& c) {
  if (c.event_timer || c.supervision_timer) return;
  if (c.q[0].empty() && c.q[1].empty()) return;
  // The first event boundary strictly after now.
  const auto now = Clock::now();
  const auto period = conn_units(c.interval);
  auto t = c.anchor;
  if (now >= t) t += period * ((now - t) / period + 1);
  c.event_timer = loop_.at(t, [this, h = c.h] { connection_event(h); });
}

void Medium::connection_event(std::uint32_t h) {
  auto it = conns_.find(h);
  if (it == conns_.end()) return;
  Connection& c = *it->second;
  c.event_timer = 0;
  Radio* a = radio(c.side[0]);
  Radio* b = radio(c.side[1]);
  if (!a || !b || !a->present() || !b->present()) return;  // the supervision timer decides
  for (int dir = 0; dir < 2; ++dir) {
    int budget = kFragmentsPerEvent;
    while (budget > 0 && !c.q[dir].empty()) {
      Item& item = c.q[dir].front();
      const int take = std::min(budget, item.fragments - item.sent);
      item.sent += take;
      budget -= take;
      if (item.sent < item.fragments) break;
      Item done = std::move(item);
      c.q[dir].pop_front();
      carry(c, dir, done);
      if (!conns_.count(h)) return;  // terminated
    }
  }
  schedule_event(c);
}

void Medium::carry(Connection& c, int dir, Item& item) {
  Radio* from = radio(c.side[dir]);
  Radio* to = radio(c.side[1 - dir]);
  const std::string from_name = from->identity.air_text(), to_name = to->identity.air_text();
  Frame f;
  switch (item.kind) {
    case Item::Kind::att:
    case Item::Kind::smp:
      f = Frame("PDU");
      f.set("h", c.h).set_hex(item.kind == Item::Kind::att ? "att" : "smp", item.payload);
      f.set("frags", item.fragments).set("dlen", c.dlen[dir]);
      return deliver(*to, f, from_name);
    case Item::Kind::terminate: {
      Frame peer("DISCONNECTED"), self("DISCONNECTED");
      peer.set("h", c.h).set("reason", hex8(item.a));
      self.set("h", c.h).set("reason", "0x16");  // Connection Terminated by Local Host
      const std::uint32_t h = c.h;
      end_connection(h, 0, 0);
      deliver(*to, peer, from_name);
      return deliver(*from, self, "air");
    }
    case Item::Kind::length: {
      c.dlen[dir] = item.a;
      for (int s = 0; s < 2; ++s) {
        Frame x("DATA_LEN_CHANGED");
        x.set("h", c.h).set("tx", c.dlen[s]).set("rx", c.dlen[1 - s]);
        deliver(*radio(c.side[s]), x, s == dir ? "air" : from_name);
      }
      return;
    }
    case Item::Kind::update: {
      // The new parameters apply at an instant kUpdateInstantEvents events ahead.
      const auto instant = Clock::now() + conn_units(c.interval) * kUpdateInstantEvents;
      if (c.update_timer) loop_.cancel(c.update_timer);
      const std::int64_t interval = item.a, lat = item.c, sup = item.d;
      c.update_timer = loop_.at(instant, [this, h = c.h, instant, interval, lat, sup] {
        auto it = conns_.find(h);
        if (it == conns_.end()) return;
        Connection& cc = *it->second;
        cc.update_timer = 0;
        cc.interval = interval;  // the lowest allowed, as at connection
        cc.latency = lat;
        cc.timeout = sup;
        cc.anchor = instant;
        if (cc.event_timer) loop_.cancel(cc.event_timer);
        cc.event_timer = 0;
        for (int s = 0; s < 2; ++s) {
          Radio* me = radio(cc.side[s]);
          if (!me) continue;
          Frame x("UPDATED");
          x.set("h", h).set("int", interval).set("lat", lat).set("sup", sup);
          deliver(*me, x, "air");
        }
        schedule_event(cc);
      });
      return;
    }
    case Item::Kind::enc_req:
      f = Frame("ENC_REQUEST");
      f.set("h", c.h).set_hex("ltk", item.payload);
      return deliver(*to, f, from_name);
    case Item::Kind::enc_rsp: {
      c.encrypted = item.a == 1;
      for (int s = 0; s < 2; ++s) {
        Frame x("ENCRYPTED");
        x.set("h", c.h).set("ok", item.a);
        if (item.a == 1) {
          x.set("key_size", 16);
        } else {
          x.set("reason", "0x06");  // PIN or Key Missing
        }
        deliver(*radio(c.side[s]), x, s == 1 ? "air" : from_name);
      }
      return;
    }
  }
}

void Medium::end_connection(std::uint32_t h, std::uint8_t, std::uint8_t) {
  auto it = conns_.find(h);
  if (it == conns_.end()) return;
  Connection& c = *it->second;
  for (auto t : {c.event_timer, c.update_timer, c.supervision_timer}) {
    if (t) loop_.cancel(t);
  }
  for (RadioId s : c.side) {
    Radio* r = radio(s);
    if (!r) continue;
    r->conns.erase(std::remove(r->conns.begin(), r->conns.end(), h), r->conns.end());
  }
  const RadioId sides[2] = {c.side[0], c.side[1]};
  conns_.erase(it);
  for (RadioId s : sides) {
    Radio* r = radio(s);
    if (r && r->gone && r->conns.empty()) radios_.erase(s);
  }
}

void Medium::supervise(Connection& c) {
  if (c.supervision_timer) return;
  if (c.event_timer) loop_.cancel(c.event_timer);
  c.event_timer = 0;
  c.supervision_timer = loop_.after(sup_units(c.timeout), [this, h = c.h] {
    auto it = conns_.find(h);
    if (it == conns_.end()) return;
    it->second->supervision_timer = 0;
    const RadioId sides[2] = {it->second->side[0], it->second->side[1]};
    end_connection(h, 0, 0);
    for (RadioId s : sides) {
      Radio* r = radio(s);
      if (!r || r->gone) continue;
      Frame f("DISCONNECTED");
      f.set("h", h).set("reason", "0x08");  // Connection Timeout
      deliver(*r, f, "air");
    }
  });
}

}  // namespace atsim::air
