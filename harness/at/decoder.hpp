#pragma once
// Runs the AT engine (Framer + Classifier) over a recorded link as the Dut would, for
// `atconform decode` and the corpus tests (tests/at/corpus): a command the host wrote becomes
// pending where it was written (or, from a list, each after the previous one ended), the
// device's bytes are framed and classified, and the result is one line per event. The format
// of those lines is in docs/at-engine.md.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/at/capture.hpp"
#include "harness/at/classifier.hpp"
#include "harness/at/framer.hpp"
#include "spec/chip.hpp"

namespace atc {

struct DecodedLine {
  enum class Kind { sent, event, held, note } kind = Kind::event;
  std::size_t offset = 0;  // offset in the device's byte stream
  Event event;             // Kind::event
  std::string text;        // sent: the command line; note: the note
  HeldBytes held;          // Kind::held: what the capture ends inside of
};

class Decoder {
 public:
  struct Options {
    // Commands made pending in order: the first at the start, each next one once the previous
    // one has its final result (or its echo is seen while the previous one never ended).
    // When given, the host's own writes in the capture are not used.
    std::vector<std::string> sent;
    std::optional<Chip> chip;  // notes commands that the chip's document does not have
  };
  explicit Decoder(Options options);

  // A write by the host. `whole_write`: the bytes are one write (a transcript entry), so a
  // line "AT...\r\n" is a command; else (socat records) a command may span several calls.
  void host_write(std::string_view bytes, bool whole_write);
  void device_bytes(std::string_view bytes);
  // The capture ends: reports what the framer still holds and a command without a result.
  void finish();

  // The lines so far, adjacent noise (and passthrough) events merged, as chunking cuts them
  // differently.
  const std::vector<DecodedLine>& lines() const { return lines_; }

 private:
  // `offset`: where in the device stream the command was written (kNoOffset: not known, the
  // next event's offset is used).
  void begin(std::string command, std::size_t offset);
  void push(DecodedLine line);
  void note_unfinished(std::size_t offset);
  // The pending command got `final`: the next listed command becomes pending.
  void after_final(Final final);

  Options options_;
  std::deque<std::string> queue_;
  Framer framer_;
  Classifier classifier_;
  std::vector<DecodedLine> lines_;
  std::string tx_partial_;  // a command split over socat records
  std::string last_info_;   // the pending command's last information line
  bool passthrough_armed_ = false;
};

// The whole capture through a decoder. Without `cuts` the device's bytes are fed as recorded
// (each segment one read); with `cuts` (offsets in the device stream, ascending) consecutive
// device segments are joined and cut there instead, host writes still falling where recorded.
std::vector<DecodedLine> decode_capture(const Capture& capture, Decoder::Options options,
                                        const std::vector<std::size_t>* cuts = nullptr);

// One line per item: offset, kind, final result, the text escaped, and for +IPD frames and
// counted lines their length. Texts longer than `max_text` bytes are cut (0: never).
std::string render_decoded(const std::vector<DecodedLine>& lines, std::size_t max_text = 1024);

}  // namespace atc
