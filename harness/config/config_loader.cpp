#include "harness/config/config_loader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <pugixml.hpp>
#include <regex>
#include <sstream>
#include <vector>

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"

namespace atc {
namespace {

namespace fs = std::filesystem;
using Names = std::initializer_list<std::string_view>;

std::string join(Names names, std::string_view before, std::string_view after) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += before;
    out += n;
    out += after;
  }
  return out.empty() ? "none" : out;
}

std::string tag(pugi::xml_node n) {
  return std::string("<") + n.name() + ">";
}

// One parsed config file with what it takes to point at a line of it: every check on the
// document goes through here so every complaint carries file:line.
class XmlFile {
 public:
  explicit XmlFile(std::string path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw ConfigError(path_, 0, std::string("cannot read: ") + std::strerror(errno));
    std::ostringstream os;
    os << in.rdbuf();
    text_ = os.str();
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') newlines_.push_back(i);
    }
    auto r = doc_.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r) fail(line_at(r.offset), std::string("not well-formed XML: ") + r.description());
  }

  const std::string& path() const { return path_; }

  // The single root element, which must be <name>.
  pugi::xml_node root(const char* name) const {
    pugi::xml_node root;
    for (auto n : doc_.children()) {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        fail(n, "text outside the root element");
      }
      if (n.type() != pugi::node_element) continue;
      if (root) fail(n, "a second root element " + tag(n) + "; expected only <" + name + ">");
      root = n;
    }
    if (!root) fail(std::size_t{0}, std::string("no <") + name + "> element");
    if (std::strcmp(root.name(), name) != 0) {
      fail(root, "the root element is " + tag(root) + "; expected <" + name + ">");
    }
    return root;
  }

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw ConfigError(path_, line, what);
  }
  [[noreturn]] void fail(pugi::xml_node n, const std::string& what) const {
    fail(line_of(n), what);
  }
  [[noreturn]] void fail(pugi::xml_node n, std::string_view attr, const std::string& what) const {
    fail(line_of(n, attr), what);
  }

  std::size_t line_at(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    auto it =
        std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
    return static_cast<std::size_t>(it - newlines_.begin()) + 1;
  }
  // Text nodes start with the whitespace before their first character: point at the character.
  std::size_t line_of(pugi::xml_node n) const {
    std::ptrdiff_t at = n.offset_debug();
    if (at >= 0 && (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata)) {
      while (static_cast<std::size_t>(at) < text_.size() &&
             std::isspace(static_cast<unsigned char>(text_[static_cast<std::size_t>(at)]))) {
        ++at;
      }
    }
    return line_at(at);
  }

  // pugixml keeps no offsets for attributes: find the attribute in the element's start tag.
  std::size_t line_of(pugi::xml_node n, std::string_view attr) const {
    std::ptrdiff_t start = n.offset_debug();
    if (start < 0) return 0;
    auto p = static_cast<std::size_t>(start);
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (p < text_.size() && !is_space(text_[p]) && text_[p] != '>' && text_[p] != '/') ++p;
    while (p < text_.size()) {
      while (p < text_.size() && is_space(text_[p])) ++p;
      if (p >= text_.size() || text_[p] == '>' || text_[p] == '/') break;
      std::size_t name_at = p;
      while (p < text_.size() && !is_space(text_[p]) && text_[p] != '=') ++p;
      if (std::string_view(text_).substr(name_at, p - name_at) == attr)
        return line_at(static_cast<std::ptrdiff_t>(name_at));
      while (p < text_.size() && text_[p] != '"' && text_[p] != '\'') ++p;
      if (p >= text_.size()) break;
      char quote = text_[p++];
      while (p < text_.size() && text_[p] != quote) ++p;
      ++p;
    }
    return line_of(n);
  }

  void allow_attributes(pugi::xml_node n, Names allowed) const {
    for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        fail(n, name,
             "unknown attribute '" + std::string(name) + "' on " + tag(n) +
                 "; allowed: " + join(allowed, "", ""));
      }
      for (auto b = a.next_attribute(); b; b = b.next_attribute()) {
        if (name == b.name()) fail(n, name, "attribute '" + std::string(name) + "' given twice");
      }
    }
  }

  // Child elements must be among `once` (at most one each) or `repeated`; text only if allowed.
  void allow_children(pugi::xml_node n, Names once, Names repeated = {},
                      bool text_allowed = false) const {
    for (auto c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        if (!text_allowed) fail(c, "unexpected text in " + tag(n));
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      std::string_view name = c.name();
      bool single = std::find(once.begin(), once.end(), name) != once.end();
      bool many = std::find(repeated.begin(), repeated.end(), name) != repeated.end();
      if (!single && !many) {
        std::vector<std::string_view> all(once);
        all.insert(all.end(), repeated.begin(), repeated.end());
        std::string list;
        for (auto a : all) list += (list.empty() ? "<" : ", <") + std::string(a) + ">";
        fail(c, "unknown element " + tag(c) + " in " + tag(n) +
                    "; allowed: " + (list.empty() ? "none" : list));
      }
      if (single && c.previous_sibling(c.name())) fail(c, tag(c) + " given twice in " + tag(n));
    }
  }

  std::string required(pugi::xml_node n, const char* attr) const {
    auto a = n.attribute(attr);
    if (!a) fail(n, tag(n) + " needs the attribute '" + attr + "'");
    if (*a.value() == '\0') fail(n, attr, tag(n) + " " + attr + "=\"\" must not be empty");
    return a.value();
  }

  pugi::xml_node required_child(pugi::xml_node n, const char* name) const {
    auto c = n.child(name);
    if (!c) fail(n, tag(n) + " needs a <" + name + "> element");
    return c;
  }

  long number(std::string_view text, long lo, long hi, pugi::xml_node n, std::string_view attr,
              std::size_t line) const {
    long v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    std::string what = tag(n) + " " + std::string(attr) + (attr.empty() ? "" : "=") + "\"" +
                       std::string(text) + "\"";
    if (text.empty() || ec == std::errc::invalid_argument || ptr != text.data() + text.size()) {
      fail(line, what + " is not a whole number");
    }
    if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
      fail(line, what + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    return v;
  }

  // The attribute as a number in [lo, hi], or `fallback` when absent.
  long number(pugi::xml_node n, const char* attr, long lo, long hi, long fallback) const {
    auto a = n.attribute(attr);
    if (!a) return fallback;
    return number(a.value(), lo, hi, n, attr, line_of(n, attr));
  }

  // The attribute as one of `values` (its index), or `fallback` when absent.
  std::size_t choice(pugi::xml_node n, const char* attr, Names values, std::size_t fallback) const {
    auto a = n.attribute(attr);
    if (!a) return fallback;
    std::string_view v = a.value();
    auto it = std::find(values.begin(), values.end(), v);
    if (it == values.end()) {
      fail(n, attr,
           tag(n) + " " + attr + "=\"" + std::string(v) + "\" is not one of " +
               join(values, "\"", "\""));
    }
    return static_cast<std::size_t>(it - values.begin());
  }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> newlines_;
  pugi::xml_document doc_;
};

