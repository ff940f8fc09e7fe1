#pragma once
// `sim:esp32` / `sim:esp8266`: starts the simulated DUT (atsim) as a child process and talks to
// it over the PTY it announces, exactly as `tty:` would. The child's stdin is a control channel
// (modem lines, QUIT); its stdout announces the PTY; its stderr is kept (last few KiB) for
// error messages.
//
//   atsim --chip <chip> --nvs PATH --power-switch FIFO [--defect NAME]... [--boot-ms N] [--world
//   FILE]
//         [--truth FILE] [--pki DIR] [--dns IP] [--ota HOST:PORT] [--low-port-offset N]
//   stdout, first line: "atsim: pty /dev/pts/N"
//   stdin: "LINES <dtr> <rts>\n" (0/1, 1 = asserted), "QUIT\n"
//
// The child gets SIGTERM if the thread that created the link exits (PR_SET_PDEATHSIG is tied to
// the creating thread, not the process): create SimLinks from a thread that outlives them.
#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/link/tty_link.hpp"

namespace atc {

class SimLink : public Link {
 public:
  struct Options {
    std::string chip;                  // esp32 | esp8266
    std::vector<std::string> defects;  // --defect, in order
    std::optional<std::string> nvs;    // none: a private temp dir, removed on close
    std::optional<int> boot_ms;        // --boot-ms
    std::optional<std::string> world;  // --world: the radio and network environment file
    // The simulated network (docs/contracts/tcpip.md), normally taken from the rig's <net>:
    std::optional<std::string> truth;    // --truth: passthrough packet send times
    std::optional<std::string> pki;      // --pki: the DUT's certificate store
    std::optional<std::string> dns;      // --dns: the network's DNS server address
    std::optional<std::string> ota;      // --ota: the OTA server, HOST:PORT (DUT side)
    std::optional<int> low_port_offset;  // --low-port-offset
    std::optional<std::string> atsim;    // the executable; see find_atsim
  };

  // Spawns atsim and opens its PTY with `s`. Throws LinkError naming `uri`, with atsim's exit
  // status and the tail of its stderr when it fails to start.
  SimLink(Options o, const SerialSettings& s, std::string uri);
  // QUIT, then at most 1 s for atsim to exit, then SIGKILL. Always reaps the child.
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

  pid_t pid() const { return pid_; }
  const std::string& pty_path() const { return tty_->path(); }
  const std::string& nvs_path() const { return nvs_; }
  // Writing "cycle\n" here power-cycles the simulated board ($ATC_SIM_POWER_SWITCH too).
  const std::string& power_switch_path() const { return power_switch_; }
  std::string stderr_tail() const;

  // The atsim executable: `option` if given, else $ATSIM, else "atsim" beside this executable.
  // Throws LinkError listing where it looked.
  static std::string find_atsim(const std::optional<std::string>& option, const std::string& uri);

 private:
  void spawn(const std::string& exe, const std::vector<std::string>& args);
  std::string await_pty(Clock::time_point deadline);
  void drain_loop();
  bool pump(int fd, std::string& tail, std::string* lines);  // false at end of file
  bool wait_exit(Millis limit);                              // reaps; true if exited
  std::string exit_description();                            // "exited with status 2", ...
  [[noreturn]] void fail(const std::string& why);
  void shutdown() noexcept;

  std::string uri_;
  std::string tmpdir_;  // ours to remove (the NVS file in it unless the caller chose one)
  std::string nvs_;
  std::string power_switch_;  // atsim's --power-switch FIFO
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int ctl_ = -1;  // our end of atsim's stdin (a socket: a dead atsim is EPIPE, not SIGPIPE)
  int out_ = -1;  // atsim's stdout
  int err_ = -1;  // atsim's stderr
  int stop_[2] = {-1, -1};
  std::mutex reap_mu_;
  std::optional<int> status_;  // waitpid status once reaped (under reap_mu_)
  mutable std::mutex mu_;      // tails and control writes
  std::string out_tail_, err_tail_;
  bool dtr_ = false, rts_ = false;
  std::thread drain_;
  std::unique_ptr<TtyLink> tty_;
};

}  // namespace atc
