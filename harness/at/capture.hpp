#pragma once
// A recorded AT link read from a file: raw device bytes (a logic analyser export, a log), a
// `socat -x` hex dump of both directions, or a transcript (the form the harness writes into its
// reports, which is also the form of the corpus in tests/at/corpus). See docs/at-engine.md.
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace atc {

// What is wrong with a capture file, naming the file and the byte offset in it.
class CaptureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CaptureFormat { detect, raw, socat, transcript };
std::optional<CaptureFormat> capture_format_from_string(std::string_view name);
std::string_view to_string(CaptureFormat f);

struct CaptureSegment {
  enum class Dir { rx, tx } dir = Dir::rx;  // rx: from the device; tx: from the host
  std::string bytes;
  std::size_t file_offset = 0;  // where the segment was written in the file
};

struct Capture {
  CaptureFormat format = CaptureFormat::raw;
  std::vector<CaptureSegment> segments;
  // A transcript's "# key: value" lines (the corpus names its source, firmware, form there).
  std::map<std::string, std::string> header;
  // socat only: the direction marker ('<' or '>') taken as the device's, and why.
  char device_marker = 0;
  std::string device_marker_reason;
};

// The format of `content` as `detect` decides it: a socat header on the first line, a
// transcript entry or comment on the first non-blank line, else raw bytes.
CaptureFormat detect_capture_format(std::string_view content);

// Parses `content` (the file's bytes; `name` is used in messages). For socat, `device_marker`
// names the device's direction; 0 picks the direction that carries the device's results (OK,
// ERROR, ready). Throws CaptureError.
Capture read_capture(std::string_view content, CaptureFormat format, const std::string& name,
                     char device_marker = 0);

// The inverse of escape_bytes (transcript.hpp): "\r", "\n", "\t", "\\", "\"", "\xHH".
// nullopt when `text` holds another escape; `bad_at` is then its index.
std::optional<std::string> unescape_bytes(std::string_view text, std::size_t* bad_at = nullptr);

}  // namespace atc
