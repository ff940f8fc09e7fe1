// The rig left as found, end to end: a simulated ESP32 whose NVS starts from non-factory values
// (prepared by driving atsim itself over its PTY), the whole suite run against it, and the NVS
// file afterwards compared with the one before, key by key. The run's own final check,
// RigHygiene.SavedSettingsAsFound (harness/testing/rig_hygiene.hpp), must pass too: no test
// leaves a saved setting changed, and what AT+RESTORE wipes the harness puts back.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/e2e/child_process.hpp"
#include "tests/e2e/junit_report.hpp"
#include "tests/e2e/sim_rig.hpp"

namespace atc::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
const std::string kBin = ATC_BIN_DIR;

// A bare AT client on the simulator's PTY: enough to prepare its NVS.
class PtyClient {
 public:
  explicit PtyClient(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path);
    termios t{};
    ::tcgetattr(fd_, &t);
    ::cfmakeraw(&t);
    ::cfsetspeed(&t, B115200);
    ::tcsetattr(fd_, TCSANOW, &t);
  }
  ~PtyClient() { ::close(fd_); }
  PtyClient(const PtyClient&) = delete;
  PtyClient& operator=(const PtyClient&) = delete;

  // Reads until `what` has arrived (true) or the deadline.
  bool wait_for(const std::string& what, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (got_.find(what) == std::string::npos)
      if (!read_some(deadline)) return false;
    return true;
  }
  // Sends `line`; the answer up to its OK (throws on ERROR or silence).
  std::string command(const std::string& line, std::chrono::milliseconds limit = 5000ms) {
    got_.clear();
    const std::string out = line + "\r\n";
    if (::write(fd_, out.data(), out.size()) != static_cast<ssize_t>(out.size()))
      throw std::runtime_error("write failed");
    const auto deadline = Clock::now() + limit;
    while (got_.find("ERROR\r\n") == std::string::npos) {
      if (got_.find("OK\r\n") != std::string::npos) return got_;
      if (!read_some(deadline)) break;
    }
    throw std::runtime_error(line + " was not answered OK: \"" + got_ + "\"");
  }

 private:
  // One read of what arrived before `deadline`; false at the deadline.
  bool read_some(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) > 0) {
      char buf[512];
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n > 0) got_.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  }

  int fd_ = -1;
  std::string got_;
};

// key -> value lines of an atsim NVS file (sim/storage.hpp: a header, then key=value).
std::map<std::string, std::string> nvs_of(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::map<std::string, std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    out[line.substr(0, eq)] = eq == std::string::npos ? "" : line.substr(eq + 1);
  }
  return out;
}

// Non-factory values for every saved setting of the ESP32 document with a query (§7, §5.2.3),
// chosen so that the suite can still run (the station keeps DHCP: its address must be the
// simulator's loopback one; the UART default stays the rig's, written explicitly). The known
// exceptions start at their factory values, written explicitly so that they are in the file:
// AT+CWAUTOCONN and AT+CIPSSLCCONF have no query, so after a test's AT+RESTORE the harness
// cannot know what to put back; the tests that change them restore the factory value.
void prepare_nvs(const std::string& file) {
  ChildProcess sim({.argv = {kBin + "/atsim", "--chip", "esp32", "--nvs", file}, .control = true});
  auto pty = sim.await_line("atsim: pty ", Clock::now() + 10s);
  if (!pty) throw std::runtime_error("atsim did not start: " + sim.stderr_tail());
  sim.drain();
  PtyClient at(*pty);
  if (!at.wait_for("ready\r\n", 5000ms)) throw std::runtime_error("atsim printed no ready");
  at.command("AT");
  at.command("AT+CWMODE=3");
  at.command("AT+CWSAP=\"atc-hygiene\",\"hygiene-pass-1\",5,3,4,0");
  at.command("AT+CIPSTAMAC=\"1a:fe:35:13:0b:01\"");
  at.command("AT+CIPAPMAC=\"18:fe:36:13:0b:01\"");
  at.command("AT+CWDHCPS=1,100,\"127.0.2.10\",\"127.0.2.20\"");
  at.command("AT+CIPDNS=1,\"127.0.0.1\"");
  at.command("AT+UART_DEF=115200,8,1,0,0");
  at.command("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"", 10000ms);
  at.command("AT+CWDHCP=1,3");
  at.command("AT+CWAUTOCONN=1");
  at.command("AT+CIPSSLCCONF=0,0,0");
  sim.stop();
}

TEST(RigHygiene, AFullRunLeavesTheSimulatorsNvsAsItFoundIt) {
  setenv("ATC_CONFIG_DIR", ATC_SOURCE_DIR "/configs", 1);
  for (const char* v : {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"})
    unsetenv(v);
  std::string dir = (std::filesystem::temp_directory_path() / "atc-e2e-hygiene-XXXXXX").string();
  ASSERT_TRUE(mkdtemp(dir.data()));
  const std::string nvs = dir + "/nvs";
  prepare_nvs(nvs);
  const auto before = nvs_of(nvs);
  ASSERT_GE(before.size(), 8u) << "the NVS was not prepared";

  SimRig rig("esp32", "sim:esp32?nvs=" + nvs, dir);
  const std::string junit = dir + "/junit.xml";
  ChildResult run = run_child(
      {kBin + "/atconform", "run", "--rig", rig.path(), "--junit", junit, "--test-limit", "120"},
      900s);
  ASSERT_FALSE(run.timed_out) << run.output.substr(
      run.output.size() > 4000 ? run.output.size() - 4000 : 0);
  const auto cases = read_junit(junit);
  bool checked = false;
  for (const auto& c : cases) {
    if (c.name.find("RigHygiene.SavedSettingsAsFound") == std::string::npos) continue;
    checked = true;
    // An error names a test that left a saved setting changed (a finding about that test);
    // whatever it names must have been put back.
    EXPECT_TRUE(c.verdict == "pass" || c.verdict == "error") << c.verdict << ": " << c.message;
    EXPECT_EQ(c.message.find("NOT put back"), std::string::npos) << c.message;
    RecordProperty("hygiene_check", c.verdict + (c.message.empty() ? "" : ": " + c.message));
  }
  EXPECT_TRUE(checked) << "the report has no RigHygiene.SavedSettingsAsFound";

  // fw.* is the firmware the simulator runs (TcpIp.Ciupdate... installs one over the air),
  // not a saved setting: it is left out.
  auto after = nvs_of(nvs);
  std::erase_if(after, [](const auto& kv) { return kv.first.starts_with("fw."); });
  for (const auto& [key, value] : before) {
    auto it = after.find(key);
    if (it == after.end())
      ADD_FAILURE() << key << " was " << value << ", gone after the run";
    else
      EXPECT_EQ(it->second, value) << key;
  }
  for (const auto& [key, value] : after)
    EXPECT_TRUE(before.count(key)) << key << "=" << value << " appeared during the run";
  RecordProperty("run_ms", std::to_string(run.took.count()));
}

}  // namespace
}  // namespace atc::test
