// Rig and profile loading: every shipped config loads, and every kind of mistake is reported
// as a ConfigError naming the right file and line.
#include "harness/config/config_loader.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

namespace atc {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kConfigs = ATC_SOURCE_CONFIG_DIR;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "atc-config-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A valid profile to point rigs at.
const char* kProfile = R"(<profile name="p" chip="esp32" at_version="1.1.0.0">
  <features><feature name="fs"/></features>
  <limits max_links="5"/>
  <gmr><line pattern="^AT version:"/></gmr>
</profile>
)";

struct Expected {
  std::string file;
  std::size_t line;
  std::string says;
};

void expect_config_error(const std::function<void()>& load, const Expected& e) {
  try {
    load();
    ADD_FAILURE() << "no ConfigError; expected " << e.file << ":" << e.line << ": ..." << e.says;
  } catch (const ConfigError& err) {
    if (std::getenv("ATC_SHOW_ERRORS") != nullptr) std::cout << err.what() << "\n";
    EXPECT_EQ(err.file(), e.file) << err.what();
    EXPECT_EQ(err.line(), e.line) << err.what();
    EXPECT_NE(err.reason().find(e.says), std::string::npos) << err.what();
    std::string prefix = e.file + (e.line > 0 ? ":" + std::to_string(e.line) : "") + ": ";
    EXPECT_EQ(std::string(err.what()).rfind(prefix, 0), 0u) << err.what();
  }
}

// A rig file whose <dut> body is `body` (starting on line 3) and whose dut attributes are
// `dut_attrs`; the profile sits beside it as p.xml.
std::string rig_with(const TempDir& dir, const std::string& dut_attrs, const std::string& body) {
  dir.write("p.xml", kProfile);
  return dir.write("rig.xml",
                   "<rig name=\"r\">\n"                             // 1
                   "  <dut link=\"sim:esp32\" profile=\"p.xml\"" +  // 2
                       dut_attrs +
                       ">\n" + body +  // 3..
                       "  </dut>\n"
                       "</rig>\n");
}

TEST(ShippedConfigs, AllLoad) {
  int rigs = 0, profiles = 0;
  for (const auto& e : fs::directory_iterator(kConfigs / "rigs")) {
    SCOPED_TRACE(e.path().string());
    Rig rig = load_rig(e.path().string());
    EXPECT_FALSE(rig.name.empty());
    EXPECT_EQ(rig.name, e.path().stem().string()) << "a rig's name should be its file name";
    ++rigs;
  }
  for (const auto& e : fs::directory_iterator(kConfigs / "profiles")) {
    SCOPED_TRACE(e.path().string());
    Profile p = load_profile(e.path().string());
    EXPECT_EQ(p.name, e.path().stem().string()) << "a profile's name should be its file name";
    EXPECT_EQ(p.gmr_patterns.size(), 3u);
    ++profiles;
  }
  EXPECT_GE(rigs, 4);
  EXPECT_GE(profiles, 4);
}

