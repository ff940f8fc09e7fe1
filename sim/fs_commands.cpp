// ESP32 §3.2.12 AT+FS=<type>,<operation>,<filename>[,<offset>,<length>]: a FAT file system in
// flash. Operations: 0 delete, 1 write (after a `> ` prompt), 2 read, 3 size, 4 list. Files
// persist with the NVS file and survive AT+RESTORE. ESP8266: no such command.
#include <string>

#include "sim/chapters.hpp"
#include "sim/device.hpp"

namespace atsim {
namespace {

constexpr std::size_t kMaxFileSize = 1 << 20;

std::string key(const std::string& name) {
  return "fs." + name;
}

// FAT long names: printable, none of the characters FAT forbids, no directories.
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 ||
        std::string_view("\"*/:<>?\\|").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

void list(Device& d, std::string dir) {
  // The document's own example lists " . ": only the root exists.
  auto first = dir.find_first_not_of(' ');
  auto last = dir.find_last_not_of(' ');
  dir = first == std::string::npos ? "" : dir.substr(first, last - first + 1);
  if (dir != "." && dir != "/" && dir != "./") return d.error();
  for (const auto& k : d.storage().keys_with_prefix("fs.")) d.info("+FS:" + k.substr(3));
  d.ok();
}

void fs(Device& d, const Request& r) {
  const Params& p = r.params;
  auto type = p.int_in(0, 0, 0);  // "only FATFS is currently supported"
  auto op = p.int_in(1, 0, 4);
  auto name = p.string_at(2);
  if (!type || !op || !name) return d.error();
  if (*op == 4) return p.size() == 3 ? list(d, *name) : d.error();
  if (!valid_name(*name)) return d.error();
  auto content = d.storage().get(key(*name));

  if (*op == 0 || *op == 3) {
    if (p.size() != 3 || !content) return d.error();
    if (*op == 0) {
      d.storage().erase(key(*name));
    } else {
      const std::size_t size = content->size() + (d.has(Defect::fs_size_off_by_one) ? 1 : 0);
      d.info("+FS:" + std::to_string(size));
    }
    return d.ok();
  }

  if (p.size() != 5) return d.error();
  const auto size = static_cast<std::int64_t>(content ? content->size() : 0);
  if (*op == 1) {
    // Writing may extend a file or create it, but not leave a hole.
    auto offset = p.int_in(3, 0, size);
    auto length =
        offset ? p.int_in(4, 1, static_cast<std::int64_t>(kMaxFileSize) - *offset) : std::nullopt;
    if (!offset || !length) return d.error();
    d.ok();
    return d.expect_data(static_cast<std::size_t>(*length),
                         [&d, name = *name, offset = *offset](std::string data) {
                           std::string bytes = d.storage().get(key(name)).value_or("");
                           const auto at = static_cast<std::size_t>(offset);
                           if (bytes.size() < at + data.size()) bytes.resize(at + data.size());
                           bytes.replace(at, data.size(), data);
                           d.storage().set(key(name), std::move(bytes));
                           d.ok();
                         });
  }
  // *op == 2: read
  if (!content) return d.error();
  auto offset = p.int_in(3, 0, size - 1);
  auto length = offset ? p.int_in(4, 1, size - *offset) : std::nullopt;
  if (!offset || !length) return d.error();
  d.send("+FS:" + std::to_string(*length) + "," +
         content->substr(static_cast<std::size_t>(*offset), static_cast<std::size_t>(*length)) +
         "\r\n");
  d.ok();
}

}  // namespace

void register_fs_commands(Registry& r) {
  // esp32 §3.2.12 AT+FS
  if (r.chip() == Chip::esp32) r.add("+FS", kSet, fs);
}

}  // namespace atsim
