#include "sim/bt/service_table.hpp"

#include <charconv>
#include <map>

namespace atsim::bt {

using namespace ble;

std::vector<TableEntry> default_service_table() {
  auto u = [](std::uint16_t v) { return Uuid::from16(v); };
  const Bytes zero = {'0'};
  // index, uuid, perm, max_len, value. perm: 0x01 read, 0x10 write, 0x11 both (ESP_GATT_PERM_*).
  // Lengths and permissions as esp-at's ble_data example.csv gives them (C304-C306 take 512
  // bytes: §9.5.2.2 carries SPP over C304 and C306).
  return {
      {0, u(0x2800), 0x01, 2, {0x02, 0xA0}},
      {1, u(0x2803), 0x01, 1, {prop::read}},
      {2, u(0xC300), 0x01, 1, zero},
      {3, u(0x2901), 0x11, 1, zero},
      {4, u(0x2803), 0x01, 1, {prop::read}},
      {5, u(0xC301), 0x01, 512, zero},
      {6, u(0x2901), 0x11, 512, zero},
      {7, u(0x2803), 0x01, 1, {prop::write}},
      {8, u(0xC302), 0x10, 1, zero},
      {9, u(0x2901), 0x01, 1, {0x01}},
      {10, u(0x2803), 0x01, 1, {prop::write_no_rsp}},
      {11, u(0xC303), 0x10, 1, zero},
      {12, u(0x2901), 0x10, 1, zero},
      {13, u(0x2803), 0x01, 1, {prop::write}},
      {14, u(0xC304), 0x10, 512, zero},
      {15, u(0x2803), 0x01, 1, {prop::notify}},
      {16, u(0xC305), 0x01, 512, {}},
      {17, u(0x2902), 0x11, 2, {0, 0}},
      {18, u(0x2803), 0x01, 1, {prop::indicate}},
      {19, u(0xC306), 0x01, 512, {}},
      {20, u(0x2902), 0x11, 2, {0, 0}},
  };
}

namespace {

// Just enough JSON for BLEService.py's output: objects, arrays, strings, integers.
class Json {
 public:
  Json(const std::string& s, std::size_t base) : s_(s), base_(base) {}
  using Object = std::map<std::string, std::variant<std::int64_t, std::string>>;

  std::vector<Object> services() {
    expect('{');
    std::vector<Object> out;
    bool first = true;
    while (!peek('}')) {
      if (!first) expect(',');
      first = false;
      ws();
      const std::size_t at = i_;
      const std::string key = string();
      expect(':');
      if (key != "Service") {
        i_ = at;
        fail("unknown key \"" + key + "\" (expected \"Service\")");
      }
      expect('[');
      bool f2 = true;
      while (!peek(']')) {
        if (!f2) expect(',');
        f2 = false;
        out.push_back(object());
      }
      expect(']');
    }
    expect('}');
    ws();
    if (i_ != s_.size()) fail("trailing bytes after the JSON");
    return out;
  }
  [[noreturn]] void fail(const std::string& why) const { throw TableError{base_ + i_, why}; }

 private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }
  bool peek(char c) {
    ws();
    return i_ < s_.size() && s_[i_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') fail("escapes are not used in a service table");
      out += s_[i_++];
    }
    expect('"');
    return out;
  }
  Object object() {
    expect('{');
    Object o;
    bool first = true;
    while (!peek('}')) {
      if (!first) expect(',');
      first = false;
      const std::string key = string();
      expect(':');
      if (peek('"')) {
        o[key] = string();
      } else {
        ws();
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), v);
        if (ec != std::errc()) fail("expected a number or a string for \"" + key + "\"");
        i_ = static_cast<std::size_t>(p - s_.data());
        o[key] = v;
      }
    }
    expect('}');
    return o;
  }
  const std::string& s_;
  std::size_t base_;
  std::size_t i_ = 0;
};

std::string json_of(const std::vector<TableEntry>& t) {
  std::string s = "{\"Service\": [";
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& e = t[i];
    const Bytes ub = e.uuid.le_bytes();
    std::string uuid = hex_upper(Bytes(ub.rbegin(), ub.rend()));
    s += (i ? ", " : "") + std::string("{\"index\": ") + std::to_string(e.index) +
         ", \"uuid_len\": " + std::to_string(ub.size() * 8) + ", \"uuid\": \"" + uuid +
         "\", \"perm\": " + std::to_string(e.perm) +
         ", \"val_max_len\": " + std::to_string(e.max_len) +
         ", \"val_cur_len\": " + std::to_string(e.value.size()) + ", \"value\": \"" +
         hex_upper(e.value) + "\"}";
  }
  return s + "]}";
}

}  // namespace

