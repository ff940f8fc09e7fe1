#pragma once
// The module's non-volatile memory: NVS settings, user flash partitions, files. One key/value
// map, persisted as a whole to the --nvs file after every change (temp file, rename), so a
// kill of atsim at any moment leaves either the old or the new file, never a torn one.
//
// Key namespaces: "nvs."   settings saved by *_DEF commands; AT+RESTORE wipes these only
//                 "flash." user partitions (AT+SYSFLASH), survive AT+RESTORE
//                 "fs."    files (AT+FS), survive AT+RESTORE
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atsim {

class Storage {
 public:
  // No file: in memory only (still survives resets within the process).
  explicit Storage(std::optional<std::filesystem::path> file = std::nullopt);

  std::optional<std::string> get(std::string_view key) const;
  void set(const std::string& key, std::string value);
  void erase(std::string_view key);
  void erase_prefix(std::string_view prefix);
  std::vector<std::string> keys_with_prefix(std::string_view prefix) const;

  // The file format, exposed for tests: a header line, then `key=value` lines with `\\`, `\n`,
  // `\r` and `\xNN` escapes in the value.
  static std::string escape(std::string_view raw);
  static std::optional<std::string> unescape(std::string_view text);

  // The `nvs-lost-at-power-off` defect: changes stay in a RAM cache (a restart keeps them, the
  // process being the chip) and never reach the file, so power_loss() forgets them.
  void set_write_back(bool on) { write_back_ = on; }
  // The supply was cut: what only lived in RAM is gone (nothing changes without write-back).
  void power_loss();

 private:
  void load();
  void save() const;

  std::optional<std::filesystem::path> file_;
  std::map<std::string, std::string, std::less<>> values_;
  bool write_back_ = false;
};

}  // namespace atsim
