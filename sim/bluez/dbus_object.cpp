#include "sim/bluez/dbus_object.hpp"

#include <algorithm>

namespace atsim::bluez {
namespace {

// Only sdbus::Error may leave a callback (sdbus-c++ 1.2 lets nothing else through its C
// frames, ble.md §4b.3).
template <typename F>
void guarded(F&& f) {
  try {
    f();
  } catch (const sdbus::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw sdbus::Error("org.bluez.Error.Failed", e.what());
  }
}

}  // namespace

DbusObject::DbusObject(sdbus::IConnection& bus, std::string path)
    : bus_(bus), path_(std::move(path)), core_(sdbus::createObject(bus, path_)) {}

DbusObject::~DbusObject() = default;

void DbusObject::method(const std::string& iface, const std::string& name, const std::string& in,
                        const std::string& out, Method m) {
  if (std::find(interfaces_.begin(), interfaces_.end(), iface) == interfaces_.end()) {
    interfaces_.push_back(iface);
  }
  core_->registerMethod(iface, name, in, out,
                        [m = std::move(m)](sdbus::MethodCall call) { guarded([&] { m(call); }); });
}

void DbusObject::add(const std::string& iface, const std::string& name, std::string signature,
                     sdbus::property_get_callback get, sdbus::property_set_callback set,
                     std::function<bool()> present, std::function<sdbus::Variant()> value,
                     bool optional) {
  if (std::find(interfaces_.begin(), interfaces_.end(), iface) == interfaces_.end()) {
    interfaces_.push_back(iface);
  }
  auto p = std::make_unique<Property>();
  p->iface = iface;
  p->name = name;
  p->signature = std::move(signature);
  p->get = [get = std::move(get)](sdbus::PropertyGetReply& r) { guarded([&] { get(r); }); };
  if (set) p->set = [set = std::move(set)](sdbus::PropertySetCall& c) { guarded([&] { set(c); }); };
  p->present = std::move(present);
  p->value = std::move(value);
  p->optional = optional;
  if (!optional) {
    if (p->set) {
      core_->registerProperty(iface, name, p->signature, p->get, p->set);
    } else {
      core_->registerProperty(iface, name, p->signature, p->get);
    }
    p->exported = true;
  }
  properties_.push_back(std::move(p));
}

void DbusObject::export_optional(Property& p) {
  const bool want = p.present();
  if (want == p.exported) return;
  if (want) {
    // EMITS_CHANGE needs no sd-bus help: changed() builds the signal itself.
    p.own = sdbus::createObject(bus_, path_);
    p.own->registerProperty(p.iface, p.name, p.signature, p.get);
    p.own->finishRegistration();
  } else {
    p.own.reset();
  }
  p.exported = want;
}

void DbusObject::finish() {
  if (finished_) return;
  finished_ = true;
  core_->finishRegistration();
  for (auto& p : properties_) {
    if (p->optional) export_optional(*p);
  }
}

void DbusObject::changed(const std::string& iface, const std::vector<std::string>& names) {
  // Before it is published nobody may hear of it: InterfacesAdded will carry the values.
  if (names.empty() || !finished_) return;
  std::map<std::string, sdbus::Variant> values;
  std::vector<std::string> invalidated;
  for (const auto& name : names) {
    for (auto& p : properties_) {
      if (p->iface != iface || p->name != name) continue;
      if (p->optional) export_optional(*p);
      if (p->exported) {
        values.emplace(name, p->value());
      } else {
        invalidated.push_back(name);
      }
    }
  }
  if (values.empty() && invalidated.empty()) return;
  auto s = core_->createSignal("org.freedesktop.DBus.Properties", "PropertiesChanged");
  s << iface << values << invalidated;
  core_->emitSignal(s);
}

void DbusObject::emit_added() {
  core_->emitInterfacesAddedSignal();
}

void DbusObject::emit_removed() {
  core_->emitInterfacesRemovedSignal();
}

sdbus::Signal DbusObject::signal(const std::string& iface, const std::string& name) {
  return core_->createSignal(iface, name);
}

void DbusObject::emit(const sdbus::Signal& s) {
  core_->emitSignal(s);
}

}  // namespace atsim::bluez
