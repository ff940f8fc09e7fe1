#pragma once
// The device's UART transmitter: bytes leave at the device's baud rate, a slice at a time on
// timers, never in one burst. Actions queued between bytes run when everything before them is
// on the wire, which is how "OK is sent at the old settings, then the new ones apply" and
// "OK, then reboot" are expressed.
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sim/event_loop.hpp"
#include "sim/uart_settings.hpp"

namespace atsim {

class Transmitter {
 public:
  // Receives each slice as it completes on the wire, with the framing it was sent at; `raw`
  // bytes are already what the host will read (boot ROM noise) and must not be garbled again.
  using Deliver =
      std::function<void(std::string_view bytes, const UartSettings& framing, bool raw)>;

  Transmitter(EventLoop& loop, Deliver deliver);
  ~Transmitter();
  Transmitter(const Transmitter&) = delete;
  Transmitter& operator=(const Transmitter&) = delete;

  // Framing from now on (also for bytes already queued: they are not on the wire yet).
  void set_settings(const UartSettings& s) { settings_ = s; }
  const UartSettings& settings() const { return settings_; }

  void send(std::string bytes);
  void send_raw(std::string bytes, const UartSettings& pace);
  void then(std::function<void()> action);
  // A reset cuts the line: everything not yet transmitted is lost.
  void clear();
  bool idle() const { return queue_.empty(); }

  // Chaos (sim/fault/): the line stays idle for `d` after what is queued so far (a late answer).
  void pause(Clock::duration d);
  // Chaos: `n` more bytes after those queued so far go out, then the line is cut (the queue is
  // dropped) and `on_cut` runs (a firmware that hangs in the middle of a response).
  void cut_after(std::size_t n, std::function<void()> on_cut);
  // Chaos: while muted nothing is queued (a hung firmware); clear() does not unmute.
  void set_muted(bool on) { muted_ = on; }

 private:
  struct Item {
    std::string bytes;
    std::size_t pos = 0;
    std::optional<UartSettings> fixed;  // raw bytes at their own pace
    std::function<void()> action;
    Clock::duration pause{0};                // chaos: idle line for this long
    std::optional<Clock::time_point> until;  // when that pause, once begun, ends
  };
  std::size_t queued_bytes() const;
  bool cut_now();  // chaos: the cut is due; true when it happened
  void push(Item item);
  void tick();
  void schedule(Clock::time_point when);

  EventLoop& loop_;
  Deliver deliver_;
  UartSettings settings_;
  std::deque<Item> queue_;
  Clock::time_point line_free_{};  // when the last character's stop bit ends
  EventLoop::TimerId timer_ = 0;
  bool in_tick_ = false;
  // Chaos (sim/fault/).
  std::uint64_t delivered_ = 0;          // bytes on the wire so far
  std::optional<std::uint64_t> cut_at_;  // cut the line once this many bytes are out
  std::function<void()> on_cut_;
  bool muted_ = false;
};

}  // namespace atsim