constexpr long kMinBaud = 300;
constexpr long kMaxBaud = 5'000'000;  // ESP32 UART maximum
constexpr long kMaxMillis = 600'000;

SerialSettings load_serial(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {"baud", "data_bits", "parity", "stop_bits", "flow"});
  f.allow_children(n, {});
  SerialSettings s;
  s.baud = static_cast<int>(f.number(n, "baud", kMinBaud, kMaxBaud, s.baud));
  s.data_bits = static_cast<int>(f.number(n, "data_bits", 5, 8, s.data_bits));
  s.parity = static_cast<Parity>(f.choice(n, "parity", {"none", "odd", "even"}, 0));
  s.stop_bits = static_cast<int>(f.number(n, "stop_bits", 1, 2, s.stop_bits));
  s.flow = static_cast<FlowControl>(f.choice(n, "flow", {"none", "rts_cts"}, 0));
  return s;
}

DutTiming load_timing(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {"command_ms", "boot_ms", "reset_pulse_ms", "resync_ms", "after_plus_ms"});
  f.allow_children(n, {});
  DutTiming t;
  auto ms = [&](const char* attr, Millis fallback) {
    return Millis(f.number(n, attr, 1, kMaxMillis, static_cast<long>(fallback.count())));
  };
  t.command = ms("command_ms", t.command);
  t.boot = ms("boot_ms", t.boot);
  t.reset_pulse = ms("reset_pulse_ms", t.reset_pulse);
  t.resync = ms("resync_ms", t.resync);
  t.after_plus = ms("after_plus_ms", t.after_plus);
  return t;
}

