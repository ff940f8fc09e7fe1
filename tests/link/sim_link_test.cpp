// Ensure that a sim: link starts the simulator as a child, talks to it over the PTY it
// announces, forwards modem lines on the control channel, reports a simulator that fails to
// start with its exit status and stderr, and never leaves a child process behind.
//
// The SimLink mechanics run against fake_atsim.py (same command line and protocol); the last
// test runs the real atsim when it has been built beside this binary.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/link/sim_link.hpp"
#include "harness/link/termios2.hpp"

namespace atc {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string kFake = ATC_FAKE_ATSIM;

bool python_available() {
  return ::access("/usr/bin/python3", X_OK) == 0;
}

// Reads until `needle` shows up or `limit` passes; returns everything read.
std::string read_until(Link& link, const std::string& needle, Millis limit = 3000ms) {
  std::string got;
  const auto deadline = Clock::now() + limit;
  while (got.find(needle) == std::string::npos) {
    auto c = link.read(deadline);
    if (!c) break;
    got += c->bytes;
  }
  return got;
}

// True once `pid` is gone entirely: a zombie still answers kill(pid, 0).
bool process_gone(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

std::string open_error(const std::string& uri) {
  try {
    open_link(uri, SerialSettings{});
  } catch (const LinkError& e) {
    return e.what();
  }
  return "";
}

class SimLinkFake : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!python_available()) GTEST_SKIP() << "python3 is needed for fake_atsim.py";
  }
};

TEST_F(SimLinkFake, SpawnsTalksAndCleansUp) {
  auto link = open_link("sim:esp32?atsim=" + kFake + "&defect=a&defect=b&boot_ms=25&baud=230400",
                        SerialSettings{});
  auto& sim = dynamic_cast<SimLink&>(*link);
  const pid_t pid = sim.pid();
  const std::string nvs = sim.nvs_path();
  ASSERT_GT(pid, 0);
  EXPECT_EQ(sim.pty_path().rfind("/dev/pts/", 0), 0u) << sim.pty_path();

  EXPECT_NE(read_until(*link, "ready\r\n").find("ready\r\n"), std::string::npos);
  link->write("AT\r\n");
  EXPECT_NE(read_until(*link, "OK\r\n").find("AT\r\n\r\nOK\r\n"), std::string::npos);

  // The command line, exactly as documented.
  EXPECT_NE(sim.stderr_tail().find("--chip esp32 --nvs " + nvs + " --power-switch " +
                                   sim.power_switch_path() + " --defect a --defect b --boot-ms 25"),
            std::string::npos)
      << sim.stderr_tail();
  // The PTY is opened with the URI's settings, which the simulator can read back.
  EXPECT_EQ(fs::path(nvs).filename(), "nvs");
  EXPECT_TRUE(fs::exists(nvs));  // the private dir exists while the link lives
  EXPECT_EQ(fs::path(sim.power_switch_path()).parent_path(), fs::path(nvs).parent_path());
  const auto env = link->environment();
  EXPECT_EQ(env, std::vector<std::string>{"ATC_SIM_POWER_SWITCH=" + sim.power_switch_path()})
      << "handed to the rig's power_cycle command";

  // Modem lines: forwarded; an omitted line keeps its last state.
  EXPECT_TRUE(link->set_lines(false, true));
  EXPECT_NE(read_until(*link, "LINES 0 1").find("LINES 0 1"), std::string::npos);
  EXPECT_TRUE(link->set_lines(std::nullopt, false));
  EXPECT_NE(read_until(*link, "LINES 0 0").find("LINES 0 0"), std::string::npos);
  EXPECT_TRUE(link->set_lines(true, std::nullopt));
  EXPECT_NE(read_until(*link, "LINES 1 0").find("LINES 1 0"), std::string::npos);

  link.reset();
  EXPECT_TRUE(process_gone(pid)) << "atsim left behind (or a zombie)";
  EXPECT_FALSE(fs::exists(fs::path(nvs).parent_path())) << "private NVS dir not removed";
}

