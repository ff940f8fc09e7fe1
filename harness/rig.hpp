#pragma once
// PIXIT: where things are on one rig. One file per rig; nothing in it says what the firmware
// can do (that is each DUT's profile's job). A rig has one or more DUTs, each named by its role:
// the chapter suites drive role `dut`; tests that need more boards (the two-board examples)
// name the other roles they need and skip with a PIXIT reason on a rig that lacks them.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/dut.hpp"
#include "harness/link/serial_settings.hpp"
#include "harness/link/sim_settings.hpp"
#include "harness/profile.hpp"

namespace atc {

enum class ResetMethod { command, lines };  // AT+RST, or RTS->EN / DTR->IO0

inline constexpr std::string_view kMainRole = "dut";

// One board of the rig (<dut role="...">).
struct DutConfig {
  std::string role{kMainRole};
  std::string link_uri;   // "sim:esp32", "serial:/dev/ttyUSB0?baud=115200", "tcp://h:p", ...
  SerialSettings serial;  // what the DUT's UART runs at when the suite starts
  ResetMethod reset = ResetMethod::command;
  std::optional<std::string> power_cycle_command;  // a shell command that power-cycles the DUT
  DutTiming timing;
  Profile profile;
  // Bauds the UART tests may switch to (the rig's adapter must support them).
  std::vector<int> alternate_bauds{57600, 230400};
  // A simulated DUT only (a `sim:` link): what the run hands atsim (app/ fills it in).
  SimSettings sim;
};

// The Wi-Fi world around the DUT: the AP it may join and who can join its SoftAP.
struct WifiPixit {
  std::string ap_ssid, ap_password;  // an AP in range that hands out addresses (DHCP)
  std::string wrong_password;        // not the AP's password
  std::string absent_ssid;           // an SSID no AP in range uses
  // Who joins the DUT's SoftAP: "" nobody, "world" (the simulator's scripted stations),
  // "wpa_supplicant:<ifname>" (a host interface).
  std::string softap_peer;
  // How many APs the DUT can see (<wifi aps_in_range>): a scan must list at least this many.
  // 0: the rig does not say (tests that need two APs skip).
  int aps_in_range = 0;
};

// The OTA server AT+CIUPDATE downloads from (<net><ota>). Either the rig's own server (only
// host and port: the suite checks the update's steps and that the DUT comes back), or one the
// suite serves with its HTTP fixture on this host: the image at `path` (the request the DUT's
// firmware makes), the `AT version:` text the image carries (checked after the update when
// given) and an image that puts the DUT's own firmware back at teardown.
struct OtaPixit {
  std::string host;                  // dotted IPv4 the DUT's firmware downloads from
  int port = 80;                     // DUT-side port (a low port is fixture port + low_port_offset)
  std::string path;                  // with `image`: the request target the firmware asks for
  std::string image, restore_image;  // files; empty: not served by the suite / not restored
  std::string version;               // empty: the new version is recorded, not checked
};

// The network around the DUT (TCP/IP and passthrough suites): where the peer fixtures listen
// and how closely passthrough timing must match the documents (docs/configs.md, <net>).
struct NetPixit {
  std::string host = "127.0.0.1";   // a host address the DUT reaches the fixtures at
  std::string host2 = "127.0.0.2";  // a second one (UDP mode 2 needs two remotes)
  // A DUT-side port P in 1..1023 is fixture host port P + offset (the simulator: 20000; a real
  // rig whose fixtures bind real low ports: 0).
  int low_port_offset = 0;
  // `low_port_offset="auto"`: the run claims a free slot (harness/port_slot.hpp) and sets
  // low_port_offset from it, so parallel simulated runs never share a port.
  bool low_port_offset_auto = false;
  int tcp_port = 0, udp_port = 0;  // fixture ports; 0 = any free port
  int interval_ms = 20;            // passthrough packet interval (both documents)
  int interval_tolerance_ms = 8;   // accepted deviation of a measured interval
  int guard_ms = 50;               // silence the harness keeps around "+++"
  int latency_limit_ms = 100;      // UART-to-peer latency of one passthrough packet
  long min_throughput_Bps = 5000;  // passthrough throughput each way, at least
  // The test PKI the DUT's certificate store was built from (fixtures/pki.hpp layout: CA, server
  // and client certificates and keys). Empty: the SSL tests that need the DUT to trust the
  // fixtures skip. A sim rig leaves it empty and atconform generates one per run.
  std::string pki_dir;
  std::optional<OtaPixit> ota;  // absent: the AT+CIUPDATE tests that need a server skip
};

// The BLE peer (<ble>): the host adapter BlueZ drives for the BLE chapter (fixtures/ble_peer.hpp),
// the bus BlueZ is on, and how long tests wait for the DUT on the air (docs/configs.md, <ble>).
struct BlePixit {
  std::string adapter = "hci0";
  // "system" (bluetoothd on the system bus; DBUS_SYSTEM_BUS_ADDRESS is honoured), "sim" (the run
  // starts a private bus, atsim-air and atsim-bluez: simulated rigs only), or a D-Bus address.
  std::string bus = "system";
  int scan_timeout_ms = 10000;     // the peer discovers an advertising DUT within this
  int connect_timeout_ms = 15000;  // a connection either way is up within this
  // A second host adapter that can observe the air (not supported yet: the on-air checks skip
  // without the simulator's ground truth).
  std::string observer;
  std::string world;  // bus="sim": the air's world file (empty: configs/worlds/air.xml)

  // Filled in by the run for bus="sim" (app/sim_ble.hpp); empty otherwise.
  std::string sim_bus;    // the private bus's address
  std::string sim_truth;  // the air's ground truth (sim/air/truth.hpp)
  // Why the stand-ins cannot serve ("" while they can): the binary, its exit status and the
  // tail of its log. The fixture asks before each test that needs the peer.
  std::function<std::string()> sim_problem;

  bool simulated() const { return bus == "sim"; }
  // The bus the peer connects to: "" (the system bus) or an address.
  std::string peer_bus() const {
    if (simulated()) return sim_bus;
    return bus == "system" ? std::string() : bus;
  }
};

struct Rig {
  std::string name;
  std::string source;             // the file it came from
  std::vector<DutConfig> duts;    // at least one; roles are unique
  std::optional<WifiPixit> wifi;  // absent: the Wi-Fi tests that join an AP skip
  std::optional<NetPixit> net;    // absent: the TCP/IP and passthrough tests skip
  std::optional<BlePixit> ble;    // absent: the BLE tests that need a peer skip
  // Simulator only: the file where the simulated DUTs record when they sent each passthrough
  // packet (their ground truth, sim/net/truth.hpp). Empty on real rigs.
  std::string sim_truth_file;

  // The DUT of `role`, or nullptr.
  const DutConfig* dut(std::string_view role) const;
  DutConfig* dut(std::string_view role);
  // Role `dut`, the one the chapter suites drive (a loaded rig always has it).
  const DutConfig& main() const;
  DutConfig& main();
};

}  // namespace atc