std::string service_partition_image(const std::vector<TableEntry>& table) {
  const std::string json = json_of(table);
  std::string out;
  out += static_cast<char>(json.size() & 0xFF);
  out += static_cast<char>(json.size() >> 8);
  out += '\x27';
  out += '\x95';
  return out + json;
}

std::variant<std::vector<TableEntry>, TableError> parse_service_partition(
    const std::string& bytes) {
  if (bytes.size() < 4) return TableError{0, "shorter than its 4-byte header"};
  const std::size_t len = static_cast<std::uint8_t>(bytes[0]) | static_cast<std::uint8_t>(bytes[1])
                                                                    << 8;
  if (bytes[2] != '\x27' || bytes[3] != '\x95')
    return TableError{2, "no magic 27 95 (not a BLEService.py image)"};
  if (4 + len > bytes.size()) return TableError{0, "the length runs past the partition"};
  const std::string json = bytes.substr(4, len);
  std::vector<TableEntry> out;
  try {
    Json parser(json, 4);
    for (const auto& o : parser.services()) {
      auto num = [&](const char* k, std::int64_t dflt) -> std::int64_t {
        auto it = o.find(k);
        if (it == o.end()) return dflt;
        if (auto* v = std::get_if<std::int64_t>(&it->second)) return *v;
        parser.fail(std::string("\"") + k + "\" must be a number");
      };
      auto str = [&](const char* k) -> std::string {
        auto it = o.find(k);
        if (it == o.end()) return {};
        if (auto* v = std::get_if<std::string>(&it->second)) return *v;
        parser.fail(std::string("\"") + k + "\" must be a string");
      };
      TableEntry e;
      e.index = static_cast<int>(num("index", -1));
      const std::int64_t uuid_len = num("uuid_len", 0);
      auto uuid = Uuid::parse(str("uuid"));
      if (!uuid || (uuid_len != 16 && uuid_len != 128))
        parser.fail("entry " + std::to_string(e.index) + ": bad uuid");
      e.uuid = *uuid;
      e.perm = static_cast<std::uint16_t>(num("perm", 0));
      e.max_len = static_cast<std::size_t>(num("val_max_len", 512));  // BLEService.py's defaults
      const auto cur = static_cast<std::size_t>(num("val_cur_len", 0));
      auto value = from_hex(str("value"));
      if (!value) parser.fail("entry " + std::to_string(e.index) + ": value is not hex");
      if (e.max_len > 512 || cur > e.max_len || value->size() < cur) {
        parser.fail("entry " + std::to_string(e.index) + ": lengths do not fit (val_cur_len " +
                    std::to_string(cur) + ", val_max_len " + std::to_string(e.max_len) + ")");
      }
      value->resize(cur);
      e.value = std::move(*value);
      out.push_back(std::move(e));
    }
  } catch (const TableError& e) {
    return e;
  }
  if (out.empty()) return TableError{4, "no services"};
  return out;
}

std::variant<std::vector<LocalService>, TableError> add_table(
    GattDb& db, const std::vector<TableEntry>& table) {
  std::vector<LocalService> services;
  std::vector<std::uint16_t> service_handles;
  auto bad = [](const TableEntry& e, const std::string& why) {
    return TableError{static_cast<std::size_t>(e.index),
                      "entry " + std::to_string(e.index) + ": " + why};
  };
  for (std::size_t i = 0; i < table.size(); ++i) {
    const TableEntry& e = table[i];
    const auto s16 = e.uuid.short16();
    if (s16 == uuids::primary_service || s16 == uuids::secondary_service) {
      auto u = Uuid::from_le(e.value);
      if (!u) return bad(e, "a service declaration's value is its UUID (2 or 16 bytes)");
      service_handles.push_back(db.add_service(*u, s16 == uuids::primary_service));
      continue;
    }
    if (service_handles.empty()) return bad(e, "an attribute before the first service");
    if (s16 == uuids::characteristic) {
      if (e.value.size() != 1 || i + 1 >= table.size())
        return bad(
            e, "a characteristic declaration holds its properties and is followed by its value");
      const TableEntry& v = table[++i];
      db.add_characteristic(v.uuid, e.value[0], v.perm, v.value, v.max_len);
      continue;
    }
    db.add_descriptor(e.uuid, e.perm, e.value, e.uuid == Uuid::from16(uuids::cccd) ? 2 : e.max_len);
  }
  for (const auto& info : db.services()) {
    bool ours = false;
    for (auto h : service_handles) ours = ours || h == info.start;
    if (!ours) continue;
    LocalService s{info, false, {}};
    for (const auto& c : db.characteristics(info))
      s.characteristics.push_back({c, db.descriptors(c)});
    db.set_hidden(info, true);
    services.push_back(std::move(s));
  }
  return services;
}

}  // namespace atsim::bt
