#pragma once
// atsim-bluez's log: one line per D-Bus call it served or made and per radio event, stamped
// with the seconds since start (the harness keeps it as RUN/ble-bluez.log).
#include <chrono>
#include <cstdio>
#include <string>

namespace atsim::bluez {

class Log {
 public:
  // Empty path: stderr.
  explicit Log(const std::string& path);
  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;
  void line(const std::string& text);

 private:
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace atsim::bluez