TEST(ShippedConfigs, SimEsp32IsWhatTheSimulatorOffers) {
  Rig rig = load_rig((kConfigs / "rigs" / "sim-esp32.xml").string());
  EXPECT_EQ(rig.main().link_uri, "sim:esp32");
  EXPECT_EQ(rig.main().reset, ResetMethod::lines);
  EXPECT_EQ(rig.main().serial, SerialSettings{});
  EXPECT_EQ(rig.main().timing.command, 2000ms);
  EXPECT_EQ(rig.main().timing.boot, 5000ms);
  EXPECT_EQ(rig.main().alternate_bauds, (std::vector<int>{57600, 230400}));
  // The simulator's switchable supply (atsim --power-switch, set by SimLink).
  EXPECT_EQ(rig.main().power_cycle_command, "echo cycle > \"$ATC_SIM_POWER_SWITCH\"");
  EXPECT_EQ(rig.main().profile.name, "sim-esp32");
  EXPECT_EQ(rig.main().profile.chip, Chip::esp32);
  EXPECT_EQ(rig.main().profile.features,
            (std::set<std::string>{
                "sysflash", "fs",          "rfpower", "sysram",         "cwlapopt",  "dhcps",
                "autoconn", "smartconfig", "wps",     "hostname",       "mdns",      "mac-set",
                "ip-set",   "passthrough", "server",  "server-maxconn", "cipsto",    "ipdinfo",
                "sendex",   "dns",         "domain",  "sntp",           "ota",       "ping",
                "ssl",      "ssl-config",  "ble",     "ble-gattc",      "ble-gatts", "ble-security",
                "ble-spp"}));
  ASSERT_TRUE(rig.net);
  // Parallel runs each claim a free low-port slot (harness/port_slot.hpp).
  EXPECT_TRUE(rig.net->low_port_offset_auto);
  EXPECT_EQ(rig.net->pki_dir, "") << "atconform generates the simulator's PKI per run";
  EXPECT_EQ(rig.main().profile.gmr_patterns,
            (std::vector<std::string>{"^AT version:", "^SDK version:", "^compile time"}));
  EXPECT_EQ(rig.main().profile.limit("max_send", 0), 2048);
  EXPECT_TRUE(fs::equivalent(rig.main().profile.source, kConfigs / "profiles" / "sim-esp32.xml"));
}

TEST(ShippedConfigs, BoardRigs) {
  Rig usb = load_rig((kConfigs / "rigs" / "board-esp32-usb.xml").string());
  EXPECT_EQ(usb.main().link_uri, "serial:/dev/ttyUSB0");
  EXPECT_EQ(usb.main().reset, ResetMethod::lines);
  EXPECT_EQ(usb.main().profile.name, "esp32-at-1.1");
  Rig ser2net = load_rig((kConfigs / "rigs" / "board-esp8266-ser2net.xml").string());
  EXPECT_EQ(ser2net.main().link_uri, "tcp://lab-host:7000");
  EXPECT_TRUE(ser2net.main().alternate_bauds.empty());
  EXPECT_EQ(ser2net.main().profile.chip, Chip::esp8266);
  EXPECT_TRUE(ser2net.main().profile.claims("send-buffer"));
}

TEST(ConfigDir, EnvironmentWinsThenDefaultSimRigLoads) {
  ::setenv("ATC_CONFIG_DIR", kConfigs.c_str(), 1);
  EXPECT_EQ(config_dir(), kConfigs.string());
  EXPECT_EQ(default_sim_rig("esp32").name, "sim-esp32");
  EXPECT_EQ(default_sim_rig("esp8266").main().profile.chip, Chip::esp8266);
  expect_config_error([] { default_sim_rig("esp99"); }, {"default_sim_rig", 0, "esp99"});
  ::unsetenv("ATC_CONFIG_DIR");
}

TEST(ConfigDir, FoundBesideTheExecutableOrNamesWhereItLooked) {
  ::unsetenv("ATC_CONFIG_DIR");
  try {
    std::string dir = config_dir();
    EXPECT_TRUE(fs::is_directory(fs::path(dir) / "rigs")) << dir;
  } catch (const ConfigError& e) {
    // A build tree outside the source tree: the message must say where it looked.
    EXPECT_NE(std::string(e.what()).find("ATC_CONFIG_DIR"), std::string::npos) << e.what();
  }
}

TEST(RigErrors, MissingFile) {
  TempDir dir;
  std::string path = (dir.path() / "nope.xml").string();
  expect_config_error([&] { load_rig(path); }, {path, 0, "cannot read"});
}

