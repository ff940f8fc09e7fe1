// The whole suite through a real serial server, as a board farm exports its boards: Debian's
// ser2net serves the simulated ESP8266's PTY as a raw TCP port and as an RFC 2217 port, and
// atconform runs on each. Both must give 0 failures and 0 errors: what such a rig cannot do (no
// reset lines; on the raw port, no baud change) is a skip with the PIXIT reason, never a verdict
// on the firmware.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

#include "harness/process/child_process.hpp"
#include "tests/e2e/leftovers.hpp"
#include "tests/e2e/sim_rig.hpp"
#include "tests/e2e/suite_run.hpp"

namespace atc::test {
namespace {

using namespace std::chrono_literals;
using Clock = ChildProcess::Clock;

// A loopback TCP port nobody listens on now (the kernel's pick).
int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t n = sizeof a;
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n) != 0)
    throw std::runtime_error("no free loopback port");
  ::close(s);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

// One exported board: atsim on a PTY, ser2net serving it on a loopback port, and a rig file
// (configs/rigs/sim-esp8266.xml with the server's link, AT+RST resets and atsim's power switch).
struct ExportedBoard {
  std::string dir;
  std::unique_ptr<SimRig> rig;
  std::unique_ptr<ChildProcess> atsim, ser2net;
  std::string link;

  // `accepter`: ser2net's, "tcp" or "telnet(rfc2217),tcp"; `scheme` the link's.
  ExportedBoard(const std::string& accepter, const std::string& scheme) : dir(temp_dir()) {
    const int port = free_port();
    link = scheme + "://127.0.0.1:" + std::to_string(port);
    rig = std::make_unique<SimRig>("esp8266", link, dir);
    const std::string tty = dir + "/ttyUSB0", power = dir + "/power";
    atsim = std::make_unique<ChildProcess>(ChildSpec{
        .argv = {ATC_BIN_DIR "/atsim", "--chip", "esp8266", "--link", tty, "--power-switch", power,
                 "--low-port-offset", std::to_string(rig->low_port_offset())},
        .control = true});
    if (!atsim->await_line("atsim: pty ", Clock::now() + 10s))
      throw std::runtime_error("atsim did not start: " + atsim->stderr_tail());
    atsim->drain();
    const std::string conf = dir + "/ser2net.yaml";
    std::ofstream(conf) << "connection: &board\n"
                        << "    accepter: " << accepter << ",127.0.0.1," << port << "\n"
                        << "    enable: on\n"
                        << "    options:\n"
                        << "      kickolduser: true\n"
                        << "    connector: serialdev," << tty << ",115200n81,local\n";
    ser2net = std::make_unique<ChildProcess>(ChildSpec{
        .argv = {"/usr/sbin/ser2net", "-n", "-u", "-c", conf, "-P", dir + "/ser2net.pid"}});
    ser2net->drain();
    const auto deadline = Clock::now() + 10s;
    while (!accepts(port)) {
      if (Clock::now() > deadline)
        throw std::runtime_error("ser2net did not listen on " + link + ": " +
                                 ser2net->exit_description() + " " + ser2net->stderr_tail());
      std::this_thread::sleep_for(20ms);  // polling a condition, bounded by the deadline
    }
    // No modem lines reach a PTY through ser2net: resets are AT+RST; the power switch is atsim's.
    rig->set("reset", "command");
    std::ifstream in(rig->path());
    std::string xml((std::istreambuf_iterator<char>(in)), {});
    const std::string var = "\"$ATC_SIM_POWER_SWITCH\"";
    xml.replace(xml.find(var), var.size(), power);
    std::ofstream(rig->path()) << xml;
  }
};

TEST(Ser2net, TheWholeSuitePassesThroughARawTcpPortAndAnRfc2217Port) {
  if (!std::filesystem::exists("/usr/sbin/ser2net"))
    FAIL() << "ser2net is not installed (scripts/install-deps.sh installs it)";
  ExportedBoard raw("tcp", "tcp"), rfc("telnet(rfc2217),tcp", "rfc2217");
  ExportedBoard* boards[] = {&raw, &rfc};
  ChildResult runs[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i)
    threads[i] = std::thread([&, i] {
      runs[i] = run_child({ATC_BIN_DIR "/atconform", "run", "--rig", boards[i]->rig->path(),
                           "--junit", boards[i]->dir + "/junit.xml", "--test-limit", "60"},
                          900s);
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE(boards[i]->link);
    const std::string junit = boards[i]->dir + "/junit.xml";
    ASSERT_FALSE(runs[i].timed_out) << runs[i].output;
    ASSERT_TRUE(std::filesystem::exists(junit)) << runs[i].output;
    SuiteRun r{runs[i], read_junit(junit), junit};
    EXPECT_EQ(r.child.exit_code, 0) << describe(r);
    EXPECT_GE(r.cases.size(), 100u) << describe(r);
    int passed = 0;
    for (const auto& c : r.cases) {
      passed += c.verdict == "pass";
      if (c.verdict == "skipped")
        EXPECT_TRUE(c.message.rfind("PIXIT: ", 0) == 0 || c.message.rfind("PICS: ", 0) == 0)
            << c.name << " skipped without a PICS or PIXIT reason: " << c.message;
      else
        EXPECT_EQ(c.verdict, "pass") << c.name << ": " << c.explain();
    }
    RecordProperty(std::string(i == 0 ? "raw" : "rfc2217") + ".passed", std::to_string(passed));
    EXPECT_EQ(leftovers(junit), "");
  }
}

}  // namespace
}  // namespace atc::test
