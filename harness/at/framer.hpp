#pragma once
// Splits the received byte stream into lines, the unterminated ">" prompt, length-delimited
// +IPD frames and noise. Knows nothing of commands; the Classifier gives lines their meaning.
// Feeding the same bytes in any chunking yields the same items (the tests check every split,
// on the real modules' streams of tests/at/corpus too).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/at/event.hpp"
#include "harness/link/chunk.hpp"

namespace atc {

struct FramedItem {
  enum class Kind { line, prompt, ipd, noise, raw } kind;
  std::string bytes;  // the line without CR LF; for ipd the header after "+IPD," up to ':'
  Clock::time_point at;
  std::size_t offset = 0;              // stream offset of the item's first byte
  std::optional<IpdFrame> ipd;         // ipd only, with exactly the announced number of data bytes
  std::optional<CountedData> counted;  // a line that carries counted raw data
};

// What the framer holds when the stream stops: a half-read line, frame or counted data.
struct HeldBytes {
  enum class Kind { none, line, ipd, counted, overlong } kind = Kind::none;
  std::size_t offset = 0;   // where the held item began
  std::size_t have = 0;     // bytes of it received
  std::size_t missing = 0;  // data bytes still announced (ipd, counted), else 0
  std::string bytes;        // what was received of it (for ipd: the data so far)
};

class Framer {
 public:
  // Longest line kept before the bytes are declared noise and the framer resynchronises. A
  // line longer than this is noise however it arrives, so the result does not depend on the
  // chunking; the bytes up to its line end are noise too.
  static constexpr std::size_t kMaxLine = 4096;
  // Lines that carry "<len>,<len raw bytes>" after a fixed number of fields: binary reads
  // (AT+SYSFLASH=2, AT+FS=0,2) and the BLE messages +WRITE (the length is the 5th field, after
  // a desc field that may be empty), +NOTIFY and +INDICATE (the 4th field). The data may hold
  // CR LF or any byte, so it is counted, not scanned. On success `header_end` is the index of
  // the first data byte.
  static bool counted_prefix(std::string_view line, std::size_t& header_end, std::size_t& len);
  // Largest +IPD payload (and counted data) accepted; a larger length means a corrupt header.
  static constexpr std::size_t kMaxIpd = 65536;

  void feed(const char* data, std::size_t n, Clock::time_point at, std::vector<FramedItem>& out);
  void feed(const Chunk& c, std::vector<FramedItem>& out) {
    feed(c.bytes.data(), c.bytes.size(), c.arrived, out);
  }

  // Passthrough: every byte is data until turned off.
  void set_raw(bool on) { raw_ = on; }
  // The next prompt starts passthrough: bytes right behind it in the same chunk are data.
  void raw_after_next_prompt() { raw_after_prompt_ = true; }
  bool raw() const { return raw_; }
  // Forgets a half-read line or frame and any passthrough arming (the byte offset goes on).
  void restart();

  std::size_t offset() const { return offset_; }
  // The item the framer is in the middle of (for reports on a capture that ends there).
  HeldBytes held() const;

 private:
  enum class State { line_start, in_line, ipd_data, counted_data, after_prompt, overlong };
  void finish_line(Clock::time_point at, std::vector<FramedItem>& out);
  void emit_ipd(Clock::time_point at, std::vector<FramedItem>& out);
  void emit_noise(Clock::time_point at, std::vector<FramedItem>& out);
  // In a line: the bytes after any counted data, which the line-length limit applies to.
  std::size_t text_tail() const {
    return line_counted_ ? line_.size() - counted_end_ : line_.size();
  }
  // Starts a +IPD frame when line_ holds a complete header (rewinding `i` to its colon).
  bool try_ipd_header(std::size_t& i, Clock::time_point at, std::vector<FramedItem>& out);

  State state_ = State::line_start;
  std::string line_;
  std::size_t line_offset_ = 0;
  std::string ipd_header_;
  IpdFrame ipd_;
  std::size_t ipd_left_ = 0;
  std::size_t counted_left_ = 0;  // raw bytes still owed to a counted line
  bool line_counted_ = false;     // the line carries counted binary data: never noise
  CountedData counted_;           // where that data sits in line_
  std::size_t counted_end_ = 0;   // index in line_ just past the data
  std::size_t ipd_offset_ = 0;
  bool raw_ = false;
  bool raw_after_prompt_ = false;
  std::size_t offset_ = 0;
};

}  // namespace atc