TEST(RigErrors, NotWellFormed) {
  TempDir dir;
  std::string path = dir.write("rig.xml",
                               "<rig name=\"r\">\n"
                               "  <dut link=\"sim:esp32\" profile=\"p.xml\">\n"
                               "    <serial baud=\"115200\">\n"
                               "  </dut>\n"
                               "</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "not well-formed XML"});
}

TEST(RigErrors, WrongRoot) {
  TempDir dir;
  std::string path = dir.write("rig.xml", "<?xml version=\"1.0\"?>\n\n<profile name=\"x\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "expected <rig>"});
}

TEST(RigErrors, MissingRequiredAttribute) {
  TempDir dir;
  std::string path =
      dir.write("rig.xml", "<!-- c -->\n<rig>\n  <dut link=\"sim:esp32\"/>\n</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 2, "needs the attribute 'name'"});
  path = dir.write("rig2.xml", "<rig name=\"r\">\n\n  <dut link=\"sim:esp32\"/>\n</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "needs the attribute 'profile'"});
}

TEST(RigErrors, MissingDut) {
  TempDir dir;
  std::string path = dir.write("rig.xml", "\n<rig name=\"r\">\n</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 2, "needs a <dut> element"});
}

TEST(RigErrors, UnknownElement) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <serial/>\n    <serail baud=\"9600\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "unknown element <serail> in <dut>"});
}

TEST(RigErrors, UnknownAttributeOnItsOwnLine) {
  TempDir dir;
  std::string path =
      rig_with(dir, "", "    <timing command_ms=\"100\"\n            boot=\"5\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "unknown attribute 'boot' on <timing>"});
}

TEST(RigErrors, NonNumeric) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <serial baud=\"115k\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "baud=\"115k\" is not a whole number"});
  path = rig_with(dir, "", "    <serial\n      data_bits=\"\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "is not a whole number"});
}

TEST(RigErrors, OutOfRange) {
  TempDir dir;
  std::string path = rig_with(dir, "", "\n    <serial data_bits=\"9\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "data_bits=\"9\" is out of range 5..8"});
  path = rig_with(dir, "", "    <timing boot_ms=\"-1\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "out of range"});
  path = rig_with(dir, "", "    <serial baud=\"99999999999999999999999\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "out of range"});
}

TEST(RigErrors, UnknownEnumValue) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <serial parity=\"mark\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "parity=\"mark\" is not one of"});
  path = rig_with(dir, "\n       reset=\"button\"", "");
  expect_config_error([&] { load_rig(path); }, {path, 3, "reset=\"button\""});
}

TEST(RigErrors, DuplicateElement) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <serial/>\n    <timing/>\n    <serial/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 5, "<serial> given twice"});
}

TEST(RigErrors, UnexpectedText) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <serial/>\n    oops\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "unexpected text in <dut>"});
}

TEST(RigErrors, BadAlternateBaud) {
  TempDir dir;
  std::string path =
      rig_with(dir, "", "    <alternate_bauds>\n      57600\n      fast\n    </alternate_bauds>\n");
  expect_config_error([&] { load_rig(path); }, {path, 5, "\"fast\" is not a whole number"});
}

