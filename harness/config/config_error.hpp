#pragma once
// A mistake in a config file (rig, profile, world): names the file and line, so a typo in a lab
// config never turns into a confusing test result.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace atc {

class ConfigError : public std::runtime_error {
 public:
  // what(): "<file>:<line>: <reason>", or "<file>: <reason>" when line is 0.
  ConfigError(std::string file, std::size_t line, const std::string& reason);
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }  // 1-based; 0 when the file as a whole is at fault
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string reason_;
};

}  // namespace atc
