#pragma once
// The simulated module: power and reset, the AT command interpreter's framing (echo, lines,
// busy, data prompts), and the services command handlers use to answer. What each command
// does lives in the chapters (*_commands.cpp); the Device knows none of them.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "sim/boot_rom.hpp"
#include "sim/command.hpp"
#include "sim/defects.hpp"
#include "sim/event_loop.hpp"
#include "sim/host_line.hpp"
#include "sim/noise.hpp"
#include "sim/storage.hpp"
#include "sim/transmitter.hpp"
#include "sim/uart_settings.hpp"

namespace atsim {

enum class Phase {
  reset,       // EN held low: silent, input ignored
  booting,     // between reset and `ready`: input lost
  download,    // booted with IO0 low: ROM download mode, no AT at all
  running,     // the AT interpreter reads commands
  restarting,  // a reply is draining before a reboot or deep sleep: input ignored
  sleeping,    // deep sleep: silent until the wake timer or a reset
  hung         // chaos (sim/fault/): the firmware hangs: silent and deaf until a reset
};

class Device {
 public:
  Device(EventLoop& loop, Transmitter& tx, Storage& storage, const Defects& defects,
         const Registry& registry, std::chrono::milliseconds boot_time);
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  // ---- the outside world: power, reset wiring, the serial line
  void power_on();
  // DTR/RTS as the host drives them (1 = asserted), through the usual ESP auto-reset circuit:
  // EN is low when RTS is asserted and DTR not; IO0 is low when DTR is asserted and RTS not.
  void set_lines(bool dtr, bool rts);
  void on_input(std::string_view bytes, const HostLine& host);
  Phase phase() const { return phase_; }

  // ---- for command handlers
  Chip chip() const { return registry_.chip(); }
  bool has(Defect d) const { return defects_.has(d); }
  Storage& storage() { return storage_; }

  // A chapter's own state, created (default-constructed) on first use. Chapters reset the
  // volatile part in their boot hook.
  template <class T>
  T& state() {
    auto& slot = states_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *static_cast<T*>(slot.get());
  }

  // Reply building blocks: an information line ("+X:..." CR LF), the final results (each
  // preceded by a blank line), and raw bytes (data inside a reply).
  void info(std::string_view line);
  void ok();
  void error();
  void send(std::string bytes);
  // Runs once everything queued so far is on the wire (e.g. switch UART after the OK).
  void after_sent(std::function<void()> action);
  // The command keeps running for `d`: lines arriving meanwhile get `busy p...`. `done` then
  // finishes the command (usually with ok()).
  // WhileBusy::queue is a defect's behaviour: lines arriving meanwhile are echoed but held
  // silently, and run in order once `done` has finished the command.
  enum class WhileBusy { answer_busy, queue };
  void busy_for(Clock::duration d, std::function<void()> done,
                WhileBusy lines = WhileBusy::answer_busy);
  // Sends the `> ` prompt (no line terminator) and hands the next `n` raw bytes to `on_data`.
  void expect_data(std::size_t n, std::function<void(std::string data)> on_data);
  // Reboot once the reply so far is on the wire.
  void restart();
  // Deep sleep once the reply is on the wire; wake (a reboot) after `d`.
  void deep_sleep(std::chrono::milliseconds d);
  // A timer that a reset cancels.
  EventLoop::TimerId after(Clock::duration d, std::function<void()> fn);
  // For chapters that watch descriptors (sockets); their own timers should use after().
  EventLoop& loop() { return loop_; }
  // Raw input: while a sink is set, the UART's bytes (noise when host and device are out of
  // step) go to it with their arrival time instead of to the command interpreter: data phases
  // that are not a fixed length (AT+CIPSENDEX) and passthrough. nullptr gives the UART back to
  // the interpreter; a reset clears it.
  using RawSink = std::function<void(std::string_view bytes, Clock::time_point at)>;
  void set_raw_input(RawSink sink) { raw_input_ = std::move(sink); }
  bool has_raw_input() const { return static_cast<bool>(raw_input_); }
  // Bytes a raw sink took but did not want (they followed a data phase that ended mid-chunk):
  // back to the command interpreter, in order.
  void input_as_commands(std::string_view bytes);

  const UartSettings& uart() const { return uart_; }
  void apply_uart(const UartSettings& s);  // now: pair with after_sent() for "after the OK"
  bool echo() const { return echo_; }
  void set_echo(bool on) { echo_ = on; }

  // The integer parameter i if it lies in [lo, hi]; with `range-unchecked` any integer.
  std::optional<std::int64_t> checked_int(const Params& p, std::size_t i, std::int64_t lo,
                                          std::int64_t hi) const;
  std::uint64_t random();

  // The saved default UART (AT+UART_DEF), or the factory one.
  UartSettings saved_uart() const;

  // ---- chaos (sim/fault/): faults on a schedule
  // Sees every command line the interpreter takes, after its echo and before it runs; it may
  // hang or reboot the device (the line is then not run).
  using LineObserver = std::function<void(const std::string& line)>;
  void set_line_observer(LineObserver observer) { line_observer_ = std::move(observer); }
  // The firmware hangs: nothing more goes out, input is ignored, until a reset or power cycle.
  void hang();

 private:
  void boot(ResetCause cause, bool download);
  void hold_in_reset();
  void process_line(const std::string& text, std::string_view terminator);
  void dispatch(const std::string& text);
  void consume(std::string_view bytes, bool intact, Clock::time_point arrived);
  void feed_data(char c);
  void run_held_lines();

  EventLoop& loop_;
  Transmitter& tx_;
  Storage& storage_;
  const Defects& defects_;
  const Registry& registry_;
  std::chrono::milliseconds boot_time_;

  Phase phase_ = Phase::reset;
  std::uint64_t epoch_ = 0;  // bumped at every reset: timers of an older epoch do nothing
  bool en_high_ = true;
  bool io0_low_ = false;

  UartSettings uart_;
  bool echo_ = true;
  bool busy_ = false;
  bool hold_while_busy_ = false;   // WhileBusy::queue
  std::vector<std::string> held_;  // lines held meanwhile
  std::string line_;
  bool line_garbled_ = false;
  bool line_overflow_ = false;
  std::size_t data_wanted_ = 0;
  std::string data_;
  std::function<void(std::string)> on_data_;
  RawSink raw_input_;
  LineObserver line_observer_;

  Noise input_noise_{0x1A7E};
  std::uint64_t rng_ = 0x2545F4914F6CDD1DULL;
  std::unordered_map<std::type_index, std::shared_ptr<void>> states_;
};

}  // namespace atsim
