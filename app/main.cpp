// atconform: runs the conformance suites against a rig's DUTs and writes JUnit and HTML reports;
// makes certificates and merged reports from them.
#include <iostream>

#include "app/decode_command.hpp"
#include "app/list_command.hpp"
#include "app/options.hpp"
#include "app/report_commands.hpp"
#include "app/run_command.hpp"
#include "app/run_identity.hpp"
#include "fixtures/pki.hpp"
#include "harness/config/config_error.hpp"

namespace atc::app {
namespace {

constexpr int kExitUsage = 3;

int pki(const Options& o) {
  fixtures::PkiOptions p;
  if (!o.gtest_args.empty()) p.server_names = o.gtest_args;
  auto made = fixtures::generate_test_pki(o.pki_dir, p);
  std::cout << "atconform: test PKI in " << made.directory.string()
            << "\n  CA:     " << made.ca.certificate.string()
            << "\n  server: " << made.server.certificate.string() << " (" << made.server.subject
            << ")\n  client: " << made.client.certificate.string() << "\n";
  return 0;
}

}  // namespace
}  // namespace atc::app

int main(int argc, char** argv) {
  using atc::app::Options;
  Options o;
  try {
    o = atc::app::parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "atconform: " << e.what() << "\n\n" << atc::app::usage();
    return atc::app::kExitUsage;
  }
  try {
    switch (o.command) {
      case Options::Command::help:
        std::cout << atc::app::usage();
        return 0;
      case Options::Command::list:
        return atc::app::list(o);
      case Options::Command::run:
        return atc::app::run(o);
      case Options::Command::pki:
        return atc::app::pki(o);
      case Options::Command::decode:
        return atc::app::decode(o.decode_args, std::cout);
      case Options::Command::version:
        std::cout << atc::app::version_text() << "\n";
        return 0;
      case Options::Command::certificate:
        return atc::app::certificate(o);
      case Options::Command::merge:
        return atc::app::merge(o);
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "atconform: " << e.what() << "\n";
    return atc::app::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "atconform: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
