#include "harness/link/regroup_link.hpp"

#include <algorithm>
#include <charconv>

#include "harness/link/link_error.hpp"

namespace atc {

namespace {

// An FTDI adapter's USB packet carries 62 data bytes: a full one goes without waiting.
constexpr std::size_t kUsbPacket = 62;
constexpr Millis kRandomHoldMax{8};
constexpr std::size_t kRandomPieceMax = 256;

std::optional<std::uint64_t> number(std::string_view s) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

RegroupLink::Options RegroupLink::parse(const std::string& value, const std::string& uri) {
  const std::size_t colon = value.find(':');
  const std::string name = value.substr(0, colon);
  const std::optional<std::string> arg =
      colon == std::string::npos ? std::nullopt : std::optional(value.substr(colon + 1));
  auto bad = [&](const std::string& why) -> LinkError {
    return LinkError("link URI \"" + uri + "\": regroup=" + value + ": " + why +
                     " (burst[:MS], bytes, random[:SEED], mixed[:SEED])");
  };
  Options o;
  if (name == "burst") {
    o.mode = Mode::burst;
    if (arg) {
      auto ms = number(*arg);
      if (!ms || *ms < 1 || *ms > 1000) throw bad("the latency timer is 1..1000 ms");
      o.hold = Millis(static_cast<long>(*ms));
    }
  } else if (name == "bytes") {
    o.mode = Mode::bytes;
    if (arg) throw bad("bytes takes no argument");
  } else if (name == "random" || name == "mixed") {
    o.mode = name == "random" ? Mode::random : Mode::mixed;
    if (arg) {
      auto seed = number(*arg);
      if (!seed) throw bad("the seed is a number");
      o.seed = *seed;
    }
  } else {
    throw bad("unknown grouping");
  }
  return o;
}

RegroupLink::RegroupLink(std::unique_ptr<Link> inner, Options o)
    : inner_(std::move(inner)), o_(o), rng_(o.seed * 0x9E3779B97F4A7C15ULL + 1) {}

std::uint64_t RegroupLink::next() {
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  return rng_;
}

void RegroupLink::start_group(Clock::time_point first) {
  group_.mode = o_.mode == Mode::mixed ? static_cast<Mode>(next() % 3) : o_.mode;
  switch (group_.mode) {
    case Mode::bytes:
      group_.due = first;
      group_.early_size = 1;
      break;
    case Mode::random:
      group_.due = first + Millis(static_cast<long>(next() % (kRandomHoldMax.count() + 1)));
      group_.early_size = 1 + next() % kRandomPieceMax;
      break;
    default:  // burst (and mixed's burst)
      group_.due = first + o_.hold;
      group_.early_size = kUsbPacket;
      break;
  }
}

std::optional<Chunk> RegroupLink::take_due(Clock::time_point now) {
  if (pending_.empty()) return std::nullopt;
  std::size_t n = 0;
  if (pending_.size() >= group_.early_size)
    n = group_.early_size;
  else if (now >= group_.due || dead_)
    n = pending_.size();
  else
    return std::nullopt;
  Chunk c{now, pending_.substr(0, n)};
  pending_.erase(0, n);
  // What is left waits as a group of its own (bytes keep going one by one).
  if (!pending_.empty() && group_.mode != Mode::bytes) start_group(now);
  return c;
}

std::optional<Chunk> RegroupLink::read(Clock::time_point deadline) {
  for (;;) {
    const auto now = Clock::now();
    if (auto c = take_due(now)) return c;
    if (dead_) std::rethrow_exception(dead_);  // everything before the failure is out
    if (now >= deadline) return std::nullopt;
    const auto until = pending_.empty() ? deadline : std::min(deadline, group_.due);
    std::optional<Chunk> c;
    try {
      c = inner_->read(until);
    } catch (const LinkError&) {
      dead_ = std::current_exception();
      continue;
    }
    if (c) {
      if (pending_.empty()) start_group(c->arrived);
      pending_ += c->bytes;
      continue;
    }
    if (Clock::now() < until) return std::nullopt;  // interrupted
  }
}

}  // namespace atc
