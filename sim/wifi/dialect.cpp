#include "sim/wifi/dialect.hpp"

#include "sim/wifi/state.hpp"

namespace atsim::wifi {

void add_scoped(Registry& r, const std::string& base, unsigned variants, ScopedHandler h) {
  r.add(base, variants, [h](Device& d, const Request& q) { h(d, q, Scope::plain); });
  if (r.chip() != Chip::esp8266) return;
  r.add(base + "_CUR", variants, [h](Device& d, const Request& q) { h(d, q, Scope::cur); });
  r.add(base + "_DEF", variants, [h](Device& d, const Request& q) { h(d, q, Scope::def); });
}

void change(Device& d, bool persist, std::initializer_list<Key> keys,
            const std::function<void(Settings&)>& fn) {
  fn(wifi(d).now);
  if (!persist) return;
  Settings saved = load_settings(d.storage(), d.chip(), board(d));
  fn(saved);
  for (Key k : keys) save(d.storage(), saved, k);
}

Settings reported(Device& d, Scope s) {
  return reports_saved(s) ? load_settings(d.storage(), d.chip(), board(d)) : wifi(d).now;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\\' || c == '"' || c == ',') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace atsim::wifi
