// §3 UART configuration: AT+UART_CUR (volatile), AT+UART_DEF (saved), and the ESP8266's
// deprecated AT+UART (same as _DEF, set only). The reply always leaves at the OLD settings;
// the new ones apply once the OK is on the wire.
#include <string>

#include "sim/chapters.hpp"
#include "sim/device.hpp"

namespace atsim {
namespace {

enum class Scope { current, saved };

std::optional<UartSettings> parse_settings(Device& d, const Params& p) {
  if (p.size() != 5) return std::nullopt;
  // ESP32 §3.2.7: 80 ~ 5000000; ESP8266 §3.2.8: 110 to 115200*40.
  const std::int64_t min_baud = d.chip() == Chip::esp32 ? 80 : 110;
  const std::int64_t max_baud = d.chip() == Chip::esp32 ? 5'000'000 : 4'608'000;
  auto baud = d.checked_int(p, 0, min_baud, max_baud);
  auto data = d.checked_int(p, 1, 5, 8);
  auto stop = d.checked_int(p, 2, 1, 3);
  auto parity = d.checked_int(p, 3, 0, 2);
  auto flow = d.checked_int(p, 4, 0, 3);
  if (!baud || !data || !stop || !parity || !flow) return std::nullopt;
  return UartSettings{*baud, *data, *stop, *parity, *flow};
}

void set_uart(Device& d, const Request& r, Scope scope) {
  auto s = parse_settings(d, r.params);
  if (!s) return d.error();
  const bool save =
      scope == Scope::saved ? !d.has(Defect::uart_def_not_saved) : d.has(Defect::uart_cur_saved);
  if (save) d.storage().set("nvs.uart_def", s->to_at());
  if (d.has(Defect::uart_applied_before_ok)) {
    d.apply_uart(*s);
    return d.ok();
  }
  d.ok();
  d.after_sent([&d, s = *s] { d.apply_uart(s); });
}

void query_uart(Device& d, Scope scope) {
  if (scope == Scope::current) {
    const UartSettings s = d.has(Defect::uart_query_stale) ? d.saved_uart() : d.uart();
    d.info("+UART_CUR:" + s.to_at());
  } else {
    d.info("+UART_DEF:" + d.saved_uart().to_at());
  }
  d.ok();
}

Handler uart_handler(Scope scope) {
  return [scope](Device& d, const Request& r) {
    if (r.variant == kQuery) return query_uart(d, scope);
    set_uart(d, r, scope);
  };
}

}  // namespace

void register_uart_commands(Registry& r) {
  // The ESP8266 document shows no query for _CUR/_DEF, but its 1.x firmware answers one, and
  // the ESP32 document defines it: both chips get it.
  r.add("+UART_CUR", kSet | kQuery, uart_handler(Scope::current));
  r.add("+UART_DEF", kSet | kQuery, uart_handler(Scope::saved));
  if (r.chip() == Chip::esp8266) r.add("+UART", kSet, uart_handler(Scope::saved));
}

}  // namespace atsim
