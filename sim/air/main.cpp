// atsim-air: the simulated BLE air shared by the simulated DUTs (atsim --air) and the simulated
// host adapter (atsim-bluez). Wiring only: options, the socket server, the medium, the scripted
// radios of the world file, the truth file, stdin control and signals. See
// docs/contracts/ble-air.md.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/air/medium.hpp"
#include "sim/air/scripted_radio.hpp"
#include "sim/air/server.hpp"
#include "sim/air/truth.hpp"
#include "sim/air/world.hpp"

namespace {

using namespace atsim;
using namespace atsim::air;

const char* kUsage =
    "usage: atsim-air --socket PATH [--world FILE] [--truth FILE] [--seed N] [--help]\n"
    "The simulated BLE air: radios connect to PATH (AF_UNIX SOCK_SEQPACKET, "
    "docs/contracts/ble-air.md).\n"
    "Prints `atsim-air: socket PATH` on stdout once listening.\n"
    "stdin: `MOVE <addr> <rssi>`, `DROP <addr>`, `QUIT`; end of file exits.\n";

struct Options {
  std::string socket, world, truth;
  std::uint64_t seed = 1;
};

// One control line: false when it is not understood.
bool control(Medium& m, EventLoop& loop, const std::string& line) {
  std::istringstream in(line);
  std::string word, addr;
  in >> word;
  if (word.empty()) return true;
  if (word == "QUIT") {
    loop.stop(0);
    return true;
  }
  in >> addr;
  auto a = ble::parse_address(addr);
  if (!a) return false;
  if (word == "DROP") return m.drop(*a);
  int rssi = 0;
  if (word == "MOVE" && (in >> rssi) && rssi >= -127 && rssi <= 20) return m.move(*a, rssi);
  return false;
}

int run(const Options& o) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  const int sig_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  signal(SIGPIPE, SIG_IGN);

  std::optional<AirWorld> world;
  if (!o.world.empty()) world = load_air_world(o.world);
  TruthLog truth;
  if (!o.truth.empty()) truth.open(o.truth);
  EventLoop loop;
  Medium medium(loop, truth, o.seed);
  if (world) {
    for (const auto& r : world->rssi) medium.set_default_rssi(r.address, r.rssi);
  }
  AirServer server(loop, medium, o.socket);
  std::vector<std::unique_ptr<ScriptedRadio>> scripted;
  if (world) {
    for (const auto& r : world->radios)
      scripted.push_back(std::make_unique<ScriptedRadio>(loop, medium, r));
  }
  std::printf("atsim-air: socket %s\n", o.socket.c_str());
  std::fflush(stdout);

  std::string pending;
  loop.watch(STDIN_FILENO, POLLIN, [&](short) {
    char buf[512];
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) return loop.stop(0);  // end of file: whoever drove us is gone
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!control(medium, loop, line))
        std::fprintf(stderr, "atsim-air: control: not understood: %s\n", line.c_str());
      if (loop.stopped()) return;
    }
  });
  if (sig_fd >= 0) loop.watch(sig_fd, POLLIN, [&](short) { loop.stop(0); });
  const int code = loop.run();
  scripted.clear();
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // Die with the parent (the harness or a test), as the other simulator helpers do.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) return 1;  // the parent is already gone
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a != "--socket" && a != "--world" && a != "--truth" && a != "--seed") {
      std::fprintf(stderr, "atsim-air: unknown argument '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
    auto v = value();
    if (!v) {
      std::fprintf(stderr, "atsim-air: %s needs a value\n%s", a.c_str(), kUsage);
      return 2;
    }
    if (a == "--socket") o.socket = *v;
    if (a == "--world") o.world = *v;
    if (a == "--truth") o.truth = *v;
    if (a == "--seed") {
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), o.seed);
      if (v->empty() || ec != std::errc() || p != v->data() + v->size()) {
        std::fprintf(stderr, "atsim-air: --seed wants a non-negative integer\n");
        return 2;
      }
    }
  }
  if (o.socket.empty()) {
    std::fprintf(stderr, "atsim-air: --socket is required\n%s", kUsage);
    return 2;
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "atsim-air: %s\n", e.what());
    return 1;
  }
}
