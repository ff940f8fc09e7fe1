// Where the shipped configs are, and the built-in simulated rigs.
#include <cstdlib>
#include <filesystem>

#include "harness/config/config_loader.hpp"

namespace atc {

namespace fs = std::filesystem;

std::string config_dir() {
  if (const char* env = std::getenv("ATC_CONFIG_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::string looked;
  if (!ec) {
    fs::path dir = exe.parent_path();
    for (const fs::path& c : {dir / ".." / ".." / "configs", dir / ".." / "configs",
                              dir / ".." / "share" / "atconform" / "configs"}) {
      if (fs::is_directory(c / "rigs", ec)) return c.lexically_normal().string();
      looked += (looked.empty() ? "" : ", ") + c.lexically_normal().string();
    }
  }
  throw ConfigError(
      "configs", 0,
      "cannot find the configs folder (looked in " +
          (looked.empty() ? std::string("nowhere: /proc/self/exe unreadable") : looked) +
          "); set ATC_CONFIG_DIR");
}

Rig default_sim_rig(std::string_view chip) {
  if (chip != "esp32" && chip != "esp8266") {
    throw ConfigError("default_sim_rig", 0,
                      "no simulated rig for chip '" + std::string(chip) +
                          "'; the simulator knows esp32 and esp8266");
  }
  return load_rig(
      (fs::path(config_dir()) / "rigs" / ("sim-" + std::string(chip) + ".xml")).string());
}

}  // namespace atc
