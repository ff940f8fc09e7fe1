#include "sim/air/world.hpp"

#include <pugixml.hpp>

#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "sim/ble/ad.hpp"
#include "sim/ble/gatt_db.hpp"

namespace atsim::air {
namespace {

class Reader {
 public:
  Reader(const std::string& text, std::string name) : text_(text), name_(std::move(name)) {}

  AirWorld read() {
    pugi::xml_document doc;
    auto r = doc.load_buffer(text_.data(), text_.size());
    if (!r)
      fail(static_cast<std::size_t>(r.offset),
           std::string("not well-formed XML: ") + r.description());
    pugi::xml_node root = doc.document_element();
    if (!root || std::strcmp(root.name(), "air") != 0)
      fail(root ? root.offset_debug() : 0, "the root element must be <air>");
    allow(root, {});
    AirWorld w;
    std::set<ble::Address> seen;
    for (pugi::xml_node n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      const std::string tag = n.name();
      if (tag == "radio") {
        w.radios.push_back(radio(n));
        if (!seen.insert(w.radios.back().address).second) fail(n, "address used twice");
      } else if (tag == "rssi") {
        allow(n, {"addr", "type", "dbm"});
        w.rssi.push_back(WorldRssi{address(n), static_cast<int>(number(n, "dbm", -127, 20))});
      } else {
        fail(n, "unknown element <" + tag + "> (expected <radio> or <rssi>)");
      }
    }
    return w;
  }

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& why) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) line += text_[i] == '\n';
    throw std::runtime_error(name_ + ":" + std::to_string(line) + ": " + why);
  }
  [[noreturn]] void fail(pugi::xml_node n, const std::string& why) {
    fail(static_cast<std::size_t>(n.offset_debug()), why);
  }

  void allow(pugi::xml_node n, std::initializer_list<const char*> names) {
    for (pugi::xml_attribute a : n.attributes()) {
      bool ok = false;
      for (const char* x : names) ok = ok || std::strcmp(a.name(), x) == 0;
      if (!ok) fail(n, "<" + std::string(n.name()) + "> has no attribute " + a.name());
    }
  }
  std::string required(pugi::xml_node n, const char* attr) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) fail(n, "<" + std::string(n.name()) + "> needs " + attr + "=");
    return a.value();
  }
  long number(pugi::xml_node n, const char* attr, long lo, long hi) {
    const std::string v = required(n, attr);
    long x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size() || x < lo || x > hi) {
      fail(n, std::string(attr) + "=\"" + v + "\" is not a number in " + std::to_string(lo) + ".." +
                  std::to_string(hi));
    }
    return x;
  }
  ble::Bytes hex_attr(pugi::xml_node n, const char* attr, std::size_t max) {
    const std::string v = n.attribute(attr).value();
    auto b = ble::from_hex(v);
    if (!b) fail(n, std::string(attr) + "=\"" + v + "\" is not hex (an even number of hex digits)");
    if (b->size() > max)
      fail(n, std::string(attr) + " is longer than " + std::to_string(max) + " bytes");
    return *b;
  }
  ble::Address address(pugi::xml_node n) {
    const std::string t = n.attribute("type") ? n.attribute("type").value() : "public";
    auto type = ble::address_type_by_name(t);
    if (!type) fail(n, "type=\"" + t + "\" is not public or random");
    const std::string v = required(n, "addr");
    auto a = ble::parse_address(v, *type);
    if (!a) fail(n, "addr=\"" + v + "\" is not an address like c0:ff:ee:00:00:01");
    if (*type == ble::AddressType::random && !a->is_static_random()) {
      fail(n, "a random address here is a static one: its two top bits are 11");
    }
    return *a;
  }
  ble::Uuid uuid(pugi::xml_node n) {
    const std::string v = required(n, "uuid");
    auto u = ble::Uuid::parse(v);
    if (!u) fail(n, "uuid=\"" + v + "\" is not a UUID (0xA002 or 128 bits)");
    return *u;
  }
  std::uint8_t props(pugi::xml_node n) {
    const std::string v = required(n, "props");
    std::uint8_t p = 0;
    std::stringstream in(v);
    std::string word;
    while (std::getline(in, word, ',')) {
      if (word == "read")
        p |= ble::prop::read;
      else if (word == "write")
        p |= ble::prop::write;
      else if (word == "write_no_rsp")
        p |= ble::prop::write_no_rsp;
      else if (word == "notify")
        p |= ble::prop::notify;
      else if (word == "indicate")
        p |= ble::prop::indicate;
      else
        fail(n, "props: unknown property '" + word +
                    "' (read, write, write_no_rsp, notify, indicate)");
    }
    if (!p) fail(n, "props is empty");
    return p;
  }

  WorldRadio radio(pugi::xml_node n) {
    allow(n, {"addr", "type", "name", "rssi", "adv", "interval", "data", "rsp"});
    WorldRadio r;
    r.address = address(n);
    r.name = n.attribute("name").value();
    if (n.attribute("rssi")) r.rssi = static_cast<int>(number(n, "rssi", -127, 20));
    r.adv_type = n.attribute("adv") ? n.attribute("adv").value() : "nonconn";
    if (r.adv_type != "ind" && r.adv_type != "scan" && r.adv_type != "nonconn") {
      fail(n, "adv=\"" + r.adv_type + "\" is not ind, scan or nonconn");
    }
    if (n.attribute("interval")) r.interval = static_cast<int>(number(n, "interval", 0x20, 0x4000));
    r.data = hex_attr(n, "data", ble::kLegacyAdvMax);
    r.rsp = hex_attr(n, "rsp", ble::kLegacyAdvMax);
    for (auto* bytes : {&r.data, &r.rsp}) {
      if (std::holds_alternative<ble::AdError>(ble::parse_ad(*bytes))) {
        fail(n,
             std::string(bytes == &r.data ? "data" : "rsp") + " is not well-formed AD structures");
      }
    }
    for (pugi::xml_node s : n.children()) {
      if (s.type() != pugi::node_element) continue;
      if (std::strcmp(s.name(), "service") != 0)
        fail(s, "unknown element <" + std::string(s.name()) + "> in <radio>");
      if (r.adv_type != "ind") fail(s, "a <service> needs a connectable radio (adv=\"ind\")");
      allow(s, {"uuid"});
      WorldService svc{uuid(s), {}};
      for (pugi::xml_node c : s.children()) {
        if (c.type() != pugi::node_element) continue;
        if (std::strcmp(c.name(), "characteristic") != 0)
          fail(c, "unknown element <" + std::string(c.name()) + "> in <service>");
        allow(c, {"uuid", "props", "value", "description"});
        WorldCharacteristic ch{uuid(c), props(c), hex_attr(c, "value", 512),
                               c.attribute("description").value()};
        svc.characteristics.push_back(std::move(ch));
      }
      r.services.push_back(std::move(svc));
    }
    return r;
  }

  const std::string& text_;
  std::string name_;
};

}  // namespace

AirWorld parse_air_world(const std::string& text, const std::string& name) {
  return Reader(text, name).read();
}

AirWorld load_air_world(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_air_world(ss.str(), path);
}

}  // namespace atsim::air
