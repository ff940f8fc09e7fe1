#pragma once
// `sim:esp32` / `sim:esp8266`: starts the simulated DUT (atsim) as a child process and talks to
// it over the PTY it announces, exactly as `tty:` would. The child's stdin is a control channel
// (modem lines, QUIT); its stdout announces the PTY; its stderr is kept (last few KiB) for
// error messages.
//
//   atsim --chip <chip> --nvs PATH --power-switch FIFO [--defect NAME]... [--boot-ms N]
//         [--world FILE] [--truth FILE] [--pki DIR] [--dns IP] [--ota HOST:PORT]
//         [--low-port-offset N] [--station-host N] [--softap-ip IP] [--base-mac MAC] [--air PATH]
//         [--fault SPEC]...
//   stdout, first line: "atsim: pty /dev/pts/N"
//   stdin: "LINES <dtr> <rts>\n" (0/1, 1 = asserted), "QUIT\n"
//
// The child gets SIGTERM if the thread that created the link exits (PR_SET_PDEATHSIG is tied to
// the creating thread, not the process): create SimLinks from a thread that outlives them.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/link/link_uri.hpp"
#include "harness/link/sim_settings.hpp"
#include "harness/link/tty_link.hpp"
#include "harness/process/child_process.hpp"

namespace atc {

class SimLink : public Link {
 public:
  struct Options {
    std::string chip;                  // esp32 | esp8266
    std::vector<std::string> defects;  // --defect, in order
    std::vector<std::string> faults;   // --fault, in order: chaos on a schedule (docs/sim.md)
    std::optional<std::string> nvs;    // none: a private temp dir, removed on close
    std::optional<int> boot_ms;        // --boot-ms
    std::optional<std::string> atsim;  // the executable; see find_atsim
    SimSettings sim;                   // the rig's network and this DUT's addresses
  };
  // The options of `uri` (a parsed `sim:` URI), on top of the run's `settings`: an option the
  // URI names wins. Throws LinkError for an unknown chip or option, or a bad number.
  static Options options_from(const LinkUri& uri, const SimSettings& settings);

  // Spawns atsim and opens its PTY with `s`. Throws LinkError naming `uri`, with atsim's exit
  // status and the tail of its stderr when it fails to start.
  SimLink(Options o, const SerialSettings& s, std::string uri);
  // QUIT, then at most 1 s for atsim to exit, then SIGTERM, SIGKILL. Always reaps the child.
  ~SimLink() override;
  SimLink(const SimLink&) = delete;
  SimLink& operator=(const SimLink&) = delete;

  std::string uri() const override { return uri_; }
  std::optional<Chunk> read(Clock::time_point deadline) override;
  void write(std::string_view bytes) override;
  bool set_serial(const SerialSettings& s) override { return tty_->set_serial(s); }
  // Sends "LINES <dtr> <rts>"; an omitted line keeps its last state (both start released).
  bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) override;
  void interrupt() override { tty_->interrupt(); }
  // ATC_SIM_POWER_SWITCH=<this link's switch>: the sim rigs' <power_cycle> writes "cycle" there.
  std::vector<std::string> environment() const override {
    return {"ATC_SIM_POWER_SWITCH=" + power_switch_};
  }

  pid_t pid() const { return child_ ? child_->pid() : -1; }
  const std::string& pty_path() const { return tty_->path(); }
  const std::string& nvs_path() const { return nvs_; }
  // Writing "cycle\n" here power-cycles the simulated board ($ATC_SIM_POWER_SWITCH too).
  const std::string& power_switch_path() const { return power_switch_; }
  std::string stderr_tail() const { return child_ ? child_->stderr_tail() : std::string(); }

  // The atsim executable: `option` if given, else $ATSIM, else "atsim" beside this executable.
  // Throws LinkError listing where it looked.
  static std::string find_atsim(const std::optional<std::string>& option, const std::string& uri);

 private:
  [[noreturn]] void fail(const std::string& why);
  void shutdown() noexcept;

  std::string uri_;
  std::string tmpdir_;  // ours to remove (the NVS file in it unless the caller chose one)
  std::string nvs_;
  std::string power_switch_;  // atsim's --power-switch FIFO
  std::unique_ptr<ChildProcess> child_;
  std::mutex lines_mu_;
  bool dtr_ = false, rts_ = false;
  std::unique_ptr<TtyLink> tty_;
};

}  // namespace atc
