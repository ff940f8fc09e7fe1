#include "sim/wifi/world.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace atsim::wifi {
namespace {

Mac mac(std::string_view text) {
  return *parse_mac(text);
}
std::uint32_t ip(std::string_view text) {
  return *parse_ip(text);
}

// Checks one world document, and points at file:line for anything it cannot use.
class Reader {
 public:
  Reader(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') newlines_.push_back(i);
    }
  }

  World read() {
    pugi::xml_document doc;
    auto r = doc.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r) fail(line_at(r.offset), std::string("not well-formed XML: ") + r.description());
    pugi::xml_node root = doc.document_element();
    if (!root || std::strcmp(root.name(), "world") != 0) {
      fail(root ? line_at(root.offset_debug()) : 1, "the root element must be <world>");
    }
    World w;
    for (pugi::xml_node n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view tag = n.name();
      if (tag == "ap") {
        w.aps.push_back(read_ap(n));
      } else if (tag == "softap_station") {
        w.softap_peers.push_back(read_peer(n));
      } else if (tag == "smartconfig") {
        if (w.smartconfig) fail(n, "a second <smartconfig>");
        w.smartconfig = read_smartconfig(n);
      } else if (tag == "wps") {
        if (w.wps) fail(n, "a second <wps>");
        w.wps = read_wps(n);
      } else {
        fail(n, "unknown element <" + std::string(tag) +
                    "> (expected <ap>, <softap_station>, <smartconfig>, <wps>)");
      }
    }
    std::set<Mac> bssids;
    for (std::size_t i = 0; i < w.aps.size(); ++i) {
      if (!bssids.insert(w.aps[i].bssid).second) {
        fail(nth(root, "ap", i), "bssid " + mac_text(w.aps[i].bssid) + " is used twice");
      }
    }
    return w;
  }

 private:
  WorldAp read_ap(pugi::xml_node n) {
    allow(n, {"ssid", "password", "bssid", "channel", "rssi", "ecn", "join_ms", "dhcp", "gateway"});
    WorldAp ap;
    ap.ssid = required(n, "ssid");
    if (ap.ssid.empty() || ap.ssid.size() > 32) fail(n, "ssid", "ssid must be 1..32 bytes");
    ap.password = n.attribute("password").value();
    ap.bssid = mac_attr(n, "bssid");
    ap.channel = static_cast<int>(number(n, "channel", 1, 14));
    ap.rssi = static_cast<int>(number(n, "rssi", -100, 0));
    ap.ecn = static_cast<int>(number(n, "ecn", 0, 5));
    if (ap.ecn == 0 && !ap.password.empty()) fail(n, "password", "an open AP (ecn 0) has none");
    // No length rule for the others: the contract's own escaped AP has a 6-byte WPA password.
    if (ap.ecn != 0 && ap.password.empty()) fail(n, "password", "a secured AP needs a password");
    if (n.attribute("join_ms")) ap.join_time = Millis(number(n, "join_ms", 0, 60'000));
    const std::string dhcp = n.attribute("dhcp") ? n.attribute("dhcp").value() : "none";
    if (dhcp != "none") {
      const auto slash = dhcp.find('/');
      auto net = parse_ip(dhcp.substr(0, slash));
      int prefix = -1;
      if (slash != std::string::npos) {
        const char* first = dhcp.data() + slash + 1;
        const char* last = dhcp.data() + dhcp.size();
        auto [p, ec] = std::from_chars(first, last, prefix);
        if (ec != std::errc() || p != last) prefix = -1;
      }
      if (!net || prefix < 8 || prefix > 30 || (*net & ~netmask_of(prefix)) != 0) {
        fail(n, "dhcp", "dhcp must be none or NETWORK/PREFIX (e.g. 127.0.1.0/24)");
      }
      DhcpServer s{*net, prefix, *net + 1};
      if (n.attribute("gateway")) {
        auto gw = parse_ip(n.attribute("gateway").value());
        if (!gw || (*gw & netmask_of(prefix)) != *net) {
          fail(n, "gateway", "gateway must be an address inside the dhcp network");
        }
        s.gateway = *gw;
      }
      ap.dhcp = s;
    } else if (n.attribute("gateway")) {
      fail(n, "gateway", "gateway without dhcp");
    }
    return ap;
  }

  SoftapPeer read_peer(pugi::xml_node n) {
    allow(n, {"mac", "join_ms", "leave_ms"});
    SoftapPeer p;
    p.mac = mac_attr(n, "mac");
    if (!settable_mac(p.mac)) fail(n, "mac", "a station's mac must be a unicast address");
    p.join_at = Millis(number(n, "join_ms", 0, 3'600'000));
    if (n.attribute("leave_ms")) {
      p.leave_at = Millis(number(n, "leave_ms", 0, 3'600'000));
      if (*p.leave_at <= p.join_at) fail(n, "leave_ms", "leave_ms must come after join_ms");
    }
    return p;
  }

  SmartConfigPhone read_smartconfig(pugi::xml_node n) {
    allow(n, {"after_ms", "type", "ssid", "password"});
    SmartConfigPhone s;
    if (n.attribute("after_ms")) s.after = Millis(number(n, "after_ms", 0, 3'600'000));
    if (n.attribute("type")) {
      s.type = n.attribute("type").value();
      if (s.type != "ESPTOUCH" && s.type != "AIRKISS") fail(n, "type", "type: ESPTOUCH or AIRKISS");
    }
    s.ssid = required(n, "ssid");
    s.password = n.attribute("password").value();
    return s;
  }

  WpsButton read_wps(pugi::xml_node n) {
    allow(n, {"after_ms", "ssid", "bssid"});
    WpsButton b;
    if (n.attribute("after_ms")) b.after = Millis(number(n, "after_ms", 0, 3'600'000));
    b.ssid = required(n, "ssid");
    if (n.attribute("bssid")) b.bssid = mac_attr(n, "bssid");
    return b;
  }

  // ---- attribute helpers: each failure names the attribute's line

  void allow(pugi::xml_node n, std::initializer_list<std::string_view> names) {
    for (pugi::xml_attribute a : n.attributes()) {
      if (std::find(names.begin(), names.end(), std::string_view(a.name())) == names.end()) {
        fail(n, a.name(), "unknown attribute " + std::string(a.name()) + " of <" + n.name() + ">");
      }
    }
  }
  std::string required(pugi::xml_node n, const char* attr) {
    if (!n.attribute(attr)) fail(n, std::string("<") + n.name() + "> needs " + attr);
    return n.attribute(attr).value();
  }
  std::int64_t number(pugi::xml_node n, const char* attr, std::int64_t lo, std::int64_t hi) {
    const std::string text = required(n, attr);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v < lo || v > hi) {
      fail(n, attr,
           std::string(attr) + " must be a number " + std::to_string(lo) + ".." +
               std::to_string(hi));
    }
    return v;
  }
  Mac mac_attr(pugi::xml_node n, const char* attr) {
    auto m = parse_mac(required(n, attr));
    if (!m) fail(n, attr, std::string(attr) + " must be a MAC like 24:0a:c4:a7:00:01");
    return *m;
  }

  static pugi::xml_node nth(pugi::xml_node root, const char* tag, std::size_t i) {
    for (pugi::xml_node n : root.children(tag)) {
      if (i-- == 0) return n;
    }
    return {};
  }

  // ---- where things are

  std::size_t line_at(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    return static_cast<std::size_t>(std::lower_bound(newlines_.begin(), newlines_.end(),
                                                     static_cast<std::size_t>(offset)) -
                                    newlines_.begin()) +
           1;
  }
  // pugixml keeps offsets of elements only: find the attribute inside the element's start tag.
  std::size_t line_of(pugi::xml_node n, std::string_view attr) const {
    const std::ptrdiff_t start = n.offset_debug();
    if (start < 0) return 0;
    const std::size_t end = text_.find('>', static_cast<std::size_t>(start));
    std::size_t p = static_cast<std::size_t>(start);
    while ((p = text_.find(attr, p + 1)) != std::string_view::npos && p < end) {
      const char before = text_[p - 1];
      const std::size_t after = p + attr.size();
      if ((before == ' ' || before == '\t' || before == '\n' || before == '\r') &&
          after < text_.size() && (text_[after] == '=' || text_[after] == ' ')) {
        return line_at(static_cast<std::ptrdiff_t>(p));
      }
    }
    return line_at(start);
  }

  [[noreturn]] void fail(std::size_t line, const std::string& why) const {
    throw WorldError(name_ + ":" + std::to_string(line) + ": " + why);
  }
  [[noreturn]] void fail(pugi::xml_node n, const std::string& why) const {
    fail(line_at(n.offset_debug()), why);
  }
  [[noreturn]] void fail(pugi::xml_node n, std::string_view attr, const std::string& why) const {
    fail(line_of(n, attr), why);
  }

  std::string_view text_;
  std::string name_;
  std::vector<std::size_t> newlines_;
};

}  // namespace

