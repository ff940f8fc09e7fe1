#pragma once
// Feeds a stream through Framer + Classifier in every possible two- and three-way split (and
// byte by byte) and checks each gives the same events as feeding it whole.
#include <string>
#include <vector>

#include "harness/at/classifier.hpp"
#include "harness/at/framer.hpp"

namespace atc::test {

// A compact rendering of the events, "kind[final]:text|..." so expectations read like the wire.
inline std::string render(const std::vector<Event>& events) {
  std::string s;
  for (const Event& e : events) {
    s += std::string(to_string(e.kind));
    if (e.final != Final::none) s += "[" + std::string(to_string(e.final)) + "]";
    s += ":" + e.text;
    if (e.ipd) s += "{" + std::to_string(e.ipd->link_id) + "," + e.ipd->data + "}";
    s += "|";
  }
  return s;
}

// `pending` is the command line in flight while the stream arrives ("" = none).
inline std::vector<Event> feed_chunks(const std::vector<std::string>& chunks,
                                      const std::string& pending, bool wants_prompt = false) {
  Framer f;
  Classifier c;
  if (!pending.empty()) c.begin(pending, wants_prompt);
  std::vector<Event> events;
  std::vector<FramedItem> items;
  for (const auto& ch : chunks) {
    items.clear();
    f.feed(ch.data(), ch.size(), Clock::now(), items);
    for (const auto& it : items) events.push_back(c.classify(it));
  }
  // Noise runs may be cut differently by chunking; merge adjacent noise for comparison.
  std::vector<Event> merged;
  for (auto& e : events) {
    if (!merged.empty() && merged.back().kind == EventKind::noise && e.kind == EventKind::noise)
      merged.back().text += e.text;
    else
      merged.push_back(std::move(e));
  }
  return merged;
}

// Every split into 1..3 chunks, and one byte at a time.
inline std::vector<std::vector<std::string>> all_splits(const std::string& s) {
  std::vector<std::vector<std::string>> out;
  out.push_back({s});
  for (std::size_t i = 1; i < s.size(); ++i) {
    out.push_back({s.substr(0, i), s.substr(i)});
    for (std::size_t j = i + 1; j < s.size(); ++j)
      out.push_back({s.substr(0, i), s.substr(i, j - i), s.substr(j)});
  }
  std::vector<std::string> bytes;
  for (char ch : s) bytes.emplace_back(1, ch);
  out.push_back(bytes);
  return out;
}

}  // namespace atc::test
