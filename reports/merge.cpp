#include "reports/merge.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "reports/atomic_file.hpp"
#include "reports/digest.hpp"
#include "reports/junit_reader.hpp"

namespace atc::report {
namespace {

// What every shard of one run must agree on: the firmware, the build's profile, the program.
bool identity_key(const std::string& k) {
  return k == "rig" || k == "chip" || k == "profile" || k == "profile.sha256" ||
         k == "atconform.version" || k == "suite.clauses" || k.rfind("gmr.", 0) == 0;
}

struct Part {
  const ReportInput* input;
  const RunResult* run;
  int index = 0, total = 0;  // 0/0: unsharded
  std::string name() const {
    return (total ? "shard " + std::to_string(index) + "/" + std::to_string(total)
                  : std::string("unsharded report")) +
           " (" + input->path + ")";
  }
};

std::string run_name(const RunResult& r) {
  const std::string id = r.property("run.id");
  return "run " + (id.empty() ? std::string("(no run id)") : id) + " on rig " + r.property("rig");
}

std::set<std::pair<std::string, std::string>> verdict_set(const RunResult& r) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& t : r.tests)
    out.emplace(t.chapter + "." + t.full_name(), std::string(to_string(t.verdict)));
  return out;
}

RunResult combine(std::vector<Part>& parts, std::vector<std::string>& problems,
                  std::vector<std::string>& notes) {
  const RunResult& first = *parts.front().run;
  const std::string what = run_name(first);

  // Identity: every part against the first.
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::set<std::string> keys;
    for (const auto* r : {parts[0].run, parts[i].run})
      for (const auto& [k, v] : r->properties)
        if (identity_key(k)) keys.insert(k);
    for (const auto& k : keys) {
      const std::string a = parts[0].run->property(k), b = parts[i].run->property(k);
      if (a != b)
        problems.push_back("contradicting shards of " + what + ": " + parts[0].name() + " has " +
                           k + " = '" + a + "', " + parts[i].name() + " has '" + b + "'");
    }
  }

  // Shard bookkeeping: the count, each index once, none missing, no unsharded report beside.
  int total = 0;
  bool sharded = false, unsharded = false;
  for (const auto& p : parts) {
    sharded |= p.total > 0;
    unsharded |= p.total == 0;
    if (p.total > 0 && total == 0) total = p.total;
    if (p.total > 0 && p.total != total)
      problems.push_back("contradicting shards of " + what + ": " + parts[0].name() + " and " +
                         p.name() + " split the run differently");
  }
  if (sharded && unsharded)
    problems.push_back("contradicting reports of " + what +
                       ": an unsharded report beside shards of the same run");
  std::vector<Part> kept;
  std::map<int, std::size_t> by_index;
  for (const auto& p : parts) {
    if (p.total > 0) {
      auto it = by_index.find(p.index);
      if (it != by_index.end()) {
        const Part& earlier = kept[it->second];
        if (verdict_set(*earlier.run) == verdict_set(*p.run)) {
          notes.push_back(p.name() + " repeats " + earlier.name() + " of " + what +
                          ": the copy is left out");
        } else {
          problems.push_back("contradicting shards of " + what + ": " + earlier.name() + " and " +
                             p.name() + " are the same shard with different results");
        }
        continue;
      }
      by_index[p.index] = kept.size();
    }
    kept.push_back(p);
  }
  for (int i = 1; sharded && i <= total; ++i)
    if (!by_index.count(i))
      problems.push_back("missing shard " + std::to_string(i) + "/" + std::to_string(total) +
                         " of " + what);
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Part& a, const Part& b) { return a.index < b.index; });

  RunResult out;
  out.name = first.name;
  out.properties = first.properties;
  std::set<std::string> links, hosts;
  std::string shards;
  auto start = std::chrono::system_clock::time_point::max();
  auto end = std::chrono::system_clock::time_point::min();
  std::map<std::string, std::string> seen;  // test -> the part that had it
  for (const auto& p : kept) {
    const RunResult& r = *p.run;
    links.insert(r.property("link"));
    hosts.insert(r.hostname);
    if (p.total) shards += (shards.empty() ? "" : ", ") + r.property("shard");
    start = std::min(start, r.started);
    end = std::max(end, r.started + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                        std::chrono::duration<double>(r.seconds)));
    for (const auto& t : r.tests) {
      const std::string key = t.chapter + "." + t.full_name();
      if (auto it = seen.find(key); it != seen.end()) {
        problems.push_back("contradicting shards of " + what + ": " + t.full_name() + " is in " +
                           it->second + " and in " + p.name());
        continue;
      }
      seen[key] = p.name();
      out.tests.push_back(t);
    }
  }
  out.started = kept.empty() ? first.started : start;
  out.seconds = kept.empty() ? 0 : std::chrono::duration<double>(end - start).count();
  std::string host;
  for (const auto& x : hosts) host += (host.empty() ? "" : ", ") + x;
  out.hostname = host;
  if (links.size() > 1) {
    std::string all;
    for (const auto& l : links) all += (all.empty() ? "" : "; ") + l;
    out.set_property("link", all);
  }
  if (sharded) {
    std::vector<std::pair<std::string, std::string>> props;
    for (auto& kv : out.properties)
      if (kv.first != "shard") props.push_back(kv);
    out.properties = std::move(props);
    out.set_property("shards", shards);
  }
  return out;
}

}  // namespace

