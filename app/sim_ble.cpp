#include "app/sim_ble.hpp"

#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "harness/config/config_loader.hpp"
#include "harness/link/link_uri.hpp"
#include "harness/process/child_process.hpp"
#include "harness/process/live_processes.hpp"

namespace atc::app {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto kReady = 10s;  // each helper prints its ready line well within this
// The host adapter atsim-bluez plays (a Broadcom-style public address no DUT uses).
constexpr const char* kAdapterAddress = "00:1B:DC:0F:00:01";

bool executable(const std::string& path) {
  return !path.empty() && ::access(path.c_str(), X_OK) == 0;
}

// A helper of the project: $<env> if set, else beside atconform (the build's bin/ folder).
std::string find_helper(const std::string& name, const char* env, std::string& tried) {
  if (const char* v = std::getenv(env); v && *v) {
    if (executable(v)) return v;
    tried += std::string(v) + " ($" + env + "), ";
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::string beside = (self.parent_path() / name).string();
    if (executable(beside)) return beside;
    tried += beside;
  }
  return {};
}

std::string find_dbus_daemon() {
  for (const char* p : {"/usr/bin/dbus-daemon", "/bin/dbus-daemon"})
    if (executable(p)) return p;
  if (const char* path = std::getenv("PATH")) {
    std::string all = path;
    for (std::size_t at = 0; at <= all.size();) {
      const std::size_t end = std::min(all.find(':', at), all.size());
      const std::string candidate = all.substr(at, end - at) + "/dbus-daemon";
      if (executable(candidate)) return candidate;
      at = end + 1;
    }
  }
  return {};
}

// A short directory for the sockets (sun_path holds 108 bytes): under the run's temporary root
// ($TMPDIR during a run, removed with it), else under /tmp.
std::string socket_dir(bool& own) {
  const char* base = std::getenv("TMPDIR");
  for (std::string root : {std::string(base && *base ? base : "/tmp"), std::string("/tmp")}) {
    std::string templ = root + "/ble-XXXXXX";
    if (templ.size() + sizeof("/bus") > sizeof(sockaddr_un::sun_path)) continue;
    if (!::mkdtemp(templ.data()))
      throw std::runtime_error("cannot make " + templ + ": " + std::strerror(errno));
    own = !(base && *base && root == base);  // outside the run's root: ours to remove
    if (own && !live::add_directory(templ)) throw std::runtime_error("the run is stopping");
    return templ;
  }
  throw std::runtime_error("no temporary directory short enough for a socket path");
}

std::string bus_config(const std::string& socket) {
  // A session-type bus where anyone may own any name (atsim-bluez owns org.bluez) and talk to
  // anyone (BlueZ calls the peer's exported objects back).
  return "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
         " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
         "<busconfig>\n"
         "  <type>session</type>\n"
         "  <listen>unix:path=" +
         socket +
         "</listen>\n"
         "  <auth>EXTERNAL</auth>\n"
         "  <policy context=\"default\">\n"
         "    <allow user=\"*\"/>\n"
         "    <allow own=\"*\"/>\n"
         "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
         "    <allow eavesdrop=\"true\"/>\n"
         "  </policy>\n"
         "</busconfig>\n";
}

std::string tail_of(const std::string& text, std::size_t n = 1500) {
  return text.size() > n ? "..." + text.substr(text.size() - n) : text;
}

}  // namespace

struct SimBle::Parts {
  std::string dir;
  bool own_dir = false;
  struct Helper {
    std::string name;  // the binary's file name, for messages
    std::string log;   // its stderr, kept beside the report
    std::unique_ptr<ChildProcess> process;
  };
  std::vector<Helper> helpers;  // in start order: dbus-daemon, atsim-air, atsim-bluez
  std::string problem;          // why starting failed ("" when it did not)

  // "" while every helper runs; else the first that ended, its status and log tail.
  std::string check() {
    if (!problem.empty()) return problem;
    for (Helper& h : helpers) {
      if (!h.process->wait_exit(ChildProcess::Millis{0})) continue;
      return "the simulated BLE world is gone: " + h.process->exit_description() + " (" + h.name +
             "); its log (" + h.log + ") ends:\n" + tail_of(h.process->stderr_tail());
    }
    return {};
  }

