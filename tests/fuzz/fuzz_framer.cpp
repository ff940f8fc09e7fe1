// The AT engine on hostile bytes: Framer + Classifier over arbitrary device output, cut into
// arbitrary chunks, with an arbitrary command pending and either prompt state.
//   input: <flags> <pending command line> '\n' <device bytes>
//   flags: bit 0 a command is pending, bit 1 it wants the data prompt, bit 2 passthrough
//          starts at the next prompt (enter_passthrough), bit 3 the framer starts raw,
//          bits 4..7 how the bytes are cut (one piece, single bytes, random pieces)
// Beyond "no crash, no UB, no leak": the items must not depend on the cutting (framer.hpp
// promises it), and no event starts past the bytes seen.
#include <cstdint>
#include <string>
#include <vector>

#include "harness/at/classifier.hpp"
#include "harness/at/framer.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using atc::FramedItem;

struct Setup {
  bool pending, wants_prompt, raw_after_prompt, raw;
};

std::vector<FramedItem> frame(const Setup& s, std::string_view bytes,
                              const std::vector<std::size_t>& cuts, atc::HeldBytes& held) {
  atc::Framer f;
  if (s.raw_after_prompt) f.raw_after_next_prompt();
  if (s.raw) f.set_raw(true);
  std::vector<FramedItem> items;
  std::size_t from = 0;
  for (std::size_t to : cuts) {
    f.feed(bytes.data() + from, to - from, atc::Clock::now(), items);
    from = to;
  }
  held = f.held();
  // Runs of noise and passthrough bytes are cut where the chunks were: join them to compare.
  std::vector<FramedItem> joined;
  for (auto& it : items) {
    const bool run = it.kind == FramedItem::Kind::noise || it.kind == FramedItem::Kind::raw;
    if (run && !joined.empty() && joined.back().kind == it.kind &&
        joined.back().offset + joined.back().bytes.size() == it.offset)
      joined.back().bytes += it.bytes;
    else
      joined.push_back(std::move(it));
  }
  return joined;
}

std::string describe(const FramedItem& it) {
  std::string s = std::to_string(static_cast<int>(it.kind)) + "@" + std::to_string(it.offset) +
                  " \"" + it.bytes.substr(0, 80) + "\"";
  if (it.ipd) s += " ipd len " + std::to_string(it.ipd->length);
  if (it.counted) s += " counted " + std::to_string(it.counted->length);
  return s;
}

bool same(const FramedItem& a, const FramedItem& b) {
  if (a.kind != b.kind || a.bytes != b.bytes || a.offset != b.offset) return false;
  if (a.ipd.has_value() != b.ipd.has_value() || a.counted.has_value() != b.counted.has_value())
    return false;
  if (a.ipd && (a.ipd->link_id != b.ipd->link_id || a.ipd->length != b.ipd->length ||
                a.ipd->data != b.ipd->data || a.ipd->remote_ip != b.ipd->remote_ip ||
                a.ipd->remote_port != b.ipd->remote_port))
    return false;
  if (a.counted && (a.counted->from != b.counted->from || a.counted->length != b.counted->length))
    return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atc::fuzz::FuzzInput in(data, size);
  const std::uint8_t flags = in.byte();
  const Setup s{(flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0};
  const std::string command(in.line());
  const std::string_view bytes = in.rest();

  std::vector<std::size_t> whole{bytes.size()}, cuts;
  atc::fuzz::Choices choose(flags ^ (size << 8));
  const unsigned mode = flags >> 4;
  for (std::size_t at = 0; at < bytes.size();) {
    at += mode == 0 ? 1 : choose.in(1, mode < 8 ? 8 : 5000);
    cuts.push_back(std::min(at, bytes.size()));
  }

  atc::HeldBytes held_whole, held_cut;
  const auto a = frame(s, bytes, whole, held_whole);
  const auto b = frame(s, bytes, cuts, held_cut);
  ATC_FUZZ_CHECK(a.size() == b.size(), "whole: " + std::to_string(a.size()) +
                                           " items, cut: " + std::to_string(b.size()) + " items");
  for (std::size_t i = 0; i < a.size(); ++i)
    ATC_FUZZ_CHECK(same(a[i], b[i]), "item " + std::to_string(i) + ": whole " + describe(a[i]) +
                                         ", cut " + describe(b[i]));
  ATC_FUZZ_CHECK(held_whole.kind == held_cut.kind && held_whole.offset == held_cut.offset &&
                     held_whole.have == held_cut.have && held_whole.missing == held_cut.missing,
                 "what the framer holds at the end depends on the cutting");

  atc::Classifier c;
  if (s.pending) c.begin(command, s.wants_prompt);
  for (const FramedItem& it : b) {
    const atc::Event e = c.classify(it);
    // A URC spliced into an echo starts inside its item, the echo's rest completes an earlier
    // one: an event never starts past the bytes seen so far.
    ATC_FUZZ_CHECK(e.offset <= it.offset + it.bytes.size(),
                   "event offset " + std::to_string(e.offset) + " for item " + describe(it));
  }
  return 0;
}