std::vector<int> load_bauds(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {});
  f.allow_children(n, {}, {}, true);
  std::vector<int> bauds;
  for (auto c : n.children()) {
    std::string_view text = c.value();
    std::ptrdiff_t base = c.offset_debug();
    std::size_t p = 0;
    while (p < text.size()) {
      while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
      std::size_t start = p;
      while (p < text.size() && !std::isspace(static_cast<unsigned char>(text[p]))) ++p;
      if (start == p) break;
      std::size_t line = f.line_at(base < 0 ? base : base + static_cast<std::ptrdiff_t>(start));
      bauds.push_back(static_cast<int>(
          f.number(text.substr(start, p - start), kMinBaud, kMaxBaud, n, "", line)));
    }
  }
  return bauds;
}

// <wifi>: the AP the DUT may join and who can join its SoftAP (WifiPixit).
WifiPixit load_wifi(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {"ap_ssid", "ap_password", "wrong_password", "absent_ssid", "softap_peer"});
  f.allow_children(n, {});
  WifiPixit w;
  // Both documents: an SSID is at most 32 bytes, a password at most 64.
  auto text = [&](const char* attr, std::size_t max, bool may_be_empty) {
    auto a = n.attribute(attr);
    if (!a) f.fail(n, tag(n) + " needs the attribute '" + attr + "'");
    std::string v = a.value();
    if (v.empty() && !may_be_empty)
      f.fail(n, attr, tag(n) + " " + attr + "=\"\" must not be empty");
    if (v.size() > max)
      f.fail(n, attr,
             tag(n) + " " + attr + " is " + std::to_string(v.size()) + " bytes; at most " +
                 std::to_string(max));
    return v;
  };
  w.ap_ssid = text("ap_ssid", 32, false);
  w.ap_password = text("ap_password", 64, true);  // empty: an open AP
  w.wrong_password = text("wrong_password", 64, false);
  w.absent_ssid = text("absent_ssid", 32, false);
  if (w.wrong_password == w.ap_password)
    f.fail(n, "wrong_password", tag(n) + " wrong_password is the AP's password");
  if (w.absent_ssid == w.ap_ssid)
    f.fail(n, "absent_ssid", tag(n) + " absent_ssid is the AP's SSID");
  if (auto a = n.attribute("softap_peer")) {
    std::string v = a.value();
    const std::string supplicant = "wpa_supplicant:";
    bool ok =
        v.empty() || v == "world" || (v.rfind(supplicant, 0) == 0 && v.size() > supplicant.size());
    if (!ok)
      f.fail(n, "softap_peer",
             tag(n) + " softap_peer=\"" + v +
                 "\" is not one of \"world\", \"wpa_supplicant:<ifname>\" or \"\"");
    w.softap_peer = v;
  }
  return w;
}

