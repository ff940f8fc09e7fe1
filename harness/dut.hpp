#pragma once
// The device under test as tests see it: synchronous calls with explicit deadlines. The link's
// bytes become events as they arrive, read by whoever is waiting for them: a call that waits
// (a command's final result, a URC, raw data) reads the link itself, so an answer costs one
// wake-up of the waiting thread and no hand-over between threads; when no call waits, an idle
// reader thread keeps reading, so URCs and passthrough data are stamped when they arrive and
// the kernel's buffer never fills. Every call that waits has a deadline; a dead link raises
// LinkError (an `error` verdict), a silent DUT times out (the test decides whether that is a
// failure).
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "harness/at/classifier.hpp"
#include "harness/at/framer.hpp"
#include "harness/at/transcript.hpp"
#include "harness/link/link.hpp"
#include "harness/response.hpp"

namespace atc {

struct DutTiming {
  Millis command{2000};     // default deadline for a command's final result
  Millis boot{5000};        // reset to "ready"
  Millis reset_pulse{100};  // EN held low during a hardware reset
  Millis resync{3000};      // give up re-synchronising after this
  Millis after_plus{1000};  // silence required after "+++" before the next command
};

class Dut {
 public:
  Dut(std::unique_ptr<Link> link, DutTiming timing = {});
  ~Dut();
  Dut(const Dut&) = delete;
  Dut& operator=(const Dut&) = delete;

  // Sends `line` + CR LF and waits for its final result (or the prompt).
  Response command(std::string_view line, std::optional<Millis> timeout = std::nullopt);
  // For commands that answer OK then the ">" data prompt (AT+CIPSEND, AT+SYSFLASH=1, ...):
  // the final result is the prompt (or ERROR...). Then send_data().
  Response prompt_command(std::string_view line, std::optional<Millis> timeout = std::nullopt);
  // After a prompt: writes the payload and waits for SEND OK / SEND FAIL / ERROR.
  Response send_data(std::string_view payload, std::optional<Millis> timeout = std::nullopt);
  // Writes bytes as they are: no CR LF, no pending command, no wait.
  void write_raw(std::string_view bytes);

  // Waits for an unsolicited event (URC, +IPD, stray result) whose text matches `pattern`
  // (ECMAScript regex, whole line); removes and returns it. Earlier URCs are searched too.
  std::optional<Event> wait_urc(const std::string& pattern, Millis timeout);
  std::vector<Event> take_urcs();  // everything queued, oldest first
  void clear_urcs();

  // pytest-embedded style: waits for any received line (any kind) matching `pattern` after
  // the expect cursor; moves the cursor past it.
  std::optional<Event> expect_line(const std::string& pattern, Millis timeout);
  void reset_expect_cursor();  // to "now": only lines arriving from here on count

  // Waits until no byte has arrived for `quiet`, at most `limit`. True if quiet was reached.
  bool wait_quiet(Millis quiet, Millis limit);

  struct ResetOutcome {
    bool supported = true;  // false: the link has no modem lines (reset_by_lines only)
    bool ok = false;        // AT+RST answered OK (reset_by_command only)
    bool ready = false;     // "ready" came within timing().boot
    Millis boot_time{0};    // from the reset to "ready"
  };
  // AT+RST, its OK, then "ready".
  ResetOutcome reset_by_command();
  // Pulses EN through RTS (DTR kept released so IO0 stays high: normal boot), then "ready".
  ResetOutcome reset_by_lines();
  // Sends "AT" until "OK" (clearing a half-typed line first), within timing().resync.
  bool resync();

  // Host side framing; false when the link cannot change it.
  bool set_host_serial(const SerialSettings& s);
  const SerialSettings& host_serial() const { return host_serial_; }

