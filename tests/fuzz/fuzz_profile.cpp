// The profile loader on hostile files (XmlFile, profile_loader: features, limits, GMR patterns): a
// bad file is a ConfigError naming file and line; nothing else may escape, crash or hang.
#include <cstdint>
#include <exception>
#include <string>

#include "harness/config/config_loader.hpp"
#include "tests/fuzz/config_file.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const atc::fuzz::ConfigScratch scratch;
  const std::string path =
      scratch.write("fuzz-profile.xml", {reinterpret_cast<const char*>(data), size});
  try {
    atc::load_profile(path);
  } catch (const atc::ConfigError& e) {
    ATC_FUZZ_CHECK(!e.file().empty(), std::string("a ConfigError naming no file: ") + e.what());
  } catch (const std::exception& e) {
    atc::fuzz::finding("only ConfigError", std::string("escaped: ") + e.what(), __FILE__, __LINE__);
  }
  return 0;
}
