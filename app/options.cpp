#include "app/options.hpp"

#include <stdexcept>

#include "app/report_commands.hpp"

namespace atc::app {

std::string usage() {
  return R"(Usage: atconform run [OPTION]... [-- GOOGLETEST-ARGS...]
  or:  atconform list [--rig FILE] [--link [ROLE=]URI]... [--filter PATTERN] [--format text|tsv]
  or:  atconform certificate REPORT.xml... -o FILE.html|FILE.md
  or:  atconform merge REPORT.xml... -o FILE.xml
  or:  atconform pki DIR [IP-OR-NAME...]
  or:  atconform decode [--chip C] [--sent CMD]... [--format raw|socat|transcript]
                        [--from-device '<'|'>'] [--max-text N] FILE|-
  or:  atconform --help | --version

Runs the AT conformance suites against one device under test and writes a JUnit and an HTML
report. Without --rig the simulated ESP32 (configs/rigs/sim-esp32.xml) is the DUT.

  --rig FILE        rig description (PIXIT: link, UART, reset wiring) naming its profile (PICS)
  --link URI        replace the link of the rig's DUT (role `dut`), e.g.
                    serial:/dev/ttyUSB1?baud=115200, tty:/dev/pts/4, tcp://127.0.0.1:7000,
                    sim:esp8266?defect=echo-stuck-on
  --link ROLE=URI   replace the link of the rig's DUT of role ROLE (a rig of several boards)
  --junit FILE      where the JUnit XML goes (default reports/out/junit-<rig>.xml); each
                    test's transcript also goes to a file in <junit name>-transcripts/
  --html FILE       where the HTML report goes (default: the JUnit path with .html)
  --filter PATTERN  GoogleTest filter, e.g. 'Basic.Uart*:-*Deprecated*'
  --test-limit S    a test still running after S seconds ends the run as an error (300)
  --shard I/N       run the I-th of N parts of the tests (1 <= I <= N), as GoogleTest's
                    GTEST_TOTAL_SHARDS / GTEST_SHARD_INDEX (also honoured) split them
  --run-id ID       the id every shard of one run shares (default $ATC_RUN_ID, else made up)
  --format tsv      list: one test per line, tab-separated: test, clauses, features, roles,
                    and what it does on this rig (runs, n/a or skip) with the reason
  -o FILE           certificate, merge: the file to write (merge also writes FILE.html)

`certificate` makes the document a vendor hands over from one or more JUnit reports (the
shards of a run are merged, a missing or contradicting shard is named): per section of each
DUT's document the verdict, or not claimed, not possible, not covered. `merge` makes one
JUnit (and its .html) from shards and rigs, each rig's identity kept.

`pki` writes a test PKI (CA, server and client certificates and keys, an unrelated CA) into
DIR; the server certificate names the given addresses (default 127.0.0.1 localhost). Build
the DUT's certificate store from it and name DIR as <net pki_dir> in the rig file.

`decode` prints what the AT engine makes of a recorded link, one event per line (byte offset
in the device's stream, kind, final result, text escaped, +IPD length): raw device bytes, a
`socat -x` dump (both directions; --from-device names the device's marker, else the one that
carries OK/ERROR), or a transcript as the reports print it. --sent CMD makes CMD pending, in
order, each after the previous one's final result (otherwise the host's writes in the capture
do). See docs/at-engine.md.

exit status: 0 nothing failed or errored, 1 a test failed (certificate, merge: the reports
have a missing or contradicting shard), 2 a test errored (or the rig could not be used, or a
report could not be read), 3 bad command line
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
  } else if (cmd == "decode") {
    o.command = Options::Command::decode;
    o.decode_args.assign(argv + 2, argv + argc);
    return o;
  } else if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    return o;
  } else if (cmd == "--version") {
    o.command = Options::Command::version;
    return o;
  } else if (cmd == "certificate" || cmd == "merge") {
    return parse_report_command(argc, argv);
  } else {
    throw std::invalid_argument("unknown command '" + cmd +
                                "' (expected run, list, pki, decode, certificate, merge, --help or "
                                "--version)");
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
      std::string v = value();
      // ROLE=URI: a role name before the first '=', with no ':' in it (a URI has its scheme).
      auto eq = v.find('=');
      auto colon = v.find(':');
      if (eq != std::string::npos && eq > 0 && (colon == std::string::npos || eq < colon)) {
        std::string role = v.substr(0, eq);
        if (role == "dut")
          o.link = v.substr(eq + 1);
        else
          o.role_links.emplace_back(role, v.substr(eq + 1));
      } else {
        o.link = v;
      }
    } else if (a == "--format") {
      std::string v = value();
      if (v == "text")
        o.format = Options::Format::text;
      else if (v == "tsv")
        o.format = Options::Format::tsv;
      else
        throw std::invalid_argument("--format takes text or tsv, not '" + v + "'");
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
    } else if (o.command == Options::Command::run &&
               (a == "--html" || a == "--shard" || a == "--run-id")) {
      (a == "--html" ? o.html : a == "--shard" ? o.shard : o.run_id) = value();
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