TEST(RigErrors, BadLinkUri) {
  TempDir dir;
  dir.write("p.xml", kProfile);
  std::string path = dir.write("rig.xml",
                               "<rig name=\"r\">\n"
                               "  <dut profile=\"p.xml\"\n"
                               "       link=\"tcp:lab-host\"/>\n"
                               "</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "tcp:lab-host"});
}

TEST(RigErrors, SimulatedChipDisagreesWithProfile) {
  TempDir dir;
  dir.write("p.xml", kProfile);
  std::string path = dir.write("rig.xml",
                               "<rig name=\"r\">\n"
                               "  <dut link=\"sim:esp8266\" profile=\"p.xml\"/>\n"
                               "</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 2, "is for esp32"});
}

TEST(RigErrors, PowerCycleNeedsACommand) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <power_cycle command=\"\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "must not be empty"});
}

TEST(RigErrors, MissingProfileFileNamesTheRig) {
  TempDir dir;
  std::string path = dir.write("rigs/rig.xml",
                               "<rig name=\"r\">\n"
                               "  <dut link=\"sim:esp32\"\n"
                               "       profile=\"../profiles/missing.xml\"/>\n"
                               "</rig>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "profiles/missing.xml not found"});
}

TEST(RigErrors, ProfileMistakeNamesTheProfile) {
  TempDir dir;
  std::string profile = dir.write("profiles/p.xml",
                                  "<profile name=\"p\" chip=\"esp32\">\n"
                                  "  <limits max_links=\"five\"/>\n"
                                  "</profile>\n");
  std::string rig = dir.write("rigs/rig.xml",
                              "<rig name=\"r\">\n"
                              "  <dut link=\"sim:esp32\" profile=\"../profiles/p.xml\"/>\n"
                              "</rig>\n");
  expect_config_error([&] { load_rig(rig); },
                      {(fs::path(profile)).lexically_normal().string(), 2, "not a whole number"});
}

TEST(RigErrors, DuplicateAttribute) {
  TempDir dir;
  std::string path = rig_with(dir, "", "    <serial baud=\"9600\"\n            baud=\"19200\"/>\n");
  try {
    load_rig(path);
    ADD_FAILURE() << "duplicate attribute accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_TRUE(e.line() == 3 || e.line() == 4) << e.what();
  }
}

TEST(ProfileLoads, AllFields) {
  TempDir dir;
  std::string path = dir.write("p.xml", kProfile);
  Profile p = load_profile(path);
  EXPECT_EQ(p.name, "p");
  EXPECT_EQ(p.source, path);
  EXPECT_EQ(p.at_version, "1.1.0.0");
  EXPECT_TRUE(p.claims("fs"));
  EXPECT_FALSE(p.claims("ble"));
  EXPECT_EQ(p.limit("max_links", 0), 5);
  EXPECT_EQ(p.gmr_patterns, std::vector<std::string>{"^AT version:"});
}

TEST(ProfileErrors, UnknownChip) {
  TempDir dir;
  std::string path = dir.write("p.xml", "<profile name=\"p\"\n  chip=\"esp32c3\"/>\n");
  expect_config_error([&] { load_profile(path); }, {path, 2, "chip=\"esp32c3\" is not one of"});
}

TEST(ProfileErrors, MissingChip) {
  TempDir dir;
  std::string path = dir.write("p.xml", "\n<profile name=\"p\"/>\n");
  expect_config_error([&] { load_profile(path); }, {path, 2, "needs the attribute 'chip'"});
}

TEST(ProfileErrors, UnknownFeature) {
  TempDir dir;
  std::string path = dir.write("p.xml",
                               "<profile name=\"p\" chip=\"esp32\">\n"
                               "  <features>\n"
                               "    <feature name=\"fs\"/>\n"
                               "    <feature name=\"sysfash\"/>\n"
                               "  </features>\n"
                               "</profile>\n");
  expect_config_error([&] { load_profile(path); }, {path, 4, "unknown feature 'sysfash'"});
}

TEST(ProfileErrors, FeatureTwice) {
  TempDir dir;
  std::string path = dir.write("p.xml",
                               "<profile name=\"p\" chip=\"esp32\">\n"
                               "  <features>\n"
                               "    <feature name=\"fs\"/>\n"
                               "    <feature name=\"fs\"/>\n"
                               "  </features>\n"
                               "</profile>\n");
  expect_config_error([&] { load_profile(path); }, {path, 4, "claimed twice"});
}

TEST(ProfileErrors, UnknownLimit) {
  TempDir dir;
  std::string path = dir.write("p.xml",
                               "<profile name=\"p\" chip=\"esp32\">\n"
                               "  <limits max_links=\"5\"\n"
                               "          max_lnks=\"4\"/>\n"
                               "</profile>\n");
  expect_config_error([&] { load_profile(path); }, {path, 3, "unknown limit 'max_lnks'"});
}

TEST(ProfileErrors, BadRegex) {
  TempDir dir;
  std::string path = dir.write("p.xml",
                               "<profile name=\"p\" chip=\"esp32\">\n"
                               "  <gmr>\n"
                               "    <line pattern=\"^AT version:\"/>\n"
                               "    <line pattern=\"^SDK (version:\"/>\n"
                               "  </gmr>\n"
                               "</profile>\n");
  expect_config_error([&] { load_profile(path); }, {path, 4, "is not a valid regex"});
}

TEST(ProfileErrors, UnknownElementInFeatures) {
  TempDir dir;
  std::string path = dir.write("p.xml",
                               "<profile name=\"p\" chip=\"esp32\">\n"
                               "  <features>\n"
                               "    <feture name=\"fs\"/>\n"
                               "  </features>\n"
                               "</profile>\n");
  expect_config_error([&] { load_profile(path); }, {path, 3, "unknown element <feture>"});
}

TEST(ProfileErrors, SecondRootElement) {
  TempDir dir;
  std::string path = dir.write("p.xml", "<profile name=\"p\" chip=\"esp32\"/>\n<profile/>\n");
  try {
    load_profile(path);
    ADD_FAILURE() << "two roots accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 2u) << e.what();
  }
}

// ---- <wifi>: the Wi-Fi PIXIT -------------------------------------------------------------

// A rig whose <wifi> element is `wifi` (starting on line 3, after a one-line <dut>).
std::string rig_with_wifi(const TempDir& dir, const std::string& wifi) {
  dir.write("p.xml", kProfile);
  return dir.write("rig.xml",
                   "<rig name=\"r\">\n"                                 // 1
                   "  <dut link=\"sim:esp32\" profile=\"p.xml\"/>\n" +  // 2
                       wifi +
                       "</rig>\n");  // 3..
}

const char* kWifiOk =
    "  <wifi ap_ssid=\"a\" ap_password=\"pw-123456\" wrong_password=\"x\"\n"
    "        absent_ssid=\"nope\" softap_peer=\"world\"/>\n";

TEST(WifiPixit, LoadsEveryAttribute) {
  TempDir dir;
  Rig rig = load_rig(rig_with_wifi(dir, kWifiOk));
  ASSERT_TRUE(rig.wifi);
  EXPECT_EQ(rig.wifi->ap_ssid, "a");
  EXPECT_EQ(rig.wifi->ap_password, "pw-123456");
  EXPECT_EQ(rig.wifi->wrong_password, "x");
  EXPECT_EQ(rig.wifi->absent_ssid, "nope");
  EXPECT_EQ(rig.wifi->softap_peer, "world");
}

TEST(WifiPixit, AbsentMeansNoAp) {
  TempDir dir;
  EXPECT_FALSE(load_rig(rig_with_wifi(dir, "")).wifi);
}

TEST(WifiPixit, OpenApAndNoSoftapPeerAndSupplicant) {
  TempDir dir;
  Rig open = load_rig(rig_with_wifi(
      dir, "  <wifi ap_ssid=\"a\" ap_password=\"\" wrong_password=\"x\" absent_ssid=\"b\"/>\n"));
  ASSERT_TRUE(open.wifi);
  EXPECT_EQ(open.wifi->ap_password, "");
  EXPECT_EQ(open.wifi->softap_peer, "");
  Rig sup = load_rig(rig_with_wifi(dir,
                                   "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\" "
                                   "absent_ssid=\"b\" softap_peer=\"wpa_supplicant:wlan1\"/>\n"));
  EXPECT_EQ(sup.wifi->softap_peer, "wpa_supplicant:wlan1");
}

TEST(WifiPixit, ShippedRigsNameTheirWorld) {
  for (const char* sim : {"sim-esp32.xml", "sim-esp8266.xml"}) {
    SCOPED_TRACE(sim);
    Rig rig = load_rig((kConfigs / "rigs" / sim).string());
    ASSERT_TRUE(rig.wifi);
    // The simulator's default world (docs/contracts/wifi.md).
    EXPECT_EQ(rig.wifi->ap_ssid, "atconform-ap");
    EXPECT_EQ(rig.wifi->ap_password, "conform-pass-1");
    EXPECT_EQ(rig.wifi->softap_peer, "world");
    EXPECT_NE(rig.wifi->wrong_password, rig.wifi->ap_password);
    EXPECT_EQ(rig.wifi->aps_in_range, 5) << "the default world has five APs";
  }
  for (const char* board : {"board-esp32-usb.xml", "board-esp8266-ser2net.xml"}) {
    SCOPED_TRACE(board);
    Rig rig = load_rig((kConfigs / "rigs" / board).string());
    ASSERT_TRUE(rig.wifi);
    EXPECT_EQ(rig.wifi->softap_peer, "") << "no station is wired to join a board's SoftAP";
  }
}

TEST(WifiPixit, ApsInRangeIsOptionalAndChecked) {
  TempDir dir;
  EXPECT_EQ(load_rig(rig_with_wifi(dir, kWifiOk)).wifi->aps_in_range, 0) << "not said: unknown";
  Rig two = load_rig(rig_with_wifi(dir,
                                   "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\" "
                                   "absent_ssid=\"b\" aps_in_range=\"2\"/>\n"));
  EXPECT_EQ(two.wifi->aps_in_range, 2);
  std::string path = rig_with_wifi(dir,
                                   "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\"\n"
                                   "        absent_ssid=\"b\" aps_in_range=\"many\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "aps_in_range"});
}

TEST(WifiPixitErrors, MissingRequiredAttribute) {
  TempDir dir;
  std::string path =
      rig_with_wifi(dir, "  <wifi ap_ssid=\"a\" ap_password=\"p\"\n        absent_ssid=\"b\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "needs the attribute 'wrong_password'"});
}

TEST(WifiPixitErrors, UnknownAttributeOnItsOwnLine) {
  TempDir dir;
  std::string path = rig_with_wifi(dir,
                                   "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\"\n"
                                   "        absent_ssid=\"b\"\n"
                                   "        ap_pasword=\"q\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 5, "unknown attribute 'ap_pasword'"});
}

TEST(WifiPixitErrors, BadSoftapPeer) {
  TempDir dir;
  std::string path = rig_with_wifi(dir,
                                   "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\"\n"
                                   "        absent_ssid=\"b\" softap_peer=\"wpa_supplicant:\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "softap_peer=\"wpa_supplicant:\" is not"});
  path = rig_with_wifi(dir,
                       "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\"\n"
                       "        absent_ssid=\"b\" softap_peer=\"wrold\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "softap_peer=\"wrold\" is not"});
}

TEST(WifiPixitErrors, EmptyOrTooLongSsid) {
  TempDir dir;
  std::string path = rig_with_wifi(
      dir, "  <wifi ap_ssid=\"\" ap_password=\"p\" wrong_password=\"x\" absent_ssid=\"b\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "ap_ssid=\"\" must not be empty"});
  path = rig_with_wifi(dir, "  <wifi ap_ssid=\"" + std::string(33, 's') +
                                "\" ap_password=\"p\" wrong_password=\"x\" absent_ssid=\"b\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "33 bytes; at most 32"});
}

TEST(WifiPixitErrors, WrongPasswordIsTheRightOne) {
  TempDir dir;
  std::string path = rig_with_wifi(
      dir, "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"p\" absent_ssid=\"b\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "wrong_password is the AP's password"});
  path = rig_with_wifi(
      dir, "  <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\" absent_ssid=\"a\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "absent_ssid is the AP's SSID"});
}

TEST(WifiPixitErrors, GivenTwiceOrInsideDut) {
  TempDir dir;
  std::string path = rig_with_wifi(dir, std::string(kWifiOk) + kWifiOk);
  expect_config_error([&] { load_rig(path); }, {path, 5, "<wifi> given twice in <rig>"});
  path = rig_with(dir, "",
                  "    <wifi ap_ssid=\"a\" ap_password=\"p\" wrong_password=\"x\" "
                  "absent_ssid=\"b\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "unknown element <wifi> in <dut>"});
}

}  // namespace
}  // namespace atc

namespace atc {
namespace {

std::string rig_with_net(const TempDir& dir, const std::string& net) {
  dir.write("p.xml", kProfile);
  return dir.write("rig.xml",
                   "<rig name=\"r\">\n"                                 // 1
                   "  <dut link=\"sim:esp32\" profile=\"p.xml\"/>\n" +  // 2
                       net +
                       "</rig>\n");
}

TEST(NetPixit, PkiDirIsRelativeToTheRigFile) {
  TempDir dir;
  for (const char* f :
       {"ca-cert.pem", "server-cert.pem", "server-key.pem", "client-cert.pem", "client-key.pem"})
    dir.write(std::string("pki/") + f, "x");
  Rig rig = load_rig(rig_with_net(dir, "  <net pki_dir=\"pki\"/>\n"));
  ASSERT_TRUE(rig.net);
  EXPECT_TRUE(fs::equivalent(rig.net->pki_dir, dir.path() / "pki"));
}

TEST(NetPixitErrors, PkiDirWithoutItsFilesNamesTheMissingOne) {
  TempDir dir;
  dir.write("pki/ca-cert.pem", "x");
  std::string path = rig_with_net(dir, "  <net pki_dir=\"pki\"/>\n");
  expect_config_error([&] { load_rig(path); }, {path, 3, "has no server-cert.pem"});
}

TEST(NetPixit, OtaNamesTheServerAndTheImagesRelativeToTheRigFile) {
  TempDir dir;
  dir.write("ota/new.bin", "new");
  dir.write("ota/old.bin", "old");
  Rig rig = load_rig(rig_with_net(
      dir,
      "  <net>\n"
      "    <ota host=\"127.0.0.1\" port=\"8080\" path=\"/fw.bin\" image=\"ota/new.bin\"\n"
      "         version=\"2.0\" restore_image=\"ota/old.bin\"/>\n"
      "  </net>\n"));
  ASSERT_TRUE(rig.net && rig.net->ota);
  const OtaPixit& o = *rig.net->ota;
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 8080);
  EXPECT_EQ(o.path, "/fw.bin");
  EXPECT_EQ(o.version, "2.0");
  EXPECT_TRUE(fs::equivalent(o.image, dir.path() / "ota/new.bin"));
  EXPECT_TRUE(fs::equivalent(o.restore_image, dir.path() / "ota/old.bin"));
  // The rig's own server: the host alone.
  Rig own = load_rig(rig_with_net(dir, "  <net><ota host=\"10.0.0.9\"/></net>\n"));
  ASSERT_TRUE(own.net && own.net->ota);
  EXPECT_EQ(own.net->ota->port, 80);
  EXPECT_TRUE(own.net->ota->image.empty());
}

TEST(NetPixitErrors, OtaMistakesNameTheirAttribute) {
  TempDir dir;
  std::string path = rig_with_net(dir, "  <net>\n    <ota host=\"ota.example\"/>\n  </net>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "is not a dotted IPv4 address"});
  path = rig_with_net(dir, "  <net>\n    <ota host=\"127.0.0.1\" image=\"none.bin\"/>\n  </net>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "not found"});
  dir.write("fw.bin", "x");
  path = rig_with_net(dir, "  <net>\n    <ota host=\"127.0.0.1\" image=\"fw.bin\"/>\n  </net>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "needs path="});
  path = rig_with_net(dir, "  <net>\n    <ota host=\"127.0.0.1\" version=\"2\"/>\n  </net>\n");
  expect_config_error([&] { load_rig(path); }, {path, 4, "describe the image it serves"});
}

}  // namespace
}  // namespace atc
