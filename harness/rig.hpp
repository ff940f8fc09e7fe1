#pragma once
// PIXIT: where things are on one rig. One file per rig; nothing in it says what the firmware
// can do (that is the profile's job).
#include <optional>
#include <string>

#include "harness/dut.hpp"
#include "harness/link/serial_settings.hpp"
#include "harness/profile.hpp"

namespace atc {

enum class ResetMethod { command, lines };  // AT+RST, or RTS->EN / DTR->IO0

// The Wi-Fi world around the DUT: the AP it may join and who can join its SoftAP.
struct WifiPixit {
  std::string ap_ssid, ap_password;  // an AP in range that hands out addresses (DHCP)
  std::string wrong_password;        // not the AP's password
  std::string absent_ssid;           // an SSID no AP in range uses
  // Who joins the DUT's SoftAP: "" nobody, "world" (the simulator's scripted stations),
  // "wpa_supplicant:<ifname>" (a host interface).
  std::string softap_peer;
};

// The network around the DUT (TCP/IP and passthrough suites): where the peer fixtures listen
// and how closely passthrough timing must match the documents (docs/configs.md, <net>).
struct NetPixit {
  std::string host = "127.0.0.1";   // a host address the DUT reaches the fixtures at
  std::string host2 = "127.0.0.2";  // a second one (UDP mode 2 needs two remotes)
  // A DUT-side port P in 1..1023 is fixture host port P + offset (the simulator: 20000; a real
  // rig whose fixtures bind real low ports: 0).
  int low_port_offset = 0;
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
};

struct Rig {
  std::string name;
  std::string source;     // the file it came from
  std::string link_uri;   // "sim:esp32", "serial:/dev/ttyUSB0?baud=115200", "tcp://h:p", ...
  SerialSettings serial;  // what the DUT's UART runs at when the suite starts
  ResetMethod reset = ResetMethod::command;
  std::optional<std::string> power_cycle_command;  // a shell command that power-cycles the DUT
  DutTiming timing;
  Profile profile;
  // Bauds the UART tests may switch to (the rig's adapter must support them).
  std::vector<int> alternate_bauds{57600, 230400};
  std::optional<WifiPixit> wifi;  // absent: the Wi-Fi tests that join an AP skip
  std::optional<NetPixit> net;    // absent: the TCP/IP and passthrough tests skip
  // Simulator only: the file where atsim records when it sent each passthrough packet (its
  // ground truth, sim/net/truth.hpp). Empty on real rigs.
  std::string sim_truth_file;
};

}  // namespace atc
