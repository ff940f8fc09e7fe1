#pragma once
// The atconform command line.
#include <optional>
#include <string>
#include <vector>

namespace atc::app {

struct Options {
  enum class Command { run, list, pki, help } command = Command::help;
  std::string pki_dir;                  // pki DIR
  std::optional<std::string> rig;       // --rig FILE (default: the simulated ESP32)
  std::optional<std::string> link;      // --link URI replaces the rig's DUT link
  std::optional<std::string> junit;     // --junit FILE
  std::optional<std::string> filter;    // --filter PATTERN (GoogleTest syntax)
  int test_limit_s = 300;               // --test-limit SECONDS: watchdog per test
  std::vector<std::string> gtest_args;  // anything after "--" or starting "--gtest_"
};

// Throws std::invalid_argument with a message naming the bad argument.
Options parse_options(int argc, char** argv);
std::string usage();

}  // namespace atc::app
