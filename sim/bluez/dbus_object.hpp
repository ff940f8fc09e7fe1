#pragma once
// One object of the simulated BlueZ on the bus, declared interface by interface.
//  - Methods get the raw MethodCall: the reply may be sent at once or much later (Connect
//    replies when the link is up), and an sdbus::Error thrown answers with that error.
//    Members not declared are refused by sd-bus itself with UnknownMethod (UnknownObject for
//    paths that do not exist): exactly the subset declared is served.
//  - Properties are read from the model when asked. BlueZ exposes some properties only while
//    they have a value (Name, RSSI, ManufacturerData, ...: gdbus "exists" callbacks); sd-bus
//    vtables are fixed, so each such optional property is a vtable of its own on the same path
//    (sd-bus merges the vtables of one interface), added and removed as the value comes and
//    goes. changed() does that, then emits PropertiesChanged with the new values and the
//    vanished properties as invalidated, as BlueZ does.
#include <sdbus-c++/sdbus-c++.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace atsim::bluez {

class DbusObject {
 public:
  using Method = std::function<void(sdbus::MethodCall call)>;

  DbusObject(sdbus::IConnection& bus, std::string path);
  ~DbusObject();
  DbusObject(const DbusObject&) = delete;
  DbusObject& operator=(const DbusObject&) = delete;

  const std::string& path() const { return path_; }

  void method(const std::string& iface, const std::string& name, const std::string& in,
              const std::string& out, Method m);
  template <typename T>
  void property(const std::string& iface, const std::string& name, std::function<T()> get) {
    add(iface, name, sdbus::signature_of<T>::str(), getter<T>(get), {}, always(), variant<T>(get));
  }
  // Set may throw sdbus::Error (e.g. org.bluez.Error.InvalidArguments) to refuse the value.
  template <typename T>
  void writable(const std::string& iface, const std::string& name, std::function<T()> get,
                std::function<void(const T&)> set) {
    add(
        iface, name, sdbus::signature_of<T>::str(), getter<T>(get),
        [set](sdbus::PropertySetCall& call) {
          T v;
          call >> v;
          set(v);
        },
        always(), variant<T>(get));
  }
  template <typename T>
  void optional(const std::string& iface, const std::string& name,
                std::function<std::optional<T>()> get) {
    add(
        iface, name, sdbus::signature_of<T>::str(),
        [get](sdbus::PropertyGetReply& r) {
          if (auto v = get()) r << *v;
        },
        {}, [get] { return get().has_value(); },
        [get] { return sdbus::Variant(get().value_or(T{})); }, true);
  }

  // Registers everything declared so far (call once).
  void finish();
  // The model changed `names` of `iface`: optional properties come or go, and one
  // PropertiesChanged goes out (nothing when `names` is empty).
  void changed(const std::string& iface, const std::vector<std::string>& names);
  // ObjectManager signals, from the root's manager ("/"): after finish(), and before the
  // object goes, respectively.
  void emit_added();
  void emit_removed();
  // A signal of our own (PropertiesChanged is built by changed()).
  sdbus::Signal signal(const std::string& iface, const std::string& name);
  void emit(const sdbus::Signal& s);

 private:
  struct Property {
    std::string iface, name, signature;
    sdbus::property_get_callback get;
    sdbus::property_set_callback set;
    std::function<bool()> present;
    std::function<sdbus::Variant()> value;
    bool optional = false;
    bool exported = false;
    std::unique_ptr<sdbus::IObject> own;  // the vtable of an optional property
  };
  template <typename T>
  static sdbus::property_get_callback getter(std::function<T()> get) {
    return [get](sdbus::PropertyGetReply& r) { r << get(); };
  }
  template <typename T>
  static std::function<sdbus::Variant()> variant(std::function<T()> get) {
    return [get] { return sdbus::Variant(get()); };
  }
  static std::function<bool()> always() {
    return [] { return true; };
  }
  void add(const std::string& iface, const std::string& name, std::string signature,
           sdbus::property_get_callback get, sdbus::property_set_callback set,
           std::function<bool()> present, std::function<sdbus::Variant()> value,
           bool optional = false);
  void export_optional(Property& p);

  sdbus::IConnection& bus_;
  const std::string path_;
  std::unique_ptr<sdbus::IObject> core_;
  std::vector<std::unique_ptr<Property>> properties_;
  std::vector<std::string> interfaces_;  // in declaration order
  bool finished_ = false;
};

}  // namespace atsim::bluez
