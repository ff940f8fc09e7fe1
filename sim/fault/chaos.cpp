#include "sim/fault/chaos.hpp"

#include <cstdio>
#include <exception>

#include "sim/net/net.hpp"
#include "sim/noise.hpp"

namespace atsim::fault {

Chaos::Chaos(Parts parts, std::vector<Fault> schedule) : p_(parts) {
  p_.device.set_line_observer([this](const std::string& line) { on_command(line); });
  for (Fault& f : schedule) arm(std::move(f));
}

void Chaos::arm(Fault f) {
  switch (f.when.type) {
    case Trigger::Type::now:
      strike(f, "now");
      return;
    case Trigger::Type::time:
      // The loop's own timer, not Device::after: a reset must not cancel the schedule.
      p_.loop.after(std::chrono::milliseconds(f.when.number),
                    [this, f] { strike(f, std::to_string(f.when.number) + " ms after start"); });
      return;
    case Trigger::Type::command:
    case Trigger::Type::prefix:
      pending_.push_back(std::move(f));
      prefix_seen_.push_back(0);
      return;
  }
}

void Chaos::on_command(const std::string& line) {
  ++commands_;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Fault& f = pending_[i];
    bool due = false;
    if (f.when.type == Trigger::Type::command) due = commands_ == f.when.number;
    if (f.when.type == Trigger::Type::prefix && line.starts_with(f.when.prefix))
      due = ++prefix_seen_[i] == f.when.number;
    if (!due) continue;
    const Fault struck = f;
    pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i));
    prefix_seen_.erase(prefix_seen_.begin() + static_cast<std::ptrdiff_t>(i));
    strike(struck, "command " + std::to_string(commands_) + " (" + line.substr(0, 40) + ")");
    return;  // one fault per line: the next one waits for its own
  }
}

bool Chaos::control(std::string_view line) {
  if (!line.starts_with("FAULT ")) return false;
  auto parsed = parse_fault(line.substr(6));
  if (!parsed.fault) {
    std::fprintf(stderr, "atsim: control: %s\n", parsed.error.c_str());
    return false;
  }
  arm(std::move(*parsed.fault));
  return true;
}

void Chaos::strike(const Fault& f, const std::string& why) {
  std::fprintf(stderr, "atsim: fault: %s strikes at %s\n", f.spec.c_str(), why.c_str());
  const auto duration = std::chrono::milliseconds(f.duration_ms);
  switch (f.kind) {
    case Kind::silent:
      p_.tx.cut_after(static_cast<std::size_t>(f.bytes), [this] { p_.device.hang(); });
      return;
    case Kind::flood: {
      // As many noise bytes as the line carries in that time, queued where the firmware is:
      // what it was about to say comes after them.
      const UartSettings& uart = p_.device.uart();
      const auto n = static_cast<std::size_t>(duration / uart.char_time());
      Noise noise(0xF100D + static_cast<std::uint64_t>(n));
      std::string garbage(n, '\0');
      for (char& c : garbage) c = noise.byte(true);
      p_.tx.send_raw(std::move(garbage), uart);
      return;
    }
    case Kind::brown_out:
      p_.device.power_on();
      return;
    case Kind::drop_links:
      net(p_.device).close_all_links();
      return;
    case Kind::late:
      p_.tx.pause(duration);
      return;
    case Kind::stall:
      p_.wire.set_reading(false);
      p_.loop.after(duration, [this] {
        std::fprintf(stderr, "atsim: fault: reading the UART again\n");
        p_.wire.set_reading(true);
      });
      return;
    case Kind::unplug:
      if (!p_.ports) return;
      // From the loop, not from here: a command trigger runs inside the PTY's own callback,
      // and unplugging destroys that port.
      p_.loop.after(Clock::duration::zero(), [this] { p_.ports->unplug(); });
      p_.loop.after(duration, [this] {
        try {
          p_.ports->plug(p_.device.uart().baud);
          std::fprintf(stderr, "atsim: fault: plugged in again: %s\n",
                       p_.ports->pty_path().c_str());
        } catch (const std::exception& e) {
          std::fprintf(stderr, "atsim: fault: cannot plug in again: %s\n", e.what());
        }
      });
      return;
  }
}

}  // namespace atsim::fault
