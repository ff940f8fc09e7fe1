#pragma once
// How the two documents spell the Wi-Fi settings commands. ESP32: one name, saved in NVS.
// ESP8266 (v0.23 §4): AT+X_CUR (not saved), AT+X_DEF (saved; its query reports the saved
// value), and the deprecated AT+X, which behaves as _DEF but whose query reports what runs now.
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "sim/command.hpp"
#include "sim/device.hpp"
#include "sim/wifi/settings.hpp"

namespace atsim::wifi {

enum class Scope { plain, cur, def };

inline bool persists(Scope s) {
  return s != Scope::cur;
}
inline bool reports_saved(Scope s) {
  return s == Scope::def;
}

using ScopedHandler = std::function<void(Device&, const Request&, Scope)>;

// ESP32: `base` only. ESP8266: `base`, `base_CUR`, `base_DEF`.
void add_scoped(Registry& r, const std::string& base, unsigned variants, ScopedHandler h);

// Applies `fn` to the settings in force and, if `persist`, to the saved ones too (writing
// `keys`). Handlers validate everything first, then call this.
void change(Device& d, bool persist, std::initializer_list<Key> keys,
            const std::function<void(Settings&)>& fn);

// The settings a query reports: the saved ones for _DEF, else those in force.
Settings reported(Device& d, Scope s);

// A string field as the firmware prints it: quoted, with the parser's escapes (\\ \" \,) so
// an SSID such as esc,ap"\ reads back unambiguously.
std::string quote(std::string_view s);

// The command's own name for its answer lines: "+CWMODE_CUR" -> "+CWMODE_CUR:".
inline std::string prefix(const Request& r) {
  return r.name + ":";
}

}  // namespace atsim::wifi
