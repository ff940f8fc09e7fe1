#include "sim/net/net_options.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <filesystem>

namespace atsim {

bool net_option_wants(std::string_view name) {
  return name == "--truth" || name == "--low-port-offset" || name == "--dns" || name == "--ota" ||
         name == "--ssl-ca" || name == "--ssl-client-cert" || name == "--ssl-client-key" ||
         name == "--ssl-server-cert" || name == "--ssl-server-key" || name == "--pki" ||
         name == "--net-form";
}

const std::set<std::string>& known_net_forms() {
  static const std::set<std::string> forms = {
      "alreay-connect",         // esp8266 §5.2.2's spelling of ALREADY CONNECTED
      "no-recv-line",           // no "Recv <n> bytes" after CIPSEND data (neither document has it)
      "link-is-builded",        // esp8266 §5.2.11's capitalised "Link is builded"
      "spaced-segments",        // esp8266 §5.2.5-5.2.8 with the documents' spaces after commas
      "short-cipserver-query",  // esp32 §5.2.15 query without the type and CA fields
      "no-restart-after-update",  // CIUPDATE answers OK and keeps running (the documents say no
                                  // more)
      "unquoted-sntp-servers",    // esp32 §5.2.20 query with bare server names, as printed there
      "spaced-cipupdate",         // esp32 §5.2.22's "+CIPUPDATE :<n>"
  };
  return forms;
}

std::string apply_net_option(NetOptions& o, std::string_view name, std::string_view value) {
  const std::string v(value);
  if (name == "--truth") {
    o.truth_file = v;
  } else if (name == "--low-port-offset") {
    int n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || p != value.data() + value.size() || n < 0 ||
        n > 64512) {
      return "--low-port-offset wants 0..64512";
    }
    o.low_port_offset = n;
  } else if (name == "--dns") {
    in_addr a{};
    if (inet_pton(AF_INET, v.c_str(), &a) != 1) return "--dns wants an IPv4 address";
    o.dns = v;
  } else if (name == "--ota") {
    if (v.find(':') == std::string::npos) return "--ota wants HOST:PORT";
    o.ota = v;
  } else if (name == "--pki") {
    // A directory in the layout of atconform's test PKI (fixtures/pki.hpp): the DUT's
    // certificate store as a rig would flash it.
    for (const char* f : {"/ca-cert.pem", "/client-cert.pem", "/client-key.pem", "/server-cert.pem",
                          "/server-key.pem"}) {
      if (!std::filesystem::is_regular_file(v + f)) return "--pki " + v + ": no " + (f + 1);
    }
    o.ssl_ca = v + "/ca-cert.pem";
    o.ssl_client_cert = v + "/client-cert.pem";
    o.ssl_client_key = v + "/client-key.pem";
    o.ssl_server_cert = v + "/server-cert.pem";
    o.ssl_server_key = v + "/server-key.pem";
  } else if (name == "--net-form") {
    if (!known_net_forms().count(v)) return "--net-form: unknown form " + v;
    o.forms.insert(v);
  } else if (name == "--ssl-ca") {
    o.ssl_ca = v;
  } else if (name == "--ssl-client-cert") {
    o.ssl_client_cert = v;
  } else if (name == "--ssl-client-key") {
    o.ssl_client_key = v;
  } else if (name == "--ssl-server-cert") {
    o.ssl_server_cert = v;
  } else if (name == "--ssl-server-key") {
    o.ssl_server_key = v;
  } else {
    return "unknown option";
  }
  return {};
}

std::string net_options_usage() {
  return "  network: [--truth FILE] [--low-port-offset N] [--dns IP] [--ota HOST:PORT]\n"
         "           [--pki DIR] [--ssl-ca PEM] [--ssl-client-cert PEM --ssl-client-key PEM]\n"
         "           [--ssl-server-cert PEM --ssl-server-key PEM] [--net-form NAME]...\n"
         "           (docs/contracts/tcpip.md)\n";
}

}  // namespace atsim
