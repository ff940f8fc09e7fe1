#include "sim/transmitter.hpp"

#include <algorithm>

namespace atsim {
namespace {
// Slices are at least this far apart: ~11 characters at 115200, one wake-up per millisecond
// instead of one per character.
constexpr auto kSlice = std::chrono::milliseconds(1);
}  // namespace

Transmitter::Transmitter(EventLoop& loop, Deliver deliver)
    : loop_(loop), deliver_(std::move(deliver)) {}

Transmitter::~Transmitter() {
  if (timer_) loop_.cancel(timer_);
}

void Transmitter::send(std::string bytes) {
  if (!bytes.empty() && !muted_) push(Item{std::move(bytes), 0, std::nullopt, {}});
}

void Transmitter::send_raw(std::string bytes, const UartSettings& pace) {
  if (!bytes.empty() && !muted_) push(Item{std::move(bytes), 0, pace, {}});
}

void Transmitter::then(std::function<void()> action) {
  if (!muted_) push(Item{{}, 0, std::nullopt, std::move(action)});
}

void Transmitter::pause(Clock::duration d) {
  Item item;
  item.pause = d;
  push(std::move(item));
}

std::size_t Transmitter::queued_bytes() const {
  std::size_t n = 0;
  for (const Item& i : queue_) n += i.bytes.size() - i.pos;
  return n;
}

void Transmitter::cut_after(std::size_t n, std::function<void()> on_cut) {
  cut_at_ = delivered_ + queued_bytes() + n;
  on_cut_ = std::move(on_cut);
  if (n == 0 && queue_.empty()) cut_now();
}

bool Transmitter::cut_now() {
  if (!cut_at_ || delivered_ < *cut_at_) return false;
  cut_at_.reset();
  clear();
  auto on_cut = std::move(on_cut_);
  on_cut_ = nullptr;
  if (on_cut) on_cut();
  return true;
}

void Transmitter::clear() {
  queue_.clear();
  if (timer_) loop_.cancel(timer_);
  timer_ = 0;
}

void Transmitter::push(Item item) {
  const bool was_idle = queue_.empty();
  queue_.push_back(std::move(item));
  if (in_tick_) return;  // tick() reschedules itself on the way out
  if (was_idle) {
    // An idle line starts now, not when the previous character ended long ago.
    line_free_ = std::max(line_free_, Clock::now());
    schedule(Clock::now());
  }
}

void Transmitter::schedule(Clock::time_point when) {
  if (timer_) loop_.cancel(timer_);
  timer_ = loop_.at(when, [this] {
    timer_ = 0;
    tick();
  });
}

void Transmitter::tick() {
  in_tick_ = true;
  const auto now = Clock::now();
  std::optional<Clock::time_point> next;
  while (!queue_.empty()) {
    Item& front = queue_.front();
    if (front.action) {
      auto action = std::move(front.action);
      queue_.pop_front();  // before running: the action may clear() or queue more
      action();
      continue;
    }
    if (front.pause > Clock::duration::zero()) {
      if (!front.until) front.until = std::max(now, line_free_) + front.pause;
      if (now < *front.until) {
        next = *front.until;
        break;
      }
      line_free_ = std::max(line_free_, *front.until);
      queue_.pop_front();
      continue;
    }
    const UartSettings& framing = front.fixed ? *front.fixed : settings_;
    const auto char_time = framing.char_time();
    const auto done = static_cast<std::size_t>((now - line_free_) / char_time);
    if (done == 0) {
      next = line_free_ + char_time;
      break;
    }
    std::size_t n = std::min(done, front.bytes.size() - front.pos);
    if (cut_at_) n = std::min<std::size_t>(n, *cut_at_ - delivered_);
    deliver_(std::string_view(front.bytes).substr(front.pos, n), framing, front.fixed.has_value());
    line_free_ += char_time * static_cast<long>(n);
    delivered_ += n;
    front.pos += n;
    if (front.pos == front.bytes.size()) queue_.pop_front();
    if (cut_now()) break;
  }
  in_tick_ = false;
  if (!queue_.empty()) {
    if (!next) next = now;  // an action queued something: carry on
    schedule(std::max(*next, now + kSlice));
  } else if (line_free_ < now) {
    line_free_ = now;
  }
}

}  // namespace atsim
