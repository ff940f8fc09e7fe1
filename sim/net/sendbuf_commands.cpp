// ESP8266 §5.2.5–5.2.8: the TCP send buffer. AT+CIPSENDBUF queues a numbered segment without
// waiting for SEND OK; AT+CIPBUFSTATUS, AT+CIPBUFRESET and AT+CIPCHECKSEG report on them.
// Formats: docs/contracts/tcpip.md.
#include "sim/device.hpp"
#include "sim/net/net.hpp"

namespace atsim {
namespace {

constexpr std::size_t kBufferSize = 2920;
constexpr std::size_t kQueue = 8;
constexpr std::size_t kKeptSegments = 32;

// The link a send-buffer command names: `<id>,...` in multi mode, none in single. TCP only.
Link* tcp_link(Net& n, const Params& p, std::size_t& at) {
  int id = 0;
  at = 0;
  if (n.mux) {
    auto v = p.int_in(0, 0, kLinks - 1);
    if (!v) return nullptr;
    id = static_cast<int>(*v);
    at = 1;
  }
  Link* l = n.link(id);
  if (!l || !l->ready || l->type != ConnType::tcp) return nullptr;
  return l;
}

void record(Link& l, std::uint32_t seg, bool ok) {
  l.segs.emplace_back(seg, ok);
  if (l.segs.size() > kKeptSegments) l.segs.erase(l.segs.begin());
}

void cipsendbuf(Device& d, const Request& r) {
  Net& n = net(d);
  std::size_t at = 0;
  Link* l = tcp_link(n, r.params, at);
  auto len = r.params.int_in(at, 1, 2048);
  if (!l || !len || r.params.size() != at + 1 || n.cipmode == 1) return d.error();
  if (l->conn->pending() + static_cast<std::size_t>(*len) > kBufferSize) return d.error();
  const std::uint32_t seg = l->next_seg;
  if (!d.has(Defect::sendbuf_seg_stuck)) ++l->next_seg;
  const std::string comma = n.prints("spaced-segments") ? ", " : ",";
  d.info(std::to_string(seg) + comma + std::to_string(l->last_acked));
  const int id = l->id;
  const std::uint64_t gen = n.generation;
  collect_data(
      d, static_cast<std::size_t>(*len), false,
      [&d, &n, id, seg, gen](std::string data) {
        Link* l = n.link(id);
        if (!l || !l->ready) return d.error();
        l->last_sent = seg;
        l->conn->write(std::move(data), [&d, &n, id, seg, gen](bool ok) {
          if (!n.current(gen)) return;
          Link* l = n.link(id);
          if (l) {
            record(*l, seg, ok);
            if (ok) l->last_acked = seg;
          }
          if (!ok) return;
          const std::string comma = n.prints("spaced-segments") ? ", " : ",";
          d.info((n.mux ? std::to_string(id) + comma : std::string()) + std::to_string(seg) +
                 comma + "SEND OK");
        });
      },
      [&n, id](std::string extra) {
        if (Link* l = n.link(id)) l->conn->write(extra, nullptr);
      },
      /*rest_is_commands=*/true);
}

void cipbufstatus(Device& d, const Request& r) {
  Net& n = net(d);
  std::size_t at = 0;
  if ((r.variant == kExecute) == n.mux) return d.error();
  Link* l = tcp_link(n, r.params, at);
  if (!l) return d.error();
  const std::size_t pending = l->conn->pending();
  const std::uint32_t next = l->next_seg - (d.has(Defect::cipbufstatus_next_is_last) ? 1 : 0);
  const std::string comma = n.prints("spaced-segments") ? ", " : ",";
  d.info(std::to_string(next) + comma + std::to_string(l->last_sent) + comma +
         std::to_string(l->last_acked) + comma +
         std::to_string(kBufferSize - std::min(pending, kBufferSize)) + comma +
         std::to_string(pending ? kQueue - 1 : kQueue));
  d.ok();
}

void cipbufreset(Device& d, const Request& r) {
  Net& n = net(d);
  std::size_t at = 0;
  if ((r.variant == kExecute) == n.mux) return d.error();
  Link* l = tcp_link(n, r.params, at);
  if (!l || l->conn->pending() > 0) return d.error();
  if (d.has(Defect::cipbufreset_ignored)) return d.ok();
  l->next_seg = 1;
  l->last_sent = l->last_acked = 0;
  l->segs.clear();
  d.ok();
}

void cipcheckseg(Device& d, const Request& r) {
  Net& n = net(d);
  std::size_t at = 0;
  Link* l = tcp_link(n, r.params, at);
  auto seg = r.params.int_in(at, 1, 0xFFFFFFFFll);
  if (!l || !seg || r.params.size() != at + 1) return d.error();
  for (const auto& [id, ok] : l->segs) {
    if (id != *seg) continue;
    // The document writes "[<link ID>,]<segment ID> ,<status>".
    const std::string comma = n.prints("spaced-segments") ? " ," : ",";
    d.info((n.mux ? std::to_string(l->id) + "," : std::string()) + std::to_string(id) + comma +
           (ok && !d.has(Defect::checkseg_always_false) ? "TRUE" : "FALSE"));
    return d.ok();
  }
  d.error();
}

}  // namespace

void register_sendbuf_commands(Registry& r) {
  // esp8266 §5.2.5 AT+CIPSENDBUF
  r.add("+CIPSENDBUF", kSet, cipsendbuf);
  // esp8266 §5.2.7 AT+CIPBUFSTATUS
  r.add("+CIPBUFSTATUS", kSet | kExecute, cipbufstatus);
  // esp8266 §5.2.6 AT+CIPBUFRESET
  r.add("+CIPBUFRESET", kSet | kExecute, cipbufreset);
  // esp8266 §5.2.8 AT+CIPCHECKSEG
  r.add("+CIPCHECKSEG", kSet, cipcheckseg);
}

}  // namespace atsim
