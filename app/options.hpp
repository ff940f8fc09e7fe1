#pragma once
// The atconform command line.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace atc::app {

struct Options {
  enum class Command {
    run,
    list,
    pki,
    help,
    version,
    certificate,
    merge,
    decode
  } command = Command::help;
  enum class Format { text, tsv } format = Format::text;  // list --format
  std::string pki_dir;                                    // pki DIR
  std::optional<std::string> rig;   // --rig FILE (default: the simulated ESP32)
  std::optional<std::string> link;  // --link URI replaces role `dut`'s link
  std::vector<std::pair<std::string, std::string>> role_links;  // --link ROLE=URI
  std::optional<std::string> junit;                             // --junit FILE
  std::optional<std::string> filter;     // --filter PATTERN (GoogleTest syntax)
  int test_limit_s = 300;                // --test-limit SECONDS: watchdog per test
  std::vector<std::string> gtest_args;   // anything after "--" or starting "--gtest_"
  std::vector<std::string> decode_args;  // decode: its own arguments (app/decode_command.cpp)
  // Reports and farm runs (report_commands.hpp, run_identity.hpp).
  std::optional<std::string> html;    // run: --html FILE (default: the JUnit's name, .html)
  std::optional<std::string> shard;   // run: --shard i/n
  std::optional<std::string> run_id;  // run: --run-id ID (shards of one run share it)
  std::vector<std::string> reports;   // certificate, merge: the JUnit files
  std::string output;                 // certificate, merge: -o FILE
};

// Throws std::invalid_argument with a message naming the bad argument.
Options parse_options(int argc, char** argv);
std::string usage();

}  // namespace atc::app
