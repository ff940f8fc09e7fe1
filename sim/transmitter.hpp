#pragma once
// The device's UART transmitter: bytes leave at the device's baud rate, a slice at a time on
// timers, never in one burst. Actions queued between bytes run when everything before them is
// on the wire, which is how "OK is sent at the old settings, then the new ones apply" and
// "OK, then reboot" are expressed.
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

 private:
  struct Item {
    std::string bytes;
    std::size_t pos = 0;
    std::optional<UartSettings> fixed;  // raw bytes at their own pace
    std::function<void()> action;
  };
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
};

}  // namespace atsim