// <net>: where the peer fixtures are and the passthrough timing tolerances (NetPixit).
NetPixit load_net(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {"host", "host2", "low_port_offset", "tcp_port", "udp_port", "interval_ms",
                         "interval_tolerance_ms", "guard_ms", "latency_limit_ms",
                         "min_throughput_Bps", "pki_dir"});
  f.allow_children(n, {});
  NetPixit net;
  // Fixtures never resolve names (a lookup could leave the rig's network): dotted IPv4 only.
  auto address = [&](const char* attr, const std::string& fallback) {
    auto a = n.attribute(attr);
    if (!a) return fallback;
    std::string v = a.value();
    static const std::regex ipv4(
        R"(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))");
    if (!std::regex_match(v, ipv4))
      f.fail(n, attr, tag(n) + " " + attr + "=\"" + v + "\" is not a dotted IPv4 address");
    return v;
  };
  net.host = address("host", net.host);
  net.host2 = address("host2", net.host2);
  if (net.host2 == net.host) f.fail(n, "host2", tag(n) + " host2 is the same address as host");
  net.low_port_offset =
      static_cast<int>(f.number(n, "low_port_offset", 0, 64512, net.low_port_offset));
  net.tcp_port = static_cast<int>(f.number(n, "tcp_port", 0, 65535, net.tcp_port));
  net.udp_port = static_cast<int>(f.number(n, "udp_port", 0, 65535, net.udp_port));
  net.interval_ms = static_cast<int>(f.number(n, "interval_ms", 1, 10000, net.interval_ms));
  net.interval_tolerance_ms =
      static_cast<int>(f.number(n, "interval_tolerance_ms", 0, 10000, net.interval_tolerance_ms));
  net.guard_ms = static_cast<int>(f.number(n, "guard_ms", 1, 10000, net.guard_ms));
  net.latency_limit_ms =
      static_cast<int>(f.number(n, "latency_limit_ms", 1, 60000, net.latency_limit_ms));
  net.min_throughput_Bps =
      f.number(n, "min_throughput_Bps", 1, 100'000'000, net.min_throughput_Bps);
  if (auto a = n.attribute("pki_dir")) {
    fs::path dir = a.value();
    if (dir.is_relative()) dir = fs::path(f.path()).parent_path() / dir;
    dir = dir.lexically_normal();
    for (const char* file : {"ca-cert.pem", "server-cert.pem", "server-key.pem", "client-cert.pem",
                             "client-key.pem"}) {
      if (!fs::is_regular_file(dir / file))
        f.fail(n, "pki_dir", tag(n) + " pki_dir " + dir.string() + " has no " + file);
    }
    net.pki_dir = dir.string();
  }
  return net;
}

}  // namespace

ConfigError::ConfigError(std::string file, std::size_t line, const std::string& reason)
    : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         reason),
      file_(std::move(file)),
      line_(line),
      reason_(reason) {}

const std::set<std::string, std::less<>>& known_features() {
  static const std::set<std::string, std::less<>> names{
      // Basic (ESP32 §3.2, ESP8266 §3.2)
      "sysram", "sysflash", "fs", "rfpower", "sleep", "deep-sleep", "uart-def",
      // Wi-Fi (ESP32 §4.2, ESP8266 §4.1)
      "cur-def", "cwlapopt", "dhcps", "autoconn", "smartconfig", "wps", "hostname", "mdns",
      "mac-set", "ip-set",
      // TCP/IP (ESP32 §5.2, ESP8266 §5.2)
      "dns", "domain", "ssl", "ssl-config", "server", "server-maxconn", "passthrough", "sendex",
      "send-buffer", "sntp", "ota", "ipdinfo", "ping", "cipsto",
      // BLE (ESP32 §6.2)
      "ble", "ble-gatts", "ble-gattc", "ble-spp", "ble-security"};
  return names;
}

const std::set<std::string, std::less<>>& known_limits() {
  static const std::set<std::string, std::less<>> names{
      "max_links",                // link IDs 0..max_links-1 in multi-connection mode
      "max_send",                 // largest AT+CIPSEND length
      "server_max_conn",          // AT+CIPSERVERMAXCONN maximum
      "softap_max_conn",          // AT+CWSAP <max conn> maximum
      "passthrough_packet",       // passthrough packetisation: bytes per packet
      "passthrough_interval_ms",  // passthrough packetisation: interval
      "send_buffer_size",         // ESP8266 AT+CIPSENDBUF buffer (bytes)
      "max_baud",                 // highest UART baud the firmware accepts
  };
  return names;
}

