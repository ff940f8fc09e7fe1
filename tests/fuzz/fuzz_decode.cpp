// `atconform decode`'s input: a recorded link in any of the forms it reads (raw bytes, a
// `socat -x` dump, a transcript: harness/at/capture.hpp), through the engine entry the command
// uses (read_capture, decode_capture, render_decoded). A bad file is a CaptureError naming the
// file and offset; nothing else may escape, crash or hang. And what decode says must not
// depend on how the device's bytes are cut into reads (decoder.hpp promises it, and the
// corpus tests check it on real streams): joined in one read and cut at random give the same.
//   input: <bits 0-1: detect, raw, socat, transcript; bits 2-7: how to cut> <file content>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "harness/at/capture.hpp"
#include "harness/at/decoder.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atc::fuzz::FuzzInput in(data, size);
  static constexpr atc::CaptureFormat kFormats[] = {
      atc::CaptureFormat::detect, atc::CaptureFormat::raw, atc::CaptureFormat::socat,
      atc::CaptureFormat::transcript};
  const std::uint8_t flags = in.byte();
  const atc::CaptureFormat format = kFormats[flags % 4];
  const std::string_view content = in.rest();
  try {
    const atc::Capture capture = atc::read_capture(content, format, "fuzz-input");
    std::size_t device = 0;
    for (const auto& s : capture.segments)
      if (s.dir == atc::CaptureSegment::Dir::rx) device += s.bytes.size();
    const std::vector<std::size_t> joined;
    std::vector<std::size_t> cuts;
    atc::fuzz::Choices choose(flags ^ (size << 8));
    const std::size_t most = (flags >> 2) == 0 ? 1 : (flags >> 2);
    for (std::size_t at = choose.in(1, most); at < device; at += choose.in(1, most))
      cuts.push_back(at);
    const std::string one_read = atc::render_decoded(atc::decode_capture(capture, {}, &joined), 0);
    const std::string cut = atc::render_decoded(atc::decode_capture(capture, {}, &cuts), 0);
    (void)atc::render_decoded(atc::decode_capture(capture, {}));  // as recorded
    ATC_FUZZ_CHECK(one_read == cut, "in one read:\n" + one_read.substr(0, 2000) + "\ncut in " +
                                        std::to_string(cuts.size() + 1) + " reads:\n" +
                                        cut.substr(0, 2000));
  } catch (const atc::CaptureError&) {
  } catch (const std::exception& e) {
    atc::fuzz::finding("only CaptureError", std::string("escaped: ") + e.what(), __FILE__,
                       __LINE__);
  }
  return 0;
}
