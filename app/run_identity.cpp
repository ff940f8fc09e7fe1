#include "app/run_identity.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <set>
#include <stdexcept>

#include "harness/testing/test_spec.hpp"
#include "reports/atomic_file.hpp"
#include "reports/digest.hpp"
#include "reports/merge.hpp"

#ifndef ATC_VERSION
#define ATC_VERSION "unknown"
#endif

namespace atc::app {
namespace {

std::optional<int> env_int(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (*end != '\0' || n < 0 || n > 100000)
    throw std::invalid_argument(std::string(name) + "='" + v + "' is not a shard number");
  return static_cast<int>(n);
}

}  // namespace

std::string version_number() {
  return ATC_VERSION;
}

std::string version_text() {
  return "atconform " + version_number();
}

Shard apply_shard(const Options& o) {
  Shard s;
  if (o.shard) {
    if (!report::parse_shard(*o.shard, s.index, s.total))
      throw std::invalid_argument("--shard takes i/n with 1 <= i <= n, not '" + *o.shard + "'");
    // GoogleTest reads these when the tests run; its index counts from 0.
    setenv("GTEST_TOTAL_SHARDS", std::to_string(s.total).c_str(), 1);
    setenv("GTEST_SHARD_INDEX", std::to_string(s.index - 1).c_str(), 1);
    return s;
  }
  const auto total = env_int("GTEST_TOTAL_SHARDS");
  const auto index = env_int("GTEST_SHARD_INDEX");
  if (!total && !index) return s;
  if (!total || !index || *total < 1 || *index >= *total)
    throw std::invalid_argument(
        "GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX must be set together, 0 <= index < total");
  s.total = *total;
  s.index = *index + 1;
  return s;
}

std::string run_id(const Options& o) {
  if (o.run_id) return *o.run_id;
  if (const char* env = std::getenv("ATC_RUN_ID"); env != nullptr && *env != '\0') return env;
  char host[64] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(stamp) + "-" + host + "-" + std::to_string(::getpid());
}

std::string default_junit_path(const Rig& rig, const Shard& shard) {
  std::string name = "reports/out/junit-" + rig.name;
  if (shard.total > 0)
    name += "-shard" + std::to_string(shard.index) + "of" + std::to_string(shard.total);
  return name + ".xml";
}

std::string file_sha256(const std::string& path) {
  if (path.empty()) return {};
  try {
    return report::sha256_hex(report::read_whole_file(path, "profile"));
  } catch (const std::exception&) {
    return {};
  }
}

std::string suite_clauses(Chip chip) {
  std::set<std::string> seen;
  std::string out;
  for (const auto& def : TestCatalog::instance().all()) {
    const Clause* c = def->clause_for(chip);
    if (c == nullptr || !seen.insert(c->text()).second) continue;
    out += (out.empty() ? "" : ",") + c->text();
  }
  return out;
}

}  // namespace atc::app