const World& default_world() {
  // docs/contracts/wifi.md, "The default world". configs/worlds/default.xml says the same; a
  // test checks that the two agree.
  static const World world = [] {
    World w;
    const DhcpServer lab1{ip("127.0.1.0"), 24, ip("127.0.1.1")};
    w.aps = {
        {"atconform-ap", "conform-pass-1", mac("24:0a:c4:a7:00:01"), 6, -48, 3, lab1, Millis(400)},
        {"atconform-ap", "conform-pass-1", mac("24:0a:c4:a7:00:02"), 11, -71, 3, lab1, Millis(400)},
        {"open-lab", "", mac("24:0a:c4:a7:00:03"), 1, -60, 0,
         DhcpServer{ip("127.0.3.0"), 24, ip("127.0.3.1")}, Millis(300)},
        {"esc,ap\"\\", "p,w\"d\\", mac("24:0a:c4:a7:00:04"), 3, -66, 4,
         DhcpServer{ip("127.0.4.0"), 24, ip("127.0.4.1")}, Millis(300)},
        {"no-dhcp-ap", "conform-pass-1", mac("24:0a:c4:a7:00:05"), 9, -80, 2, std::nullopt,
         Millis(300)},
    };
    w.softap_peers = {
        {mac("5c:cf:7f:00:00:10"), Millis(200), std::nullopt},
        {mac("5c:cf:7f:00:00:11"), Millis(400), Millis(1200)},
    };
    w.smartconfig = SmartConfigPhone{Millis(800), "ESPTOUCH", "atconform-ap", "conform-pass-1"};
    w.wps = WpsButton{Millis(600), "atconform-ap", std::nullopt};
    return w;
  }();
  return world;
}

World parse_world(std::string_view xml, const std::string& name) {
  return Reader(xml, name).read();
}

World load_world(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WorldError(path + ":0: cannot read: " + std::strerror(errno));
  std::ostringstream os;
  os << in.rdbuf();
  return parse_world(os.str(), path);
}

}  // namespace atsim::wifi
