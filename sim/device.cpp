#include "sim/device.hpp"

namespace atsim {
namespace {
// Longer lines than this are not commands (the firmware's buffer is smaller still).
constexpr std::size_t kMaxLine = 8192;
}  // namespace

Device::Device(EventLoop& loop, Transmitter& tx, Storage& storage, const Defects& defects,
               const Registry& registry, std::chrono::milliseconds boot_time)
    : loop_(loop),
      tx_(tx),
      storage_(storage),
      defects_(defects),
      registry_(registry),
      boot_time_(boot_time) {}

// ---------------------------------------------------------------- power and reset

void Device::power_on() {
  storage_.power_loss();
  boot(ResetCause::power_on, io0_low_);
}

void Device::set_lines(bool dtr, bool rts) {
  const bool en_high = !(rts && !dtr);
  io0_low_ = dtr && !rts;
  if (en_high == en_high_) return;
  en_high_ = en_high;
  if (!en_high) {
    hold_in_reset();
  } else {
    // The strapping pin is sampled as EN rises.
    boot(ResetCause::external_pin, io0_low_);
  }
}

void Device::hold_in_reset() {
  ++epoch_;
  tx_.clear();           // a reset cuts a character mid-air
  tx_.set_muted(false);  // and ends a hang (chaos)
  phase_ = Phase::reset;
  busy_ = false;
  hold_while_busy_ = false;
  held_.clear();
  line_.clear();
  line_garbled_ = line_overflow_ = false;
  data_wanted_ = 0;
  data_.clear();
  on_data_ = nullptr;
  raw_input_ = nullptr;
}

UartSettings Device::saved_uart() const {
  if (auto text = storage_.get("nvs.uart_def")) {
    if (auto s = UartSettings::from_at(*text)) return *s;
  }
  return UartSettings{};  // factory: 115200,8,1,0,0
}

void Device::boot(ResetCause cause, bool download) {
  hold_in_reset();
  phase_ = Phase::booting;
  uart_ = saved_uart();
  tx_.set_settings(uart_);
  echo_ = !has(Defect::echo_default_off);
  for (const auto& hook : registry_.boot_hooks()) hook(*this);

  if (chip() == Chip::esp8266) tx_.send_raw(esp8266_boot_rom_output(cause, download), kBootRomUart);
  if (download) {
    phase_ = Phase::download;  // waits for a flasher that never comes
    return;
  }
  after(boot_time_, [this] {
    if (!has(Defect::no_ready)) tx_.send("\r\nready\r\n");
    phase_ = Phase::running;
    for (const auto& hook : registry_.ready_hooks()) hook(*this);
  });
}

void Device::hang() {
  ++epoch_;  // timers of this boot do nothing any more
  phase_ = Phase::hung;
  tx_.clear();
  tx_.set_muted(true);
}

void Device::restart() {
  ++epoch_;  // whatever was still running is abandoned
  phase_ = Phase::restarting;
  busy_ = false;
  tx_.then([this] { boot(ResetCause::software, false); });
}

void Device::deep_sleep(std::chrono::milliseconds d) {
  ++epoch_;
  phase_ = Phase::restarting;
  tx_.then([this, d] {
    ++epoch_;
    phase_ = Phase::sleeping;
    if (!has(Defect::gslp_no_wake)) after(d, [this] { boot(ResetCause::deep_sleep_wake, false); });
  });
}

EventLoop::TimerId Device::after(Clock::duration d, std::function<void()> fn) {
  return loop_.after(d, [this, epoch = epoch_, fn = std::move(fn)] {
    if (epoch == epoch_) fn();
  });
}

// ---------------------------------------------------------------- input

void Device::on_input(std::string_view bytes, const HostLine& host) {
  if (phase_ != Phase::running) return;  // reset, booting, asleep: the bytes are lost
  // Bytes sent at settings the device does not share arrive as noise (never a line end, so a
  // garbled command is not answered until the host sends a good line end).
  consume(bytes, in_step(uart_, host), Clock::now());
}

void Device::input_as_commands(std::string_view bytes) {
  if (phase_ == Phase::running) consume(bytes, true, Clock::now());
}

void Device::consume(std::string_view bytes, bool intact, Clock::time_point arrived) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (phase_ != Phase::running) return;  // a command in this chunk rebooted the device
    if (raw_input_) {
      // A command in this chunk switched to raw input: the rest of the chunk is its data.
      std::string rest(bytes.substr(i));
      if (!intact) {
        for (char& r : rest) r = input_noise_.byte(false);
      }
      auto sink = raw_input_;  // copy: the sink may replace itself
      sink(rest, arrived);
      return;
    }
    char c = bytes[i];
    if (!intact) c = input_noise_.byte(false);
    if (data_wanted_ > 0) {
      feed_data(c);
      continue;
    }
    if (c == '\n') {
      std::string text;
      text.swap(line_);
      const bool garbled = line_garbled_ || line_overflow_;
      line_garbled_ = line_overflow_ = false;
      const bool cr = !text.empty() && text.back() == '\r';
      if (cr) text.pop_back();
      if (garbled) text.insert(0, 1, '\x80');  // can never parse as AT
      process_line(text, cr ? "\r\n" : "\n");
      continue;
    }
    if (line_.size() >= kMaxLine) {
      line_overflow_ = true;
      continue;
    }
    if (!intact) line_garbled_ = true;
    line_ += c;
  }
}

