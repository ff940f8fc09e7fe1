// Rigs (PIXIT): where things are (docs/configs.md, "Rig"). A rig has one or more <dut role=...>
// (a <dut> without a role is role `dut`), and the world around them: <wifi>, <net>, <ble>.
#include <cctype>
#include <filesystem>
#include <regex>
#include <string_view>

#include "harness/config/config_loader.hpp"
#include "harness/config/xml_file.hpp"
#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"

namespace atc {
namespace {

namespace fs = std::filesystem;

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
  f.allow_attributes(n, {"ap_ssid", "ap_password", "wrong_password", "absent_ssid", "softap_peer",
                         "aps_in_range"});
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
  // The rig's AP itself is one of them; 0 (or absent): not known.
  w.aps_in_range = static_cast<int>(f.number(n, "aps_in_range", 0, 255, 0));
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

// <ota> inside <net>: the server AT+CIUPDATE downloads from (OtaPixit).
OtaPixit load_ota(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {"host", "port", "path", "image", "version", "restore_image"});
  f.allow_children(n, {});
  OtaPixit o;
  o.host = f.required(n, "host");
  static const std::regex ipv4(
      R"(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))");
  if (!std::regex_match(o.host, ipv4))
    f.fail(n, "host", tag(n) + " host=\"" + o.host + "\" is not a dotted IPv4 address");
  o.port = static_cast<int>(f.number(n, "port", 1, 65535, o.port));
  auto file = [&](const char* attr) -> std::string {
    auto a = n.attribute(attr);
    if (!a) return {};
    fs::path p = a.value();
    if (p.is_relative()) p = fs::path(f.path()).parent_path() / p;
    if (!fs::is_regular_file(p))
      f.fail(n, attr,
             tag(n) + " " + attr + " file " + p.lexically_normal().string() + " not found");
    return p.lexically_normal().string();
  };
  o.image = file("image");
  o.restore_image = file("restore_image");
  o.version = n.attribute("version").value();
  o.path = n.attribute("path").value();
  if (!o.image.empty() && o.path.rfind('/', 0) != 0)
    f.fail(n, "path", tag(n) + " with an image needs path=\"/...\" (the request the DUT makes)");
  if (o.image.empty() && (!o.restore_image.empty() || !o.version.empty() || !o.path.empty()))
    f.fail(n, "image", tag(n) + " path, version and restore_image describe the image it serves");
  return o;
}

// <net>: where the peer fixtures are and the passthrough timing tolerances (NetPixit).
NetPixit load_net(const XmlFile& f, pugi::xml_node n) {
  f.allow_attributes(n, {"host", "host2", "low_port_offset", "tcp_port", "udp_port", "interval_ms",
                         "interval_tolerance_ms", "guard_ms", "latency_limit_ms",
                         "min_throughput_Bps", "pki_dir"});
  f.allow_children(n, {"ota"});
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
  if (std::string_view(n.attribute("low_port_offset").value()) == "auto")
    net.low_port_offset_auto = true;  // the run claims a slot (harness/port_slot.hpp)
  else
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
  if (auto o = n.child("ota")) net.ota = load_ota(f, o);
  return net;
}

// <ble>: the host adapter that plays the DUT's BLE peer, and its bus (BlePixit).
BlePixit load_ble(const XmlFile& f, pugi::xml_node n, const std::string& rig_path) {
  f.allow_attributes(
      n, {"adapter", "bus", "scan_timeout_ms", "connect_timeout_ms", "observer", "world"});
  f.allow_children(n, {});
  BlePixit b;
  // BlueZ names adapters hci<N>; the object path /org/bluez/<adapter> allows [A-Za-z0-9_].
  static const std::regex adapter(R"([A-Za-z0-9_]{1,32})");
  auto name = [&](const char* attr, const std::string& fallback) {
    auto a = n.attribute(attr);
    if (!a) return fallback;
    const std::string v = a.value();
    if (!std::regex_match(v, adapter))
      f.fail(n, attr, tag(n) + " " + attr + "=\"" + v + "\" is not an adapter name (hci0)");
    return v;
  };
  b.adapter = name("adapter", b.adapter);
  b.observer = name("observer", "");
  if (!b.observer.empty() && b.observer == b.adapter)
    f.fail(n, "observer", tag(n) + " observer is the peer's own adapter");
  if (auto a = n.attribute("bus")) {
    const std::string v = a.value();
    // A D-Bus address is transport:key=value,... (unix:path=..., tcp:host=...).
    const bool address = v.find(':') != std::string::npos && v.find('=') != std::string::npos;
    if (v != "system" && v != "sim" && !address)
      f.fail(n, "bus", tag(n) + " bus=\"" + v + "\" is not \"system\", \"sim\" or a D-Bus address");
    b.bus = v;
  }
  b.scan_timeout_ms =
      static_cast<int>(f.number(n, "scan_timeout_ms", 100, kMaxMillis, b.scan_timeout_ms));
  b.connect_timeout_ms =
      static_cast<int>(f.number(n, "connect_timeout_ms", 100, kMaxMillis, b.connect_timeout_ms));
  if (auto a = n.attribute("world")) {
    if (!b.simulated()) f.fail(n, "world", tag(n) + " world is for bus=\"sim\" only");
    fs::path w = a.value();
    if (w.is_relative()) w = fs::path(rig_path).parent_path() / w;
    if (!fs::is_regular_file(w))
      f.fail(n, "world", tag(n) + " world file " + w.string() + " not found");
    b.world = w.lexically_normal().string();
  }
  return b;
}

// <sim>: what makes one simulated board unlike another (a rig of several simulated DUTs).
SimSettings load_sim(const XmlFile& f, pugi::xml_node n, const std::string& rig_path) {
  f.allow_attributes(n, {"station_host", "softap_ip", "base_mac", "world"});
  f.allow_children(n, {});
  SimSettings s;
  if (n.attribute("station_host"))
    s.station_host = static_cast<int>(f.number(n, "station_host", 2, 254, 2));
  if (auto a = n.attribute("softap_ip")) {
    static const std::regex loopback(R"(127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})");
    if (!std::regex_match(std::string(a.value()), loopback))
      f.fail(n, "softap_ip",
             tag(n) + " softap_ip=\"" + a.value() + "\" is not a 127.x.y.z address");
    s.softap_ip = a.value();
  }
  if (auto a = n.attribute("base_mac")) {
    static const std::regex mac(R"([0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5})");
    const std::string v = a.value();
    if (!std::regex_match(v, mac) || (std::stoi(v.substr(0, 2), nullptr, 16) & 1))
      f.fail(n, "base_mac", tag(n) + " base_mac=\"" + v + "\" is not a unicast MAC");
    s.base_mac = v;
  }
  if (auto a = n.attribute("world")) {
    fs::path w = a.value();
    if (w.is_relative()) w = fs::path(rig_path).parent_path() / w;
    if (!fs::is_regular_file(w))
      f.fail(n, "world", tag(n) + " world file " + w.string() + " not found");
    s.world = w.lexically_normal().string();
  }
  return s;
}

// A role names a board in test code and reports: lower-case letters, digits, '-' and '_'.
bool valid_role(const std::string& r) {
  if (r.empty() || r.size() > 32) return false;
  for (char c : r)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      return false;
  return true;
}

DutConfig load_dut(const XmlFile& f, pugi::xml_node dut, const std::string& rig_path) {
  f.allow_attributes(dut, {"role", "link", "profile", "reset"});
  f.allow_children(dut, {"serial", "timing", "alternate_bauds", "power_cycle", "sim"});
  DutConfig d;
  if (auto a = dut.attribute("role")) {
    d.role = a.value();
    if (!valid_role(d.role))
      f.fail(dut, "role",
             tag(dut) + " role=\"" + d.role +
                 "\" is not a role name (lower-case letters, digits, '-', '_'; at most 32)");
  }
  d.link_uri = f.required(dut, "link");
  LinkUri uri;
  try {
    uri = parse_link_uri(d.link_uri);
    check_link_uri(uri);
  } catch (const LinkError& e) {
    f.fail(dut, "link", e.what());
  }
  d.reset = static_cast<ResetMethod>(f.choice(dut, "reset", {"command", "lines"}, 0));

  if (auto n = dut.child("serial")) d.serial = load_serial(f, n);
  if (auto n = dut.child("timing")) d.timing = load_timing(f, n);
  if (auto n = dut.child("alternate_bauds")) d.alternate_bauds = load_bauds(f, n);
  if (auto n = dut.child("power_cycle")) {
    f.allow_attributes(n, {"command"});
    f.allow_children(n, {});
    d.power_cycle_command = f.required(n, "command");
  }

  if (auto n = dut.child("sim")) {
    if (uri.scheme != "sim") f.fail(n, "<sim> is for a simulated DUT (a sim: link) only");
    d.sim = load_sim(f, n, rig_path);
  }

  // The profile path is relative to the rig file; its own mistakes name the profile file.
  fs::path profile = f.required(dut, "profile");
  if (profile.is_relative()) profile = fs::path(rig_path).parent_path() / profile;
  std::error_code ec;
  if (!fs::is_regular_file(profile, ec)) {
    f.fail(dut, "profile", "profile file " + profile.lexically_normal().string() + " not found");
  }
  d.profile = load_profile(profile.lexically_normal().string());

  if (uri.scheme == "sim" && uri.target != to_string(d.profile.chip)) {
    f.fail(dut, "link",
           "link " + d.link_uri + " simulates " + uri.target + " but profile " + d.profile.name +
               " is for " + std::string(to_string(d.profile.chip)));
  }
  return d;
}

}  // namespace

Rig load_rig(const std::string& path) {
  XmlFile f(path);
  auto root = f.root("rig");
  f.allow_attributes(root, {"name"});
  f.allow_children(root, {"wifi", "net", "ble"}, {"dut"});

  Rig rig;
  rig.source = path;
  rig.name = f.required(root, "name");

  if (auto n = root.child("wifi")) rig.wifi = load_wifi(f, n);
  if (auto n = root.child("net")) rig.net = load_net(f, n);
  if (auto n = root.child("ble")) rig.ble = load_ble(f, n, path);

  f.required_child(root, "dut");
  for (auto dut : root.children("dut")) {
    DutConfig d = load_dut(f, dut, path);
    if (rig.dut(d.role)) f.fail(dut, "role", "two <dut> elements have the role '" + d.role + "'");
    rig.duts.push_back(std::move(d));
  }
  if (!rig.dut(kMainRole))
    f.fail(root,
           "no <dut> has the role 'dut' (a <dut> without a role is role 'dut'): the "
           "chapter suites drive that one");
  return rig;
}

}  // namespace atc
