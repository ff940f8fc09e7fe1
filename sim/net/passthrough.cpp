// Passthrough (UART-Wi-Fi transparent transmission): the packetiser (a packet 20 ms after the
// first byte that entered an empty buffer, or at 2048 bytes), the `+++` rule (a lone packet
// with 20 ms of silence around it and < 20 ms between the pluses), the 950 ms deaf period
// after it, and reconnecting a broken link. See docs/contracts/tcpip.md.
#include <chrono>

#include "sim/net/net.hpp"

namespace atsim {
namespace {
using namespace std::chrono_literals;
constexpr auto kGuard = 20ms;
constexpr std::size_t kPacketMax = 2048;
constexpr auto kDeafAfterPlus = 950ms;
constexpr auto kRetry = 1000ms;
}  // namespace

void Net::enter_passthrough(std::optional<NetTarget> target) {
  pt_ = std::make_unique<Passthrough>();
  if (!target && links[0]) target = links[0]->target;
  pt_->target = target;
  pt_->last_byte = Clock::now();  // host silence is measured from the prompt on
  d().set_raw_input([this](std::string_view bytes, Clock::time_point at) { pt_input(bytes, at); });
  if (!links[0] || !links[0]->ready) pt_reconnect();
}

void Net::pt_input(std::string_view bytes, Clock::time_point at) {
  const auto between = d().has(Defect::plus_slow_accepted) ? Clock::duration(500ms) : kGuard;
  for (char c : bytes) {
    if (!pt_) return;  // left passthrough in the middle of the chunk: the rest is dropped
    Passthrough& p = *pt_;
    if (!p.held.empty()) {
      if (c == '+' && p.held.size() < 3 && at - p.held_last < between) {
        p.held += c;
        p.held_last = at;
        p.last_byte = at;
        if (p.plus_timer) d().loop().cancel(p.plus_timer);
        // Two pluses: wait for the third; three: the trailing silence.
        const auto wait = p.held.size() < 3 ? between : kGuard;
        p.plus_timer = d().after(p.held_last + wait - Clock::now(), [this] { pt_plus_timer(); });
        continue;
      }
      pt_release_held();
    } else if (c == '+' && at - p.last_byte >= kGuard && !d().has(Defect::plus_inside_data)) {
      pt_flush();
      p.held = "+";
      p.held_first = p.held_last = p.last_byte = at;
      p.plus_timer = d().after(at + between - Clock::now(), [this] { pt_plus_timer(); });
      continue;
    }
    pt_append(c, at);
    if (!pt_) return;
    pt_->last_byte = at;
  }
}

void Net::pt_plus_timer() {
  if (!pt_) return;
  pt_->plus_timer = 0;
  if (pt_->held.size() == 3) return pt_exit(pt_->held_last);
  pt_release_held();  // too slow: the pluses were data
}

void Net::pt_release_held() {
  Passthrough& p = *pt_;
  if (p.plus_timer) d().loop().cancel(p.plus_timer);
  p.plus_timer = 0;
  std::string held;
  held.swap(p.held);
  for (char c : held) {
    pt_append(c, p.held_first);
    if (!pt_) return;
  }
}

void Net::pt_append(char c, Clock::time_point at) {
  Passthrough& p = *pt_;
  if (p.buf.empty()) {
    p.first = at;
    const auto interval = d().has(Defect::passthrough_50ms) ? 50ms : kGuard;
    p.flush_timer = d().after(p.first + interval - Clock::now(), [this] {
      if (!pt_) return;
      pt_->flush_timer = 0;
      pt_flush();
    });
  }
  p.buf += c;
  if (d().has(Defect::plus_inside_data)) {
    p.tail += c;
    if (p.tail.size() > 3) p.tail.erase(0, p.tail.size() - 3);
    if (p.tail == "+++") {
      // The pluses still buffered are dropped; any a timer already sent are gone.
      p.buf.resize(p.buf.size() >= 3 ? p.buf.size() - 3 : 0);
      pt_flush();
      return pt_exit(at);
    }
  }
  if (p.buf.size() >= kPacketMax) pt_flush();
}

void Net::pt_flush() {
  Passthrough& p = *pt_;
  if (p.flush_timer) d().loop().cancel(p.flush_timer);
  p.flush_timer = 0;
  if (p.buf.empty()) return;
  std::string packet;
  packet.swap(p.buf);
  Link* l = link(0);
  if (!l || !l->ready || !l->conn->open()) return;  // no link: the bytes are lost
  touch(*l);
  truth.packet(Clock::now(), 0, packet.size());
  if (l->type == ConnType::udp) {
    l->conn->send_to(packet, l->conn->remote());
  } else {
    l->conn->write(std::move(packet), nullptr);
  }
}

void Net::pt_exit(Clock::time_point last_plus) {
  Passthrough& p = *pt_;
  for (auto t : {p.flush_timer, p.plus_timer, p.retry_timer}) {
    if (t) d().loop().cancel(t);
  }
  pt_.reset();
  if (links[0] && !links[0]->ready) {  // still reconnecting: give up
    links[0]->conn->close();
    links[0].reset();
  }
  // The documents: wait 1 s before the next command. Input before then is lost.
  d().set_raw_input([](std::string_view, Clock::time_point) {});
  const std::uint64_t gen = generation;
  d().after(last_plus + kDeafAfterPlus - Clock::now(), [this, gen] {
    if (current(gen) && !pt_) d().set_raw_input(nullptr);
  });
}

void Net::passthrough_data(const std::string& data) {
  if (d().has(Defect::ipd_in_passthrough)) {
    d().send("\r\n+IPD," + std::to_string(data.size()) + ":" + data);
    return;
  }
  d().send(data);
}

void Net::passthrough_link_lost() {
  if (links[0]) links[0].reset();
  mark_closed();
  if (d().has(Defect::passthrough_no_reconnect) || !pt_) return;
  if (pt_->retry_timer) d().loop().cancel(pt_->retry_timer);
  pt_->retry_timer = d().after(kRetry, [this] {
    if (!pt_) return;
    pt_->retry_timer = 0;
    pt_reconnect();
  });
}

void Net::pt_reconnect() {
  if (!pt_ || pt_->connecting || !pt_->target) return;
  pt_->connecting = true;
  const std::uint64_t gen = generation;
  open_link(0, *pt_->target, [this, gen](bool ok, bool) {
    if (!current(gen) || !pt_) return;
    pt_->connecting = false;
    if (ok) return;
    pt_->retry_timer = d().after(kRetry, [this] {
      if (!pt_) return;
      pt_->retry_timer = 0;
      pt_reconnect();
    });
  });
}

}  // namespace atsim
