#pragma once
// A booted atsim with the host end of its PTY open: the starting point of most tests.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/sim/host_port.hpp"
#include "tests/sim/sim_process.hpp"

namespace atsim_test {

// Short boot so the tests run fast; the boot time itself is tested on its own.
inline std::vector<std::string> args_for(const std::string& chip,
                                         std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"--chip", chip, "--boot-ms", "40"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

struct Booted {
  SimProcess sim;
  HostPort port;
  explicit Booted(const std::vector<std::string>& args) : sim(args), port(sim.pty_path()) {
    EXPECT_TRUE(port.wait_for("\r\nready\r\n", std::chrono::seconds(3))) << port.input();
    port.take();
  }
};

inline std::unique_ptr<Booted> boot(const std::string& chip, std::vector<std::string> extra = {}) {
  return std::make_unique<Booted>(args_for(chip, std::move(extra)));
}

inline std::string temp_path(const std::string& tag) {
  return (std::filesystem::temp_directory_path() /
          ("atsim-test-" + tag + "-" + std::to_string(::getpid())))
      .string();
}

}  // namespace atsim_test