Profile load_profile(const std::string& path) {
  XmlFile f(path);
  auto root = f.root("profile");
  f.allow_attributes(root, {"name", "chip", "at_version"});
  f.allow_children(root, {"features", "limits", "gmr"});

  Profile p;
  p.source = path;
  p.name = f.required(root, "name");
  f.required(root, "chip");
  p.chip = static_cast<Chip>(f.choice(root, "chip", {"esp32", "esp8266"}, 0));
  p.at_version = root.attribute("at_version").value();

  if (auto features = root.child("features")) {
    f.allow_attributes(features, {});
    f.allow_children(features, {}, {"feature"});
    for (auto feature : features.children("feature")) {
      f.allow_attributes(feature, {"name"});
      f.allow_children(feature, {});
      std::string name = f.required(feature, "name");
      if (known_features().count(name) == 0) {
        f.fail(feature, "name",
               "unknown feature '" + name + "' (known features are listed in docs/configs.md)");
      }
      if (!p.features.insert(name).second) {
        f.fail(feature, "name", "feature '" + name + "' claimed twice");
      }
    }
  }

  if (auto limits = root.child("limits")) {
    f.allow_children(limits, {});
    for (auto a = limits.first_attribute(); a; a = a.next_attribute()) {
      if (known_limits().count(a.name()) == 0) {
        f.fail(limits, a.name(),
               std::string("unknown limit '") + a.name() +
                   "' (known limits are listed in docs/configs.md)");
      }
      if (p.limits.count(a.name()) != 0) {
        f.fail(limits, a.name(), std::string("limit '") + a.name() + "' given twice");
      }
      p.limits[a.name()] = f.number(limits, a.name(), 0, 1'000'000'000, 0);
    }
  }

  if (auto gmr = root.child("gmr")) {
    f.allow_attributes(gmr, {});
    f.allow_children(gmr, {}, {"line"});
    for (auto line : gmr.children("line")) {
      f.allow_attributes(line, {"pattern"});
      f.allow_children(line, {});
      std::string pattern = f.required(line, "pattern");
      try {
        std::regex check(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        f.fail(line, "pattern", "pattern \"" + pattern + "\" is not a valid regex: " + e.what());
      }
      p.gmr_patterns.push_back(pattern);
    }
  }
  return p;
}

Rig load_rig(const std::string& path) {
  XmlFile f(path);
  auto root = f.root("rig");
  f.allow_attributes(root, {"name"});
  f.allow_children(root, {"dut", "wifi", "net"});

  Rig rig;
  rig.source = path;
  rig.name = f.required(root, "name");

  if (auto n = root.child("wifi")) rig.wifi = load_wifi(f, n);
  if (auto n = root.child("net")) rig.net = load_net(f, n);

  auto dut = f.required_child(root, "dut");
  f.allow_attributes(dut, {"link", "profile", "reset"});
  f.allow_children(dut, {"serial", "timing", "alternate_bauds", "power_cycle"});

  rig.link_uri = f.required(dut, "link");
  LinkUri uri;
  try {
    uri = parse_link_uri(rig.link_uri);
  } catch (const LinkError& e) {
    f.fail(dut, "link", e.what());
  }
  rig.reset = static_cast<ResetMethod>(f.choice(dut, "reset", {"command", "lines"}, 0));

  if (auto n = dut.child("serial")) rig.serial = load_serial(f, n);
  if (auto n = dut.child("timing")) rig.timing = load_timing(f, n);
  if (auto n = dut.child("alternate_bauds")) rig.alternate_bauds = load_bauds(f, n);
  if (auto n = dut.child("power_cycle")) {
    f.allow_attributes(n, {"command"});
    f.allow_children(n, {});
    rig.power_cycle_command = f.required(n, "command");
  }

  // The profile path is relative to the rig file; its own mistakes name the profile file.
  fs::path profile = f.required(dut, "profile");
  if (profile.is_relative()) profile = fs::path(path).parent_path() / profile;
  std::error_code ec;
  if (!fs::is_regular_file(profile, ec)) {
    f.fail(dut, "profile", "profile file " + profile.lexically_normal().string() + " not found");
  }
  rig.profile = load_profile(profile.lexically_normal().string());

  if (uri.scheme == "sim" && uri.target != to_string(rig.profile.chip)) {
    f.fail(dut, "link",
           "link " + rig.link_uri + " simulates " + uri.target + " but profile " +
               rig.profile.name + " is for " + std::string(to_string(rig.profile.chip)));
  }
  return rig;
}

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
