#include "harness/config/config_error.hpp"

namespace atc {

ConfigError::ConfigError(std::string file, std::size_t line, const std::string& reason)
    : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         reason),
      file_(std::move(file)),
      line_(line),
      reason_(reason) {}

}  // namespace atc
