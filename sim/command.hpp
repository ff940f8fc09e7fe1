#pragma once
// Commands: how a received line is split into name, variant and parameters, and the table of
// handlers that chapters fill in (see chapters.hpp).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/chip.hpp"
#include "sim/params.hpp"

namespace atsim {

class Device;

// The four forms of an AT command (both documents, §2). Bit values so a command can declare
// the set of forms its document defines.
enum Variant : unsigned {
  kTest = 1,     // AT+X=?
  kQuery = 2,    // AT+X?
  kSet = 4,      // AT+X=<...>
  kExecute = 8,  // AT+X, and V.250 style commands such as ATE0
};

struct Request {
  std::string name;  // "" for plain AT, "+UART_CUR", or a V.250 letter such as "E"
  Variant variant = kExecute;
  std::string argument;  // text after "=" (set), or after the letter (ATE0 -> "0")
  Params params;         // parsed `argument` for kSet, empty otherwise
};

// nullopt when the line is not well formed (not "AT", bad name, bad parameter syntax): ERROR.
std::optional<Request> parse_request(std::string_view line);

using Handler = std::function<void(Device&, const Request&)>;
using BootHook = std::function<void(Device&)>;

struct Command {
  unsigned variants = 0;
  Handler handler;
};

// What one chip's firmware knows: its commands, and what each chapter resets at boot.
class Registry {
 public:
  explicit Registry(Chip chip) : chip_(chip) {}
  Chip chip() const { return chip_; }

  // `variants`: the forms the chip's document defines; any other form is answered ERROR
  // before the handler runs.
  void add(std::string name, unsigned variants, Handler handler);
  const Command* find(std::string_view name) const;

  // Runs at every boot (power on, reset, wake from deep sleep), before `ready`: a chapter puts
  // its volatile state back to the power-on defaults here.
  void on_boot(BootHook hook) { boot_hooks_.push_back(std::move(hook)); }
  const std::vector<BootHook>& boot_hooks() const { return boot_hooks_; }
  // Runs once the firmware is up (`ready` printed, commands accepted): what a real module starts
  // in the background after boot, such as auto-connecting to the saved AP.
  void on_ready(BootHook hook) { ready_hooks_.push_back(std::move(hook)); }
  const std::vector<BootHook>& ready_hooks() const { return ready_hooks_; }

 private:
  Chip chip_;
  std::map<std::string, Command, std::less<>> commands_;
  std::vector<BootHook> boot_hooks_;
  std::vector<BootHook> ready_hooks_;
};

}  // namespace atsim
