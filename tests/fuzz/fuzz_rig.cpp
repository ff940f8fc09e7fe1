// The rig loader on hostile files (XmlFile, rig_loader, and the profiles a rig names): a bad
// file is a ConfigError naming file and line; nothing else may escape, crash or hang.
#include <cstdint>
#include <exception>
#include <string>

#include "harness/config/config_loader.hpp"
#include "tests/fuzz/config_file.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const atc::fuzz::ConfigScratch scratch;
  const std::string path =
      scratch.write("fuzz-rig.xml", {reinterpret_cast<const char*>(data), size});
  try {
    atc::load_rig(path);
  } catch (const atc::ConfigError& e) {
    ATC_FUZZ_CHECK(!e.file().empty(), std::string("a ConfigError naming no file: ") + e.what());
  } catch (const std::exception& e) {
    atc::fuzz::finding("only ConfigError", std::string("escaped: ") + e.what(), __FILE__, __LINE__);
  }
  return 0;
}
