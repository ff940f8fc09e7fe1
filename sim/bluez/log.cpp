#include "sim/bluez/log.hpp"

#include <stdexcept>

namespace atsim::bluez {

Log::Log(const std::string& path) {
  if (path.empty()) {
    out_ = stderr;
    return;
  }
  out_ = std::fopen(path.c_str(), "w");
  if (!out_) throw std::runtime_error("cannot write the log " + path);
  owned_ = true;
}

Log::~Log() {
  if (owned_) std::fclose(out_);
}

void Log::line(const std::string& text) {
  const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(out_, "%10.6f %s\n", t, text.c_str());
  std::fflush(out_);
}

}  // namespace atsim::bluez