  // Passthrough (transparent transmission): `line` (AT+CIPSEND, with AT+CIPMODE=1 set) is
  // answered OK and ">"; from the prompt on, every received byte is raw data (take_raw) and
  // every byte written (write_raw) goes to the link. Returns the exchange (final: prompt).
  Response enter_passthrough(std::string_view line = "AT+CIPSEND",
                             std::optional<Millis> timeout = std::nullopt);
  // Leaves passthrough: `guard` of host silence, "+++" in one write, `guard` of silence, then
  // timing().after_plus before the next command (both documents: wait at least 1 s).
  void exit_passthrough(Millis guard = Millis{50});
  // Switches the framer to raw (a device that enters passthrough by itself, AT+SAVETRANSLINK)
  // or back. Entering, by either call, forgets raw bytes of an earlier session nobody took.
  void set_passthrough(bool on);
  bool in_passthrough() const;
  // Waits until at least `at_least` raw bytes arrived (or the timeout); returns and removes
  // everything that arrived, with the arrival time of each chunk: how many bytes that is
  // depends on how the link grouped them (a USB adapter's latency timer, ser2net).
  std::string take_raw(std::size_t at_least, Millis timeout);
  std::vector<Chunk> take_raw_chunks(std::size_t at_least, Millis timeout);
  // The exact-count form, for tests that compare bytes: waits until `n` raw bytes arrived (or
  // the timeout) and returns the first `n` (fewer only at the timeout or a dead link); bytes
  // behind them stay for the next take, however they were grouped on the link.
  std::string take_raw_exactly(std::size_t n, Millis timeout);
  std::vector<Chunk> take_raw_chunks_exactly(std::size_t n, Millis timeout);

  Transcript& transcript() { return transcript_; }
  std::string tail(std::size_t lines = 8) const;
  std::size_t noise_bytes() const;
  Link& link() { return *link_; }
  const DutTiming& timing() const { return timing_; }
  bool link_dead() const;
  // True when the DUT's last answer was OK to a command that changes nothing (AT, a query
  // "AT+X?", a test command "AT+X=?"), within `within`, and nothing was written, received or
  // changed on the link since: it answers now as surely as one more AT would show, so the
  // probe before the next test (Session::ensure_responsive) can be left out.
  bool answered_ok_and_quiet(Millis within) const;

 private:
  void reader_loop(std::stop_token st);
  // Waits (mu_ held through `lk`) until `done()` or `deadline`, reading the link meanwhile
  // unless another thread is; `recheck()` (when given) is a time at which `done()` may become
  // true without any byte arriving (a quiet period). Returns done().
  bool await(std::unique_lock<std::mutex>& lk, Clock::time_point deadline,
             const std::function<bool()>& done,
             const std::function<Clock::time_point()>& recheck = nullptr,
             bool throw_when_dead = true);
  // One read of the link, mu_ released meanwhile; its chunk (or its death) is taken in.
  void read_once(std::unique_lock<std::mutex>& lk, Clock::time_point until);
  void ingest(Chunk chunk);                 // with mu_ held
  void send_bytes(std::string_view bytes);  // transcript + write; LinkError as a rig error
  Response exchange(std::string_view line, std::optional<Millis> timeout, bool wants_prompt);
  void on_event(Event e);   // called with mu_ held
  void hold(Millis width);  // keeps a line level for a pulse width (not a wait for a condition)
  std::size_t end_index() const { return base_ + events_.size(); }  // with mu_ held
  const Event& at_index(std::size_t i) const { return events_[i - base_]; }
  void throw_if_dead() const;                 // with mu_ held
  void drop_raw();                            // with mu_ held: forgets untaken passthrough bytes
  std::vector<Chunk> pop_raw(std::size_t n);  // with mu_ held: the first n raw bytes
  Response wait_final(Response r, Millis timeout, std::unique_lock<std::mutex>& lk,
                      std::size_t from);
  std::string tail_locked(std::size_t lines) const;

  std::unique_ptr<Link> link_;
  DutTiming timing_;
  SerialSettings host_serial_;
  Transcript transcript_;

  mutable std::mutex mu_;
  std::condition_variable cv_;         // events arrived, a read ended, the link died
  std::condition_variable reader_cv_;  // the idle reader may (or must not) read
  int waiting_ = 0;                    // calls waiting now (they read the link themselves)
  bool reading_ = false;               // some thread is inside link_->read()
  bool idle_reader_reading_ = false;   // ... and it is the idle reader
  Clock::time_point last_wait_end_{};
  Framer framer_;
  Classifier classifier_;
  std::deque<Event> events_;  // events received, in order; events_[0] has index base_
  std::size_t base_ = 0;
  std::size_t expect_cursor_ = 0;
  std::deque<Event> urcs_;
  std::vector<FramedItem> framed_;  // the framer's output for one chunk (kept: no allocation)
  std::vector<Chunk> raw_;          // passthrough data, as it arrived
  std::size_t raw_bytes_ = 0;
  std::size_t noise_bytes_ = 0;
  Clock::time_point last_rx_{};
  // The arrival of the last OK to a command that changes nothing; reset by any write, host
  // UART change, passthrough switch or reset (answered_ok_and_quiet()).
  std::optional<Clock::time_point> quiet_ok_;
  std::optional<std::string> dead_;  // why the link died
  std::jthread reader_;
};

}  // namespace atc
