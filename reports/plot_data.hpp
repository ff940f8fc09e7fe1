#pragma once
// The figures the report plots, taken from a run's transcripts, peers and measurements:
//   - command response latency: each AT command the main DUT was sent, to its final result
//     (OK, ERROR, FAIL, SEND OK, SEND FAIL), grouped by command;
//   - boot time: AT+RST / AT+RESTORE / a hardware reset (the harness's note) to `ready`;
//   - passthrough packets: each datagram a peer saw (DutTest::peer_saw "datagram N B") with the
//     interval since the one before, against the 20 ms / 2048-byte rule; and the packet sizes
//     the tests measured (atc.measure.packet_<i>_bytes);
//   - throughput: the atc.measure.throughput_* figures.
#include <map>
#include <string>
#include <vector>

#include "reports/run_result.hpp"

namespace atc::report {

struct Packet {
  double interval_ms = 0;  // since the peer's previous datagram in the same test
  double bytes = 0;
  std::string test;
};

struct Figure {
  std::string label;  // "Passthrough.FastFeed... packet 0", "boot after AT+RST"
  double value = 0;
  std::string test;
};

struct PlotData {
  std::map<std::string, std::vector<double>> latency_ms;  // by command: "AT+CWJAP"
  std::vector<Figure> boot_ms;                            // in run order
  std::vector<Packet> packets;                            // peers' datagrams with an interval
  std::vector<Figure> packet_bytes;                       // measured packet sizes
  std::vector<Figure> throughput_Bps;
};

PlotData plot_data(const RunResult& run);

// The AT command a transmitted line starts ("AT+CWJAP=\"a\",\"b\"\r\n" -> "AT+CWJAP"), or ""
// when the bytes are not a command (passthrough data, +++).
std::string command_name(const std::string& sent);

// The leading number of a measurement value ("812 ms" -> 812); false when there is none.
bool leading_number(const std::string& text, double& value);

}  // namespace atc::report