bool parse_shard(const std::string& text, int& index, int& total) {
  const auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) return false;
  const std::string a = text.substr(0, slash), b = text.substr(slash + 1);
  auto digits = [](const std::string& s) {
    return s.size() <= 6 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(a) || !digits(b)) return false;
  index = std::stoi(a);
  total = std::stoi(b);
  return index >= 1 && total >= 1 && index <= total;
}

ReportInput load_report(const std::string& path) {
  ReportInput in;
  in.path = path;
  const std::string bytes = read_whole_file(path, "JUnit report");
  in.sha256 = sha256_hex(bytes);
  in.runs = read_junit_xml(bytes, path);
  if (in.runs.empty())
    throw std::runtime_error(path + ": the report holds no run (no testsuite with properties)");
  for (const auto& run : in.runs)
    if (run.property("rig").empty() || run.property("chip").empty())
      throw std::runtime_error(path +
                               ": not an atconform report (a testsuite without the rig and chip "
                               "properties)");
  return in;
}

MergedRuns merge_runs(const std::vector<ReportInput>& inputs) {
  MergedRuns out;
  std::vector<std::pair<std::string, std::vector<Part>>> groups;
  for (const auto& in : inputs) {
    for (const auto& run : in.runs) {
      Part p{&in, &run};
      const std::string shard = run.property("shard");
      if (!shard.empty() && !parse_shard(shard, p.index, p.total)) {
        out.problems.push_back(in.path + ": shard '" + shard + "' is not i/n");
        p.index = p.total = 0;
      }
      // A report without a run id cannot be matched with others: it is a run of its own.
      std::string key = run.property("run.id").empty()
                            ? "\x01" + in.path + "\x01" + run.property("rig")
                            : run.property("run.id") + "\x01" + run.property("rig");
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
      if (it == groups.end()) {
        groups.emplace_back(key, std::vector<Part>{});
        it = std::prev(groups.end());
      }
      it->second.push_back(p);
    }
  }
  for (auto& [key, parts] : groups) {
    const std::size_t before = out.problems.size();
    RunResult run = combine(parts, out.problems, out.notes);
    // The merged run says what is wrong with it, in the JUnit and the HTML made from it.
    for (std::size_t i = before; i < out.problems.size(); ++i)
      run.set_property("merge.problem." + std::to_string(i - before + 1), out.problems[i]);
    out.runs.push_back(std::move(run));
  }
  return out;
}

}  // namespace atc::report
