#include "app/options.hpp"

#include <stdexcept>

namespace atc::app {

std::string usage() {
  return R"(usage: atconform run  [--rig FILE] [--link URI] [--junit FILE] [--filter PATTERN]
                      [--test-limit SECONDS] [-- GOOGLETEST-ARGS...]
       atconform list [--rig FILE] [--filter PATTERN]
       atconform pki DIR [IP-OR-NAME...]
       atconform --help

Runs the AT conformance suites against one device under test and writes a JUnit report.
Without --rig the simulated ESP32 (configs/rigs/sim-esp32.xml) is the DUT.

  --rig FILE        rig description (PIXIT: link, UART, reset wiring) naming its profile (PICS)
  --link URI        replace the rig's DUT link, e.g. serial:/dev/ttyUSB1?baud=115200,
                    tty:/dev/pts/4, tcp://127.0.0.1:7000, sim:esp8266?defect=echo-stuck-on
  --junit FILE      where the JUnit XML goes (default reports/out/junit-<rig>.xml)
  --filter PATTERN  GoogleTest filter, e.g. 'Basic.Uart*:-*Deprecated*'
  --test-limit S    a test still running after S seconds ends the run as an error (300)

`pki` writes a test PKI (CA, server and client certificates and keys, an unrelated CA) into
DIR; the server certificate names the given addresses (default 127.0.0.1 localhost). Build
the DUT's certificate store from it and name DIR as <net pki_dir> in the rig file.

exit status: 0 nothing failed or errored, 1 a test failed, 2 a test errored (or the rig could
not be used), 3 bad command line
)";
}

Options parse_options(int argc, char** argv) {
  Options o;
  int i = 1;
  if (argc < 2) return o;
  std::string cmd = argv[1];
  if (cmd == "run") {
    o.command = Options::Command::run;
  } else if (cmd == "list") {
    o.command = Options::Command::list;
  } else if (cmd == "pki") {
    o.command = Options::Command::pki;
    if (argc < 3) throw std::invalid_argument("pki needs a directory");
    o.pki_dir = argv[2];
    for (int k = 3; k < argc; ++k) o.gtest_args.emplace_back(argv[k]);  // the server names
    return o;
  } else if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    return o;
  } else {
    throw std::invalid_argument("unknown command '" + cmd +
                                "' (expected run, list, pki or --help)");
  }
  for (i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--rig") {
      o.rig = value();
    } else if (a == "--link") {
      o.link = value();
    } else if (a == "--junit") {
      o.junit = value();
    } else if (a == "--filter") {
      o.filter = value();
    } else if (a == "--test-limit") {
      std::string v = value();
      try {
        o.test_limit_s = std::stoi(v);
      } catch (const std::exception&) {
        throw std::invalid_argument("--test-limit takes a number of seconds, not '" + v + "'");
      }
      if (o.test_limit_s <= 0) throw std::invalid_argument("--test-limit must be positive");
    } else if (a == "--help" || a == "-h") {
      o.command = Options::Command::help;
      return o;
    } else if (a == "--") {
      for (++i; i < argc; ++i) o.gtest_args.push_back(argv[i]);
    } else if (a.rfind("--gtest_", 0) == 0) {
      o.gtest_args.push_back(a);
    } else {
      throw std::invalid_argument("unknown option '" + a + "'");
    }
  }
  return o;
}

}  // namespace atc::app