void Device::feed_data(char c) {
  data_ += c;
  if (--data_wanted_ > 0) return;
  busy_ = false;
  auto on_data = std::move(on_data_);
  on_data_ = nullptr;
  std::string data;
  data.swap(data_);
  on_data(std::move(data));
}

void Device::process_line(const std::string& text, std::string_view terminator) {
  if (text.empty()) return;  // a bare line end: nothing to answer
  if (echo_) tx_.send(text + std::string(terminator));
  if (line_observer_) {
    line_observer_(text);
    if (phase_ != Phase::running) return;  // a fault rebooted or hung the device
  }
  if (busy_) {
    // ESP32 §3.2.2 note: AT+RST forces a restart even while busy.
    if (text == "AT+RST") {
      tx_.send("will force to restart!!!\r\n");
      restart();
    } else if (hold_while_busy_) {
      held_.push_back(text);
    } else if (!has(Defect::no_busy)) {
      tx_.send("busy p...\r\n");
    }
    return;
  }
  dispatch(text);
}

void Device::dispatch(const std::string& text) {
  auto request = parse_request(text);
  const Command* command = request ? registry_.find(request->name) : nullptr;
  if (command == nullptr || (command->variants & request->variant) == 0) {
    error();
    return;
  }
  command->handler(*this, *request);
}

// ---------------------------------------------------------------- replies

void Device::info(std::string_view line) {
  tx_.send(std::string(line) + "\r\n");
}
void Device::ok() {
  tx_.send("\r\nOK\r\n");
}
void Device::error() {
  tx_.send("\r\nERROR\r\n");
}
void Device::send(std::string bytes) {
  tx_.send(std::move(bytes));
}

void Device::after_sent(std::function<void()> action) {
  // Bound to this boot: a reset in between drops the queue and the action with it.
  tx_.then(std::move(action));
}

void Device::busy_for(Clock::duration d, std::function<void()> done, WhileBusy lines) {
  busy_ = true;
  hold_while_busy_ = lines == WhileBusy::queue;
  after(d, [this, done = std::move(done)] {
    busy_ = false;
    hold_while_busy_ = false;
    done();
    run_held_lines();
  });
}

void Device::run_held_lines() {
  // One at a time: a held line may itself start a busy command, which then holds the rest.
  while (!held_.empty() && !busy_ && phase_ == Phase::running) {
    std::string text = std::move(held_.front());
    held_.erase(held_.begin());
    dispatch(text);
  }
}

void Device::expect_data(std::size_t n, std::function<void(std::string)> on_data) {
  tx_.send("> ");
  busy_ = true;
  data_wanted_ = n;
  data_.clear();
  on_data_ = std::move(on_data);
}

void Device::apply_uart(const UartSettings& s) {
  uart_ = s;
  tx_.set_settings(s);
}

std::optional<std::int64_t> Device::checked_int(const Params& p, std::size_t i, std::int64_t lo,
                                                std::int64_t hi) const {
  if (has(Defect::range_unchecked)) {
    if (!p.is_int(i)) return std::nullopt;
    return p[i].number;
  }
  return p.int_in(i, lo, hi);
}

std::uint64_t Device::random() {
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  return rng_;
}

}  // namespace atsim
