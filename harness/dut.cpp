#include "harness/dut.hpp"

#include <algorithm>

#include "harness/link/link_error.hpp"

namespace atc {

namespace {
// Old events are dropped past this many (a long passthrough or +IPD test must not grow
// without bound); waits that began before the cut resume from the oldest kept event.
constexpr std::size_t kMaxEvents = 20000;
constexpr Millis kReadSlice{200};
// After a wait ends, the idle reader waits this long before it reads again: a test's next call
// usually comes sooner and reads by itself. Bytes that arrive in this window are stamped when
// they are read, at most this late.
constexpr Millis kIdleResume{1};
// How often the parked idle reader looks whether it should read again: bytes that arrive after
// a wait ended and before the next one began are read (and stamped) at most this late.
constexpr Millis kPark{20};

bool is_line(EventKind k) {
  return k == EventKind::echo || k == EventKind::info || k == EventKind::final ||
         k == EventKind::urc || k == EventKind::ipd;
}
}  // namespace

Dut::Dut(std::unique_ptr<Link> link, DutTiming timing) : link_(std::move(link)), timing_(timing) {
  reader_ = std::jthread([this](std::stop_token st) { reader_loop(st); });
}

Dut::~Dut() {
  reader_.request_stop();
  {
    std::lock_guard lk(mu_);
    reader_cv_.notify_all();
  }
  link_->interrupt();
  if (reader_.joinable()) reader_.join();
}

void Dut::ingest(Chunk chunk) {
  framed_.clear();
  framer_.feed(chunk, framed_);
  for (const FramedItem& item : framed_) on_event(classifier_.classify(item));
  last_rx_ = chunk.arrived;
  transcript_.add(Transcript::Dir::rx, std::move(chunk.bytes), chunk.arrived);  // no copy
}

void Dut::read_once(std::unique_lock<std::mutex>& lk, Clock::time_point until) {
  reading_ = true;
  lk.unlock();
  std::optional<Chunk> chunk;
  std::optional<std::string> died;
  try {
    chunk = link_->read(until);
  } catch (const LinkError& e) {
    died = e.what();
  }
  lk.lock();
  reading_ = false;
  if (died && !dead_) {
    dead_ = *died;
    transcript_.add(Transcript::Dir::note, "link lost: " + *died);
  }
  if (chunk) ingest(std::move(*chunk));
  cv_.notify_all();
}

void Dut::reader_loop(std::stop_token st) {
  std::unique_lock lk(mu_);
  while (!st.stop_requested() && !dead_) {
    // Parked while a call waits (it reads itself) and for a moment after one, so that calls
    // in quick succession never have to take the link back from this thread. It looks again
    // every kPark by itself: a call that ends does not wake it (that would cost every call a
    // second thread's wake-up).
    if (waiting_ > 0 || Clock::now() < last_wait_end_ + kIdleResume) {
      reader_cv_.wait_for(lk, kPark);
      continue;
    }
    idle_reader_reading_ = true;
    read_once(lk, Clock::now() + kReadSlice);
    idle_reader_reading_ = false;
    cv_.notify_all();
  }
}

bool Dut::await(std::unique_lock<std::mutex>& lk, Clock::time_point deadline,
                const std::function<bool()>& done,
                const std::function<Clock::time_point()>& recheck, bool throw_when_dead) {
  ++waiting_;
  // The idle reader is inside a read: make it let go (its read returns at once).
  if (idle_reader_reading_) link_->interrupt();
  bool ok = false;
  while (true) {
    if (done()) {
      ok = true;
      break;
    }
    if (dead_) break;
    const auto now = Clock::now();
    if (now >= deadline) break;
    auto until = std::min(deadline, now + kReadSlice);
    if (recheck) until = std::min(until, std::max(now, recheck()));
    if (!reading_) {
      read_once(lk, until);
    } else {
      cv_.wait_until(lk, until);
    }
  }
  --waiting_;
  last_wait_end_ = Clock::now();
  if (!ok && dead_ && throw_when_dead) throw_if_dead();
  return ok;
}

void Dut::on_event(Event e) {
  switch (e.kind) {
    case EventKind::noise:
      noise_bytes_ += e.text.size();
      break;
    case EventKind::raw:  // passthrough data is read with take_raw()
      raw_bytes_ += e.text.size();
      raw_.push_back({e.at, std::move(e.text)});
      return;
    case EventKind::urc:
    case EventKind::ipd:
      urcs_.push_back(e);
      break;
    default:
      break;
  }
  events_.push_back(std::move(e));
  if (events_.size() > kMaxEvents) {
    std::size_t drop = kMaxEvents / 2;
    events_.erase(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(drop));
    base_ += drop;
    expect_cursor_ = std::max(expect_cursor_, base_);
  }
  if (urcs_.size() > kMaxEvents) urcs_.pop_front();
}

void Dut::throw_if_dead() const {
  if (dead_)
    throw LinkError("the DUT link is gone: " + *dead_ +
                    " (a board whose USB is the chip's own, with no USB-serial adapter, also "
                    "loses its link when the firmware crashes)");
}

bool Dut::answered_ok_and_quiet(Millis within) const {
  std::lock_guard lk(mu_);
  return quiet_ok_ && !dead_ && !framer_.raw() && last_rx_ == *quiet_ok_ &&
         Clock::now() - *quiet_ok_ < within;
}

bool Dut::link_dead() const {
  std::lock_guard lk(mu_);
  return dead_.has_value();
}

std::size_t Dut::noise_bytes() const {
  std::lock_guard lk(mu_);
  return noise_bytes_;
}

void Dut::write_raw(std::string_view bytes) {
  {
    std::lock_guard lk(mu_);
    throw_if_dead();
  }
  send_bytes(bytes);
}

void Dut::send_bytes(std::string_view bytes) {
  {
    std::lock_guard lk(mu_);
    quiet_ok_.reset();  // whatever this does, the last answer no longer vouches for the DUT
  }
  transcript_.add(Transcript::Dir::tx, bytes);
  try {
    link_->write(bytes);
  } catch (const LinkError& e) {
    throw LinkError(std::string("writing to the DUT failed: ") + e.what());
  }
}

Response Dut::command(std::string_view line, std::optional<Millis> timeout) {
  return exchange(line, timeout, false);
}

Response Dut::prompt_command(std::string_view line, std::optional<Millis> timeout) {
  return exchange(line, timeout, true);
}

Response Dut::exchange(std::string_view line, std::optional<Millis> timeout, bool wants_prompt) {
  Response r;
  r.command = std::string(line);
  std::unique_lock lk(mu_);
  throw_if_dead();
  classifier_.begin(r.command, wants_prompt);  // before the write: the echo may come at once
  std::size_t from = end_index();
  lk.unlock();
  r.sent = Clock::now();
  send_bytes(r.command + "\r\n");
  lk.lock();
  return wait_final(std::move(r), timeout.value_or(timing_.command), lk, from);
}

Response Dut::send_data(std::string_view payload, std::optional<Millis> timeout) {
  Response r;
  r.command = "<" + std::to_string(payload.size()) + " data bytes>";
  std::unique_lock lk(mu_);
  throw_if_dead();
  std::size_t from = end_index();
  lk.unlock();
  r.sent = Clock::now();
  send_bytes(payload);
  lk.lock();
  return wait_final(std::move(r), timeout.value_or(timing_.command), lk, from);
}

Response Dut::wait_final(Response r, Millis timeout, std::unique_lock<std::mutex>& lk,
                         std::size_t from) {
  r.timeout = timeout;
  const auto deadline = r.sent + timeout;
  std::size_t next = from;
  bool done = false;
  // Takes in the events after `next` as they come; done at the final result.
  auto take = [&] {
    next = std::max(next, base_);
    for (; next < end_index() && !done; ++next) {
      const Event& e = at_index(next);
      if (r.first_byte == Clock::time_point{} && is_line(e.kind)) r.first_byte = e.at;
      switch (e.kind) {
        case EventKind::echo:
          r.echoed = true;
          break;
        case EventKind::info:
          r.info.push_back(e.text);
          break;
        case EventKind::urc:
        case EventKind::ipd:
          r.urcs.push_back(e);
          break;
        case EventKind::final:
          r.final = e.final;
          r.final_text = e.text;
          r.done = e.at;
          done = true;
          break;
        default:
          break;
      }
    }
    return done;
  };
  await(lk, deadline, take);
  if (!done) {
    classifier_.end();
    r.done = Clock::now();
    // Some builds end an exchange with only a worded result ("ALREADY CONNECTED").
    if (!r.info.empty() && is_worded_result(r.info.back())) {
      r.final = Final::detail;
      r.final_text = r.info.back();
    }
  }
  if (r.final != Final::ok) {
    r.tail = tail_locked(8);
  } else if (r.command == "AT" || (r.command.starts_with("AT+") && r.command.ends_with("?"))) {
    quiet_ok_ = r.done;  // AT, a query or a test command: answered, and nothing changed
  }
  return r;
}

std::optional<Event> Dut::wait_urc(const std::string& pattern, Millis timeout) {
  const std::regex re(pattern);
  const auto deadline = Clock::now() + timeout;
  std::unique_lock lk(mu_);
  std::optional<Event> found;
  std::size_t seen = 0;  // URCs already looked at (the queue only grows at its end meanwhile)
  await(lk, deadline, [&] {
    for (auto it = urcs_.begin() + static_cast<std::ptrdiff_t>(std::min(seen, urcs_.size()));
         it != urcs_.end(); ++it) {
      if (std::regex_match(it->text, re)) {
        found = std::move(*it);
        urcs_.erase(it);
        return true;
      }
    }
    seen = urcs_.size();
    return false;
  });
  return found;
}

std::vector<Event> Dut::take_urcs() {
  std::lock_guard lk(mu_);
  std::vector<Event> out(urcs_.begin(), urcs_.end());
  urcs_.clear();
  return out;
}

void Dut::clear_urcs() {
  std::lock_guard lk(mu_);
  urcs_.clear();
}

std::optional<Event> Dut::expect_line(const std::string& pattern, Millis timeout) {
  const std::regex re(pattern);
  const auto deadline = Clock::now() + timeout;
  std::unique_lock lk(mu_);
  std::optional<Event> found;
  await(lk, deadline, [&] {
    expect_cursor_ = std::max(expect_cursor_, base_);
    for (; expect_cursor_ < end_index(); ++expect_cursor_) {
      const Event& e = at_index(expect_cursor_);
      if (is_line(e.kind) && std::regex_match(e.text, re)) {
        found = at_index(expect_cursor_++);
        return true;
      }
    }
    return false;
  });
  return found;
}

void Dut::reset_expect_cursor() {
  std::lock_guard lk(mu_);
  expect_cursor_ = end_index();
}

bool Dut::wait_quiet(Millis quiet, Millis limit) {
  const auto deadline = Clock::now() + limit;
  std::unique_lock lk(mu_);
  return await(
      lk, deadline, [&] { return last_rx_ + quiet <= Clock::now(); },
      [&] { return last_rx_ + quiet; });
}

void Dut::hold(Millis width) {
  std::unique_lock lk(mu_);
  cv_.wait_for(lk, width, [&] { return dead_.has_value(); });
  throw_if_dead();
}

Dut::ResetOutcome Dut::reset_by_command() {
  ResetOutcome out;
  clear_urcs();
  auto start = Clock::now();
  Response r = command("AT+RST");
  out.ok = r.ok();
  auto ready = wait_urc("ready", timing_.boot);
  out.ready = ready.has_value();
  if (ready) out.boot_time = std::chrono::duration_cast<Millis>(ready->at - start);
  return out;
}

Dut::ResetOutcome Dut::reset_by_lines() {
  ResetOutcome out;
  clear_urcs();
  auto start = Clock::now();
  {
    std::lock_guard lk(mu_);
    quiet_ok_.reset();
  }
  transcript_.add(Transcript::Dir::note, "hardware reset: RTS asserted (EN low), DTR released");
  if (!link_->set_lines(false, true)) {
    out.supported = false;
    return out;
  }
  hold(timing_.reset_pulse);
  link_->set_lines(false, false);
  transcript_.add(Transcript::Dir::note, "hardware reset: RTS released (EN high)");
  auto ready = wait_urc("ready", timing_.boot);
  out.ready = ready.has_value();
  if (ready) out.boot_time = std::chrono::duration_cast<Millis>(ready->at - start);
  return out;
}

bool Dut::resync() {
  const auto deadline = Clock::now() + timing_.resync;
  transcript_.add(Transcript::Dir::note, "resync: AT until OK");
  // A CR LF first ends whatever half line the device may hold.
  write_raw("\r\n");
  while (Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    Response r = command("AT", std::min(left, Millis{300}));
    if (r.ok()) {
      wait_quiet(Millis{50}, Millis{300});  // let a late duplicate OK drain
      clear_urcs();
      return true;
    }
  }
  return false;
}

bool Dut::set_host_serial(const SerialSettings& s) {
  {
    std::lock_guard lk(mu_);
    quiet_ok_.reset();
  }
  transcript_.add(Transcript::Dir::note, "host UART set to " + to_string(s));
  if (!link_->set_serial(s)) return false;
  host_serial_ = s;
  return true;
}

Response Dut::enter_passthrough(std::string_view line, std::optional<Millis> timeout) {
  {
    std::lock_guard lk(mu_);
    drop_raw();  // bytes of an earlier passthrough session are not this one's data
    framer_.raw_after_next_prompt();
  }
  Response r = prompt_command(line, timeout);
  if (r.final != Final::prompt) set_passthrough(false);  // also disarms the framer
  return r;
}

void Dut::exit_passthrough(Millis guard) {
  // Silence before: the device only honours "+++" as a packet of its own.
  hold(guard);
  transcript_.add(Transcript::Dir::note, "leaving passthrough: +++ between silences");
  send_bytes("+++");
  set_passthrough(false);
  // The documents: wait at least 1 s after "+++" before the next command; that second is also
  // the silence after it (a guard of its own on top would only add to every exit).
  hold(std::max(guard, timing_.after_plus));
}

void Dut::set_passthrough(bool on) {
  std::lock_guard lk(mu_);
  if (on) {
    quiet_ok_.reset();
    drop_raw();
    framer_.set_raw(true);
  } else
    framer_.restart();  // drops any arming and a half-read line from before
}

bool Dut::in_passthrough() const {
  std::lock_guard lk(mu_);
  return framer_.raw();
}

void Dut::drop_raw() {
  if (raw_bytes_ > 0)
    transcript_.add(Transcript::Dir::note,
                    "dropped " + std::to_string(raw_bytes_) + " raw bytes nobody took");
  raw_.clear();
  raw_bytes_ = 0;
}

std::vector<Chunk> Dut::take_raw_chunks(std::size_t at_least, Millis timeout) {
  std::unique_lock lk(mu_);
  // What arrived before a link died is still the test's to look at.
  await(
      lk, Clock::now() + timeout, [&] { return raw_bytes_ >= at_least; }, nullptr, false);
  std::vector<Chunk> out = std::move(raw_);
  raw_.clear();
  raw_bytes_ = 0;
  return out;
}

std::string Dut::take_raw(std::size_t at_least, Millis timeout) {
  std::string out;
  for (auto& c : take_raw_chunks(at_least, timeout)) out += c.bytes;
  return out;
}

std::vector<Chunk> Dut::pop_raw(std::size_t n) {
  std::vector<Chunk> out;
  std::size_t whole = 0;  // chunks taken entirely
  for (; whole < raw_.size() && n > 0 && raw_[whole].bytes.size() <= n; ++whole) {
    n -= raw_[whole].bytes.size();
    raw_bytes_ -= raw_[whole].bytes.size();
    out.push_back(std::move(raw_[whole]));
  }
  raw_.erase(raw_.begin(), raw_.begin() + static_cast<std::ptrdiff_t>(whole));
  if (n > 0 && !raw_.empty()) {  // the rest of a chunk stays, with its arrival time
    out.push_back({raw_.front().arrived, raw_.front().bytes.substr(0, n)});
    raw_.front().bytes.erase(0, n);
    raw_bytes_ -= n;
  }
  return out;
}

std::vector<Chunk> Dut::take_raw_chunks_exactly(std::size_t n, Millis timeout) {
  std::unique_lock lk(mu_);
  await(
      lk, Clock::now() + timeout, [&] { return raw_bytes_ >= n; }, nullptr, false);
  return pop_raw(n);
}

std::string Dut::take_raw_exactly(std::size_t n, Millis timeout) {
  std::string out;
  for (auto& c : take_raw_chunks_exactly(n, timeout)) out += c.bytes;
  return out;
}

std::string Dut::tail(std::size_t lines) const {
  std::lock_guard lk(mu_);
  return tail_locked(lines);
}

std::string Dut::tail_locked(std::size_t lines) const {
  std::vector<const Event*> picked;
  for (auto it = events_.rbegin(); it != events_.rend() && picked.size() < lines; ++it)
    if (it->kind != EventKind::raw) picked.push_back(&*it);
  std::string out;
  for (auto it = picked.rbegin(); it != picked.rend(); ++it) {
    out += "  ";
    out += to_string((*it)->kind);
    out += ": \"";
    out += escape_bytes(std::string_view((*it)->text).substr(0, 200));
    out += "\"\n";
  }
  if (out.empty()) out = "  (nothing received)\n";
  return out;
}

}  // namespace atc