TEST_F(SimLinkFake, SettingsReachThePty) {
  SimLink::Options o;
  o.chip = "esp8266";
  o.atsim = kFake;
  SerialSettings s;
  s.baud = 74880;
  SimLink link(o, s, "sim:esp8266");
  // The slave's settings as the simulator sees them through its master.
  int fd = ::open(link.pty_path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read_tty_settings(fd)->baud, 74880);
  s.baud = 115200;
  EXPECT_TRUE(link.set_serial(s));
  EXPECT_EQ(read_tty_settings(fd)->baud, 115200);
  ::close(fd);
}

TEST_F(SimLinkFake, CallerChosenNvsIsKept) {
  const fs::path dir = fs::temp_directory_path() / ("atc-nvs-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto nvs = (dir / "board.nvs").string();
  {
    auto link = open_link("sim:esp32?atsim=" + kFake + "&nvs=" + nvs, SerialSettings{});
    EXPECT_EQ(dynamic_cast<SimLink&>(*link).nvs_path(), nvs);
    read_until(*link, "ready");
  }
  EXPECT_TRUE(fs::exists(nvs));
  fs::remove_all(dir);
}

TEST_F(SimLinkFake, CrashBeforeAnnouncingReportsStatusAndStderr) {
  std::string msg = open_error("sim:esp32?atsim=" + kFake + "&defect=crash");
  EXPECT_NE(msg.find("exited with status 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("fake atsim: boom"), std::string::npos) << msg;
  EXPECT_NE(msg.find("sim:esp32?"), std::string::npos) << msg;
}

TEST_F(SimLinkFake, SilentSimulatorTimesOut) {
  const auto t0 = Clock::now();
  std::string msg = open_error("sim:esp32?atsim=" + kFake + "&defect=mute");
  const auto took = Clock::now() - t0;
  EXPECT_NE(msg.find("did not announce its PTY"), std::string::npos) << msg;
  EXPECT_GE(took, 5s);
  EXPECT_LT(took, 7s);
}

TEST_F(SimLinkFake, StubbornSimulatorIsKilledAfterOneSecond) {
  auto link = open_link("sim:esp32?atsim=" + kFake + "&defect=stubborn", SerialSettings{});
  const pid_t pid = dynamic_cast<SimLink&>(*link).pid();
  read_until(*link, "ready");
  const auto t0 = Clock::now();
  link.reset();
  const auto took = Clock::now() - t0;
  EXPECT_TRUE(process_gone(pid));
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, 2s);
}

TEST_F(SimLinkFake, SimulatorDeathIsALinkErrorWithItsStatus) {
  auto link = open_link("sim:esp32?atsim=" + kFake, SerialSettings{});
  auto& sim = dynamic_cast<SimLink&>(*link);
  read_until(*link, "ready");
  ::kill(sim.pid(), SIGKILL);
  try {
    for (int i = 0; i < 10; ++i) link->read(Clock::now() + 1s);
    FAIL() << "no LinkError after the simulator died";
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("killed by signal"), std::string::npos) << e.what();
  }
}

TEST(SimLink, MissingExecutableIsNamed) {
  std::string msg = open_error("sim:esp32?atsim=/nonexistent/atsim");
  EXPECT_NE(msg.find("/nonexistent/atsim is not an executable"), std::string::npos) << msg;
  std::string exits = open_error("sim:esp32?atsim=/bin/false");
  EXPECT_NE(exits.find("exited with status 1"), std::string::npos) << exits;
}

TEST(SimLink, RealAtsimAnswersAt) {
  const auto atsim = fs::read_symlink("/proc/self/exe").parent_path() / "atsim";
  if (::access(atsim.c_str(), X_OK) != 0)
    GTEST_SKIP() << atsim.string() << " is not built (build the atsim target to run this)";
  auto link = open_link("sim:esp32?atsim=" + atsim.string(), SerialSettings{});
  const pid_t pid = dynamic_cast<SimLink&>(*link).pid();
  std::string boot = read_until(*link, "ready", 5000ms);
  EXPECT_NE(boot.find("ready"), std::string::npos) << boot;
  link->write("AT\r\n");
  std::string reply = read_until(*link, "OK\r\n", 2000ms);
  EXPECT_NE(reply.find("OK\r\n"), std::string::npos) << reply;
  link.reset();
  EXPECT_TRUE(process_gone(pid));
}

}  // namespace
}  // namespace atc
