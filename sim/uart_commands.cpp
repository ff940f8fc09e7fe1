// §3 UART configuration: AT+UART_CUR (volatile), AT+UART_DEF (saved), and the ESP8266's
// deprecated AT+UART (same as _DEF, set only). The reply always leaves at the OLD settings;
// the new ones apply once the OK is on the wire.
#include <string>

#include "sim/chapters.hpp"
#include "sim/device.hpp"
#include "sim/lenient.hpp"

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

// `error-still-applies`: what a planted firmware makes of rejected parameters: each number there
// clamped into its range, the current value where there is none.
UartSettings clamped_settings(Device& d, const Params& p) {
  const std::int64_t min_baud = d.chip() == Chip::esp32 ? 80 : 110;
  const std::int64_t max_baud = d.chip() == Chip::esp32 ? 5'000'000 : 4'608'000;
  UartSettings s = d.uart();
  std::int64_t* fields[] = {&s.baud, &s.data_bits, &s.stop_bits, &s.parity, &s.flow};
  const std::int64_t lo[] = {min_baud, 5, 1, 0, 0}, hi[] = {max_baud, 8, 3, 2, 3};
  for (std::size_t i = 0; i < 5; ++i)
    if (auto v = clamped(p, i, lo[i], hi[i])) *fields[i] = *v;
  return s;
}

void set_uart(Device& d, const Request& r, Scope scope) {
  const bool save =
      scope == Scope::saved ? !d.has(Defect::uart_def_not_saved) : d.has(Defect::uart_cur_saved);
  auto s = parse_settings(d, r.params);
  if (!s) {
    return reject(d, [&] {
      const UartSettings applied = clamped_settings(d, r.params);
      if (save) d.storage().set("nvs.uart_def", applied.to_at());
      d.after_sent([&d, applied] { d.apply_uart(applied); });
    });
  }
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
  // esp32 §3.2.7 AT+UART_CUR, esp8266 §3.2.8 AT+UART_CUR
  r.add("+UART_CUR", kSet | kQuery, uart_handler(Scope::current));
  // esp32 §3.2.8 AT+UART_DEF, esp8266 §3.2.9 AT+UART_DEF
  r.add("+UART_DEF", kSet | kQuery, uart_handler(Scope::saved));
  // esp8266 §3.2.7 AT+UART
  if (r.chip() == Chip::esp8266) r.add("+UART", kSet, uart_handler(Scope::saved));
}

}  // namespace atsim
