#pragma once
// atsim's command-line options for the TCP/IP chapter (docs/contracts/tcpip.md): where the
// DUT's network services are, its certificate store, the low-port mapping and the passthrough
// ground truth. Parsed by options.cpp through net_option_wants(); handed to the chapter state
// by main.cpp.
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace atsim {

struct NetOptions {
  std::optional<std::string> truth_file;  // --truth FILE
  int low_port_offset = 20000;            // --low-port-offset N: DUT port P<1024 is host P+N
  std::string dns = "127.0.0.1";          // --dns IP: the network's DNS server (port 53)
  std::string ota = "127.0.0.1:80";       // --ota HOST:PORT (DUT-side port)
  std::optional<std::string> ssl_ca;      // --ssl-ca FILE
  std::optional<std::string> ssl_client_cert, ssl_client_key;
  std::optional<std::string> ssl_server_cert, ssl_server_key;
  // --net-form NAME (repeatable): print another form the documents or real modules use where
  // the contract picks one (docs/contracts/tcpip.md "Other forms"). Not a defect: a suite that
  // fails a DUT for one of them is wrong.
  std::set<std::string> forms;
};

// The forms --net-form knows.
const std::set<std::string>& known_net_forms();

// True when `name` is one of the options above (each takes one value).
bool net_option_wants(std::string_view name);
// Applies one option; an error message when the value is bad, else empty.
std::string apply_net_option(NetOptions& o, std::string_view name, std::string_view value);
// The usage lines for these options.
std::string net_options_usage();

}  // namespace atsim
