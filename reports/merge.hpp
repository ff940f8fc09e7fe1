#pragma once
// One run from its shards, several rigs side by side: what `atconform merge` and the
// certificate are made from. Reports are grouped into runs by (run id, rig); the shards of a
// run (run property `shard` = "i/n") are combined into one RunResult. Nothing is dropped in
// silence: a missing shard, a shard given twice with different results, shards that disagree
// on the run's identity (firmware, profile, its hash, atconform version, shard count), a test
// in two shards, or an unsharded report beside shards of the same run are named in `problems`.
#include <string>
#include <vector>

#include "reports/run_result.hpp"

namespace atc::report {

struct ReportInput {
  std::string path;
  std::string sha256;  // of the file as read
  std::vector<RunResult> runs;
};

// Reads, hashes and parses one JUnit file (std::runtime_error naming it on failure).
ReportInput load_report(const std::string& path);

struct MergedRuns {
  std::vector<RunResult> runs;        // one per (run id, rig), in order of first appearance
  std::vector<std::string> problems;  // each names the run, the shard and the files
  std::vector<std::string> notes;     // what was combined (identical duplicates dropped)
};

MergedRuns merge_runs(const std::vector<ReportInput>& inputs);

// "1/2" -> (1, 2); false when `text` is not i/n with 1 <= i <= n.
bool parse_shard(const std::string& text, int& index, int& total);

}  // namespace atc::report
