// ESP32 §3.2.11 AT+SYSFLASH: the user partitions of at_customize.bin. Erase, write (after a
// `> ` prompt, like AT+CIPSEND) and read; the contents persist with the NVS file but, being
// flash and not NVS, survive AT+RESTORE. ESP8266: no such command.
#include <cstdio>
#include <string>
#include <vector>

#include "sim/chapters.hpp"
#include "sim/device.hpp"

namespace atsim {
namespace {

struct Partition {
  const char* name;
  int type;
  int subtype;
  std::int64_t address;
  std::int64_t size;
};

// After esp32-at's at_customize.csv.
const std::vector<Partition>& partitions() {
  static const std::vector<Partition> table = {
      {"ble_data", 64, 1, 0x21000, 0x3000},
      {"server_cert", 64, 2, 0x24000, 0x2000},
      {"server_key", 64, 3, 0x26000, 0x2000},
  };
  return table;
}

constexpr std::int64_t kSector = 4096;
// A whole-partition erase keeps the command busy this long (tests provoke `busy p...` with it);
// a range erase takes a per-sector time, as NOR flash does.
constexpr auto kWholeEraseTime = std::chrono::milliseconds(300);
constexpr auto kSectorEraseTime = std::chrono::milliseconds(30);

const Partition* find_partition(const std::string& name) {
  for (const auto& p : partitions()) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

std::string key(const Partition& p) {
  return std::string("flash.") + p.name;
}

// Erased flash reads 0xFF; the store keeps contents without their trailing erased bytes.
std::string load(Device& d, const Partition& p) {
  std::string bytes = d.storage().get(key(p)).value_or("");
  bytes.resize(static_cast<std::size_t>(p.size), '\xFF');
  return bytes;
}

void store(Device& d, const Partition& p, std::string bytes) {
  auto end = bytes.find_last_not_of('\xFF');
  bytes.resize(end == std::string::npos ? 0 : end + 1);
  if (bytes.empty()) {
    d.storage().erase(key(p));
  } else {
    d.storage().set(key(p), std::move(bytes));
  }
}

std::string hex(std::int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<long long>(v));
  return buf;
}

void query(Device& d) {
  for (const auto& p : partitions()) {
    d.info("+SYSFLASH:\"" + std::string(p.name) + "\"," + std::to_string(p.type) + "," +
           std::to_string(p.subtype) + "," + hex(p.address) + "," + hex(p.size));
  }
  d.ok();
}

void erase(Device& d, const Partition& part, std::int64_t offset, std::int64_t length,
           Clock::duration time) {
  d.busy_for(time, [&d, &part, offset, length] {
    if (!d.has(Defect::sysflash_erase_noop)) {
      std::string bytes = load(d, part);
      bytes.replace(static_cast<std::size_t>(offset), static_cast<std::size_t>(length),
                    static_cast<std::size_t>(length), '\xFF');
      store(d, part, std::move(bytes));
    }
    d.ok();
  });
}

void set(Device& d, const Request& r) {
  const Params& p = r.params;
  auto op = p.int_in(0, 0, 2);
  auto name = p.string_at(1);
  const Partition* part = name ? find_partition(*name) : nullptr;
  if (!op || part == nullptr) return d.error();

  if (*op == 0 && p.size() == 2) return erase(d, *part, 0, part->size, kWholeEraseTime);
  if (p.size() != 4) return d.error();
  auto offset = p.int_in(2, 0, part->size - 1);
  auto length = offset ? p.int_in(3, 1, part->size - *offset) : std::nullopt;
  if (!offset || !length) return d.error();

  switch (*op) {
    case 0:
      // §3.2.11: a range erase must be 4 KiB aligned.
      if (*offset % kSector != 0 || *length % kSector != 0) return d.error();
      return erase(d, *part, *offset, *length, kSectorEraseTime * (*length / kSector));
    case 1:
      d.ok();
      return d.expect_data(static_cast<std::size_t>(*length),
                           [&d, part, offset = *offset](std::string data) {
                             // NOR flash: a write can only clear bits; erase first to set them.
                             std::string bytes = load(d, *part);
                             for (std::size_t i = 0; i < data.size(); ++i) {
                               bytes[static_cast<std::size_t>(offset) + i] &= data[i];
                             }
                             store(d, *part, std::move(bytes));
                             d.ok();
                           });
    default: {
      std::string bytes = load(d, *part).substr(static_cast<std::size_t>(*offset),
                                                static_cast<std::size_t>(*length));
      d.send("+SYSFLASH:" + std::to_string(*length) + "," + bytes + "\r\n");
      return d.ok();
    }
  }
}

}  // namespace

void register_sysflash_commands(Registry& r) {
  if (r.chip() != Chip::esp32) return;
  // esp32 §3.2.11 AT+SYSFLASH
  r.add("+SYSFLASH", kSet | kQuery, [](Device& d, const Request& req) {
    if (req.variant == kQuery) return query(d);
    set(d, req);
  });
}

}  // namespace atsim
