#include "suites/support/air_truth.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <thread>

#include "verdict/rig_error.hpp"

namespace atc::support {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits at spaces outside double quotes; a quoted value keeps its \" and \\ undone.
std::vector<std::string> tokens(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '\\' && i + 1 < line.size()) {
        cur += line[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = any = true;
    } else if (c == ' ') {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

}  // namespace

std::string truth_address(std::string_view address) {
  return lower(address.substr(0, address.find('/')));
}

const std::string* AirFrame::field(const std::string& key) const {
  auto it = fields.find(key);
  return it == fields.end() ? nullptr : &it->second;
}

std::optional<long> AirFrame::number(const std::string& key) const {
  const std::string* v = field(key);
  if (!v || v->empty()) return std::nullopt;
  long n = 0;
  const bool hex = v->size() > 2 && (*v)[0] == '0' && ((*v)[1] == 'x' || (*v)[1] == 'X');
  const char* begin = v->data() + (hex ? 2 : 0);
  auto [end, ec] = std::from_chars(begin, v->data() + v->size(), n, hex ? 16 : 10);
  if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
  return n;
}

std::vector<AirFrame> AirTruth::frames() const {
  std::ifstream in(path_);
  if (!in) throw RigError("the simulated air's ground truth " + path_ + " cannot be read");
  std::vector<AirFrame> out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const auto t = tokens(line);
    long long ns = 0;
    const bool stamped =
        !t.empty() && std::from_chars(t[0].data(), t[0].data() + t[0].size(), ns).ptr ==
                          t[0].data() + t[0].size();
    if (t.size() < 4 || !stamped) {
      if (in.eof()) break;  // the air may be writing this very line
      throw RigError(path_ + ":" + std::to_string(number) + ": not a ground-truth line: " + line);
    }
    AirFrame f;
    f.at = Clock::time_point(std::chrono::nanoseconds(ns));
    f.verb = t[1];
    f.from = truth_address(t[2]);
    f.to = truth_address(t[3]);
    f.line = line;
    for (std::size_t i = 4; i < t.size(); ++i) {
      const auto eq = t[i].find('=');
      if (eq == std::string::npos)
        f.words.push_back(t[i]);
      else
        f.fields[t[i].substr(0, eq)] = t[i].substr(eq + 1);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<AirFrame> AirTruth::frames(const std::string& verb, const std::string& from,
                                       Clock::time_point since) const {
  return select(frames(), verb, from, since);
}

std::vector<AirFrame> AirTruth::wait(const std::string& verb, const std::string& from,
                                     Clock::time_point since,
                                     const std::function<bool(const std::vector<AirFrame>&)>& done,
                                     Clock::time_point deadline) const {
  for (;;) {
    auto got = frames(verb, from, since);
    if (done(got) || Clock::now() >= deadline) return got;
    // The file has no change notification worth the machinery: look again shortly.
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(20), deadline - Clock::now()));
  }
}

std::vector<AirFrame> AirTruth::select(std::vector<AirFrame> all, const std::string& verb,
                                       const std::string& from, Clock::time_point since) {
  std::vector<AirFrame> out;
  const std::string who = from.empty() ? std::string() : truth_address(from);
  for (AirFrame& f : all) {
    if (f.at < since) continue;
    if (!verb.empty() && f.verb != verb) continue;
    if (!who.empty() && f.from != who) continue;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace atc::support
