#pragma once
// What makes one run's reports recognisable among many (CI matrices, shards, rigs): the run id
// every shard shares, the shard ("i/n"), the atconform version, the profile's SHA-256 and the
// clauses this suite version has tests for. Written as run properties into the JUnit, so
// `atconform merge` and `atconform certificate` can put the pieces together and name what is
// missing.
#include <optional>
#include <string>

#include "app/options.hpp"
#include "harness/rig.hpp"

namespace atc::app {

// "0.1.0" (the project's version), and "atconform 0.1.0".
std::string version_number();
std::string version_text();

struct Shard {
  int index = 0;  // 1-based
  int total = 0;  // 0: not sharded
  std::string text() const { return std::to_string(index) + "/" + std::to_string(total); }
};

// The shard of this run: --shard i/n (which then sets GoogleTest's GTEST_TOTAL_SHARDS and
// GTEST_SHARD_INDEX for this process), else those variables as the CI set them. Throws
// std::invalid_argument for values GoogleTest would not accept.
Shard apply_shard(const Options& o);

// --run-id, else $ATC_RUN_ID, else one made from the time, host and process.
std::string run_id(const Options& o);

// The default JUnit path: reports/out/junit-<rig>.xml, "-shard<i>of<n>" before ".xml" when
// sharded (shards sharing a folder do not overwrite each other).
std::string default_junit_path(const Rig& rig, const Shard& shard);

// SHA-256 of the file a profile came from ("" when it has none or cannot be read).
std::string file_sha256(const std::string& path);

// The clauses of `chip`'s document this program's tests name (whatever the filter), comma
// separated in the catalog's order: the run property `suite.clauses`.
std::string suite_clauses(Chip chip);

}  // namespace atc::app
