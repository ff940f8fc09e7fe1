#pragma once
// The config fuzz targets' scratch folder: the input is written to a file there and loaded as
// a user's rig or profile would be. Beside it, links to the shipped profiles/ and worlds/ so the
// relative paths of the shipped rigs (the seeds) resolve as they do in configs/.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace atc::fuzz {

class ConfigScratch {
 public:
  ConfigScratch() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/atc-fuzz-XXXXXX";
    if (!::mkdtemp(templ.data())) std::abort();
    dir_ = templ;
    std::filesystem::create_directories(dir_ / "rigs");
    for (const char* d : {"profiles", "worlds"})
      std::filesystem::create_directory_symlink(
          std::filesystem::path(ATC_SOURCE_DIR) / "configs" / d, dir_ / d);
  }
  ~ConfigScratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ConfigScratch(const ConfigScratch&) = delete;
  ConfigScratch& operator=(const ConfigScratch&) = delete;

  // Writes `bytes` to rigs/<name> and returns its path.
  std::string write(const char* name, std::string_view bytes) const {
    const auto path = dir_ / "rigs" / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace atc::fuzz