  // Starts one helper and waits for its ready line; the rest of that line, or nullopt with
  // `problem` set.
  std::optional<std::string> start(const std::string& name, std::vector<std::string> argv,
                                   const std::string& log, const std::string& ready, bool control) {
    const std::string exe = argv.at(0);
    std::unique_ptr<ChildProcess> p;
    try {
      p = std::make_unique<ChildProcess>(
          ChildSpec{.argv = std::move(argv), .control = control, .stderr_log = log});
    } catch (const std::exception& e) {
      problem = "cannot start " + name + ": " + e.what();
      return std::nullopt;
    }
    auto line = p->await_line(ready, ChildProcess::Clock::now() + kReady);
    if (!line) {
      const bool ended = p->wait_exit(ChildProcess::Millis{100});
      p->stop(ChildProcess::Millis{200}, ChildProcess::Millis{300});
      // exit_description() names the binary (its file name) and says how it ended.
      problem = (ended ? p->exit_description() + " before it was ready"
                       : name + " was not ready within " + std::to_string(kReady.count()) + " s") +
                " (" + exe + "); its log (" + log + ") ends:\n" +
                tail_of(p->stderr_tail() + p->stdout_tail());
      return std::nullopt;
    }
    p->drain();
    helpers.push_back({name, log, std::move(p)});
    return line;
  }

  void stop() noexcept {
    for (auto it = helpers.rbegin(); it != helpers.rend(); ++it)
      it->process->stop(ChildProcess::Millis{1000}, ChildProcess::Millis{500});
    helpers.clear();
    if (!dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
      if (own_dir) live::remove_directory(dir);
      dir.clear();
    }
  }
};

SimBle::SimBle(Rig& rig, const fs::path& run_dir) : parts_(std::make_shared<Parts>()) {
  BlePixit& ble = *rig.ble;
  Parts& p = *parts_;
  auto parts = parts_;
  ble.sim_problem = [parts] { return parts->check(); };

  fs::create_directories(run_dir);
  const std::string logs = (run_dir / ("ble-" + rig.name + "-")).string();
  std::string tried_air, tried_bluez;
  const std::string air_exe = find_helper("atsim-air", "ATSIM_AIR", tried_air);
  const std::string bluez_exe = find_helper("atsim-bluez", "ATSIM_BLUEZ", tried_bluez);
  const std::string dbus_exe = find_dbus_daemon();
  if (dbus_exe.empty()) {
    p.problem = "dbus-daemon not found (apt-get install dbus): the simulated BlueZ needs a bus";
    return;
  }
  if (air_exe.empty() || bluez_exe.empty()) {
    p.problem = "cannot find " + std::string(air_exe.empty() ? "atsim-air" : "atsim-bluez") +
                "; tried " + (air_exe.empty() ? tried_air : tried_bluez) +
                "; build the atsim-air and atsim-bluez targets";
    return;
  }
  try {
    p.dir = socket_dir(p.own_dir);
  } catch (const std::exception& e) {
    p.problem = e.what();
    return;
  }
  const std::string conf = p.dir + "/bus.conf";
  std::ofstream(conf) << bus_config(p.dir + "/bus");

  auto address =
      p.start("dbus-daemon", {dbus_exe, "--nofork", "--print-address=1", "--config-file=" + conf},
              logs + "dbus-daemon.log", "unix:", false);
  if (!address) return;
  ble.sim_bus = "unix:" + *address;

  const std::string air = p.dir + "/air";
  std::string world = ble.world;
  if (world.empty()) {
    try {
      world = (fs::path(config_dir()) / "worlds" / "air.xml").string();
    } catch (const std::exception& e) {
      p.problem = std::string("the air's world file: ") + e.what();
      return;
    }
  }
  const std::string truth = (run_dir / ("ble-truth-" + rig.name + ".log")).string();
  std::error_code ec;
  fs::remove(truth, ec);  // the truth of this run only
  if (!p.start("atsim-air",
               {air_exe, "--socket", air, "--world", world, "--truth", truth, "--seed", "1"},
               logs + "atsim-air.log", "atsim-air: socket ", true))
    return;
  ble.sim_truth = truth;

  if (!p.start(
          "atsim-bluez",
          {bluez_exe, "--bus", ble.sim_bus, "--air", air, "--adapter", ble.adapter, "--address",
           kAdapterAddress, "--experimental", "--log", logs + "atsim-bluez-trace.log"},
          logs + "atsim-bluez.log", "atsim-bluez: ready ", true))
    return;

  for (DutConfig& d : rig.duts) {
    if (parse_link_uri(d.link_uri).scheme == "sim") d.sim.air = air;
  }
}

SimBle::~SimBle() {
  parts_->stop();
}

std::unique_ptr<SimBle> start_sim_ble(Rig& rig, const fs::path& run_dir) {
  if (!rig.ble || !rig.ble->simulated()) return nullptr;
  bool any = false;
  for (const DutConfig& d : rig.duts) any = any || parse_link_uri(d.link_uri).scheme == "sim";
  if (!any) return nullptr;
  auto s = std::make_unique<SimBle>(rig, run_dir);
  if (const std::string why = rig.ble->sim_problem(); !why.empty())
    std::cerr << "atconform: the simulated BLE world is not available: " << why << "\n";
  return s;
}

}  // namespace atc::app
