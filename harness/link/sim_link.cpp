#include "harness/link/sim_link.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "harness/link/link_error.hpp"
#include "harness/link/posix_io.hpp"
#include "harness/process/live_processes.hpp"

namespace atc {

namespace {

constexpr auto kAnnounceLimit = std::chrono::seconds(5);
constexpr auto kQuitLimit = Millis(1000);
const std::string kAnnounce = "atsim: pty ";

bool executable(const std::string& path) {
  return ::access(path.c_str(), X_OK) == 0;
}

// atsim's flags for the options, in the order docs/sim.md lists them.
std::vector<std::string> atsim_argv(const std::string& exe, const SimLink::Options& o,
                                    const std::string& nvs, const std::string& power_switch) {
  std::vector<std::string> args = {exe, "--chip",         o.chip,      "--nvs",
                                   nvs, "--power-switch", power_switch};
  for (const auto& d : o.defects) args.insert(args.end(), {"--defect", d});
  for (const auto& f : o.faults) args.insert(args.end(), {"--fault", f});
  auto add = [&args](const char* flag, const std::optional<std::string>& v) {
    if (v) args.insert(args.end(), {flag, *v});
  };
  auto add_int = [&args](const char* flag, const std::optional<int>& v) {
    if (v) args.insert(args.end(), {flag, std::to_string(*v)});
  };
  const SimSettings& s = o.sim;
  add("--world", s.world);
  add("--truth", s.truth);
  add("--pki", s.pki);
  add("--dns", s.dns);
  add("--ota", s.ota);
  add_int("--low-port-offset", s.low_port_offset);
  add_int("--station-host", s.station_host);
  add("--softap-ip", s.softap_ip);
  add("--base-mac", s.base_mac);
  add("--air", s.air);
  add_int("--boot-ms", o.boot_ms);
  return args;
}

}  // namespace

std::string SimLink::find_atsim(const std::optional<std::string>& option, const std::string& uri) {
  if (option) {
    if (executable(*option)) return *option;
    throw LinkError(uri + ": atsim=" + *option + " is not an executable file");
  }
  std::string tried;
  if (const char* env = std::getenv("ATSIM"); env && *env) {
    if (executable(env)) return env;
    tried = std::string(env) + " ($ATSIM), ";
  }
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = (self.parent_path() / "atsim").string();
    if (executable(beside)) return beside;
    tried += beside + " (beside " + self.filename().string() + ")";
  }
  throw LinkError(uri + ": cannot find atsim; tried " + (tried.empty() ? "nothing" : tried) +
                  "; build the atsim target, set ATSIM, or pass atsim=PATH");
}

SimLink::SimLink(Options o, const SerialSettings& s, std::string uri) : uri_(std::move(uri)) {
  const std::string exe = find_atsim(o.atsim, uri_);
  try {
    // A private directory for this link: the NVS file (unless the URI names one: NVS must
    // survive AT+RST, a restart inside atsim, but not this link) and the power switch.
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/atsim-XXXXXX";
    if (!::mkdtemp(templ.data())) throw_errno(uri_ + ": mkdtemp " + templ);
    tmpdir_ = templ;
    if (!live::add_directory(tmpdir_)) throw LinkError(uri_ + ": the run is stopping");
    nvs_ = o.nvs ? *o.nvs : tmpdir_ + "/nvs";
    power_switch_ = tmpdir_ + "/power";
    try {
      child_ = std::make_unique<ChildProcess>(
          ChildSpec{.argv = atsim_argv(exe, o, nvs_, power_switch_), .control = true});
    } catch (const ProcessError& e) {
      throw LinkError(uri_ + ": cannot start atsim: " + e.what());
    }
    auto pty = child_->await_line(kAnnounce, Clock::now() + kAnnounceLimit);
    if (!pty)
      fail(child_->wait_exit(Millis{200})
               ? "atsim ended before announcing its PTY"
               : "atsim did not announce its PTY (\"" + kAnnounce + "/dev/pts/N\") within " +
                     std::to_string(kAnnounceLimit.count()) + " s");
    child_->drain();
    try {
      tty_ = std::make_unique<TtyLink>(*pty, s, uri_);
    } catch (const LinkError& e) {
      fail(std::string("cannot open the PTY atsim announced: ") + e.what());
    }
  } catch (...) {
    shutdown();
    throw;
  }
}

SimLink::~SimLink() {
  shutdown();
}

void SimLink::fail(const std::string& why) {
  std::string tail = child_ ? child_->stderr_tail() : std::string();
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  const std::string status = child_ ? child_->exit_description() : "atsim was not started";
  throw LinkError(uri_ + ": " + why + "; " + status +
                  (tail.empty() ? "; its stderr is empty" : "; its stderr ends:\n" + tail));
}

std::optional<Chunk> SimLink::read(Clock::time_point deadline) {
  try {
    return tty_->read(deadline);
  } catch (const LinkError& e) {
    fail(e.what());
  }
}

void SimLink::write(std::string_view bytes) {
  try {
    tty_->write(bytes);
  } catch (const LinkError& e) {
    fail(e.what());
  }
}

bool SimLink::set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
  std::string cmd;
  {
    std::lock_guard lk(lines_mu_);
    if (dtr) dtr_ = *dtr;
    if (rts) rts_ = *rts;
    cmd = std::string("LINES ") + (dtr_ ? '1' : '0') + ' ' + (rts_ ? '1' : '0') + '\n';
  }
  if (!child_->send(cmd, Clock::now() + Millis(1000)))
    fail("atsim does not read its control input");
  return true;
}

void SimLink::shutdown() noexcept {
  if (child_) {
    child_->send("QUIT\n", Clock::now());  // best effort: stop() closes the input anyway
    child_->stop(kQuitLimit);
  }
  tty_.reset();
  child_.reset();
  if (!tmpdir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(tmpdir_, ec);
    live::remove_directory(tmpdir_);
    tmpdir_.clear();
  }
}

}  // namespace atc
