#include "sim/bluez/gatt_database.hpp"

#include <algorithm>
#include <cstdlib>

#include "sim/bluez/device.hpp"
#include "sim/bluez/link.hpp"

namespace atsim::bluez {
namespace {

namespace prop = ble::prop;
namespace perm = ble::perm;
using ble::att::Error;

constexpr std::uint8_t kCccImproperlyConfigured = 0xFD;  // Core Supplement, common profile errors

// gatt-database.c dbus_error_to_att_ecode.
Error att_error(const sdbus::Error& e, Error not_permitted) {
  const auto& name = e.getName();
  if (name == "org.bluez.Error.Failed") {
    char* end = nullptr;
    const long code = std::strtol(e.getMessage().c_str(), &end, 0);
    if (!end || *end != '\0' || e.getMessage().empty()) return static_cast<Error>(0x80);
    if (code < 0x80 || code > 0x9F) return Error::unlikely_error;
    return static_cast<Error>(code);
  }
  if (name == "org.bluez.Error.NotSupported") return Error::request_not_supported;
  if (name == "org.bluez.Error.NotAuthorized") return Error::insufficient_authorization;
  if (name == "org.bluez.Error.InvalidValueLength") return Error::invalid_attribute_value_length;
  if (name == "org.bluez.Error.InvalidOffset") return Error::invalid_offset;
  if (name == "org.bluez.Error.InProgress") return static_cast<Error>(0xFE);
  if (name == "org.bluez.Error.NotPermitted") return not_permitted;
  return Error::unlikely_error;
}

// gatt-database.c parse_chrc_flags / parse_desc_flags: Flags → properties and permissions.
void parse_flags(const std::vector<std::string>& flags, std::uint8_t& props, std::uint16_t& p) {
  for (const auto& f : flags) {
    if (f == "broadcast")
      props |= prop::broadcast;
    else if (f == "read")
      props |= prop::read, p |= perm::read;
    else if (f == "write-without-response")
      props |= prop::write_no_rsp, p |= perm::write;
    else if (f == "write")
      props |= prop::write, p |= perm::write;
    else if (f == "notify")
      props |= prop::notify;
    else if (f == "indicate")
      props |= prop::indicate;
    else if (f == "authenticated-signed-writes")
      props |= 0x40, p |= perm::write;
    else if (f == "encrypt-read")
      props |= prop::read, p |= perm::read_encrypted;
    else if (f == "encrypt-write")
      props |= prop::write, p |= perm::write_encrypted;
    else if (f == "encrypt-authenticated-read" || f == "secure-read")
      props |= prop::read, p |= perm::read_mitm;
    else if (f == "encrypt-authenticated-write" || f == "secure-write")
      props |= prop::write, p |= perm::write_mitm;
  }
}

std::optional<ble::Uuid> uuid_of(const std::map<std::string, sdbus::Variant>& props) {
  auto it = props.find("UUID");
  if (it == props.end() || it->second.peekValueType() != "s") return std::nullopt;
  return ble::Uuid::parse(it->second.get<std::string>());
}

template <typename T>
std::optional<T> get(const std::map<std::string, sdbus::Variant>& props, const char* name) {
  auto it = props.find(name);
  if (it == props.end() || it->second.peekValueType() != sdbus::signature_of<T>::str())
    return std::nullopt;
  return it->second.get<T>();
}

}  // namespace

GattDatabase::GattDatabase(Context& ctx, std::function<std::string()> alias)
    : ctx_(ctx), alias_(std::move(alias)) {
  server_.set_hooks(ble::AttServer::Hooks{
      .read = [this](std::uint16_t h, std::uint16_t off,
                     ble::AttServer::ReadDone done) { read_hook(h, off, std::move(done)); },
      .was_read = {},
      .write = [this](std::uint16_t h, const Bytes& v, bool cmd,
                      ble::AttServer::WriteDone done) { write_hook(h, v, cmd, std::move(done)); },
      .confirmed =
          [this] {
            auto it = indicated_.find(current_);
            if (it == indicated_.end()) return;
            if (auto* a = by_handle(it->second)) {
              fire(a->owner, a->object, kCharIface, "Confirm");
            }
            indicated_.erase(it);
          },
  });
  rebuild();
}

GattDatabase::~GattDatabase() = default;

void GattDatabase::declare(DbusObject& adapter) {
  adapter.method(kGattManagerIface, "RegisterApplication", "oa{sv}", "",
                 [this](sdbus::MethodCall c) { register_application(std::move(c)); });
  adapter.method(kGattManagerIface, "UnregisterApplication", "o", "",
                 [this](sdbus::MethodCall c) { unregister_application(std::move(c)); });
}

void GattDatabase::register_application(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  std::map<std::string, sdbus::Variant> opts;
  call >> path >> opts;
  const std::string owner = call.getSender();
  ctx_.log.line("GattManager1.RegisterApplication " + std::string(path) + " from " + owner);
  for (const auto& a : apps_) {
    if (a->owner == owner && a->path == path) throw error::already_exists();
  }
  // BlueZ reads the application before it answers (gdbus client: GetManagedObjects).
  ctx_.calls.call(
      owner, path, kObjectManagerIface, "GetManagedObjects", {}, std::chrono::seconds(25),
      [this, call, owner, p = std::string(path)](sdbus::MethodReply& reply, const sdbus::Error* e) {
        if (e) {
          ctx_.log.line("application " + p + ": GetManagedObjects failed: " + e->getName());
          return reply_error(call,
                             error::failed("Failed to read the application: " + e->getName()));
        }
        auto app = std::make_unique<Application>();
        app->owner = owner;
        app->path = p;
        reply >> app->objects;
        apps_.push_back(std::move(app));
        const std::string problem = rebuild();
        if (!problem.empty()) {
          apps_.pop_back();
          rebuild();
          ctx_.log.line("application " + p + " refused: " + problem);
          return reply_error(call, error::failed(problem));
        }
        watch_values(*apps_.back());
        reply_ok(call);
      });
}

void GattDatabase::unregister_application(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  call >> path;
  const std::string owner = call.getSender();
  ctx_.log.line("GattManager1.UnregisterApplication " + std::string(path) + " from " + owner);
  auto it = std::find_if(apps_.begin(), apps_.end(),
                         [&](const auto& a) { return a->owner == owner && a->path == path; });
  if (it == apps_.end()) throw error::does_not_exist();
  apps_.erase(it);
  rebuild();
  reply_ok(call);
}

void GattDatabase::client_gone(const std::string& name) {
  const auto before = apps_.size();
  std::erase_if(apps_, [&](const auto& a) { return a->owner == name; });
  if (apps_.size() != before) {
    ctx_.log.line("applications of " + name + " dropped: it left the bus");
    rebuild();
  }
  ctx_.calls.drop(name);
}

std::string GattDatabase::rebuild() {
  db_.clear();
  attributes_.clear();
  indicated_.clear();
  // Handles move: the CCC values every link held are void (a Service Changed indication
  // would tell a real client to discover again).
  for (auto* l : links_) l->att_state()->cccd.clear();
  // BlueZ's own services come first (populate_gap_service, populate_gatt_service).
  db_.add_service(ble::Uuid::from16(ble::uuids::gap_service));
  name_handle_ = db_.add_characteristic(ble::Uuid::from16(ble::uuids::device_name), prop::read,
                                        perm::read, {});
  appearance_handle_ = db_.add_characteristic(ble::Uuid::from16(ble::uuids::appearance), prop::read,
                                              perm::read, {0x00, 0x00});
  db_.add_service(ble::Uuid::from16(ble::uuids::gatt_service));
  service_changed_handle_ =
      db_.add_characteristic(ble::Uuid::from16(ble::uuids::service_changed), prop::indicate, 0, {});
  db_.add_cccd();
  for (const auto& app : apps_) {
    auto problem = add_application(*app);
    if (!problem.empty()) return problem;
  }
  return {};
}

std::string GattDatabase::add_application(const Application& app) {
  using Props = std::map<std::string, sdbus::Variant>;
  std::vector<std::pair<std::string, const Props*>> services, chars, descs;
  for (const auto& [path, ifaces] : app.objects) {
    if (auto it = ifaces.find(kServiceIface); it != ifaces.end())
      services.emplace_back(path, &it->second);
    if (auto it = ifaces.find(kCharIface); it != ifaces.end())
      chars.emplace_back(path, &it->second);
    if (auto it = ifaces.find(kDescIface); it != ifaces.end())
      descs.emplace_back(path, &it->second);
  }
  if (services.empty()) return "No valid service object found";
  // Included services must be in the table before the service that includes them.
  std::map<std::string, std::uint16_t> service_handles;
  std::vector<std::string> order;
  std::function<std::string(const std::string&, int)> place = [&](const std::string& p,
                                                                  int depth) -> std::string {
    if (depth > 16) return "Included services form a loop";
    if (std::find(order.begin(), order.end(), p) != order.end()) return {};
    auto it =
        std::find_if(services.begin(), services.end(), [&](const auto& s) { return s.first == p; });
    if (it == services.end())
      return "Includes names an object that is no service of the application";
    for (const auto& inc : get<std::vector<sdbus::ObjectPath>>(*it->second, "Includes")
                               .value_or(std::vector<sdbus::ObjectPath>{})) {
      if (auto e = place(inc, depth + 1); !e.empty()) return e;
    }
    order.push_back(p);
    return {};
  };
  for (const auto& [p, props] : services) {
    if (auto e = place(p, 0); !e.empty()) return e;
  }
  for (const auto& spath : order) {
    const Props& sp = *std::find_if(services.begin(), services.end(), [&](const auto& s) {
                         return s.first == spath;
                       })->second;
    auto uuid = uuid_of(sp);
    if (!uuid) return "Failed to read \"UUID\" property of service " + spath;
    const std::uint16_t handle = db_.add_service(*uuid, get<bool>(sp, "Primary").value_or(true));
    service_handles[spath] = handle;
    for (const auto& inc : get<std::vector<sdbus::ObjectPath>>(sp, "Includes")
                               .value_or(std::vector<sdbus::ObjectPath>{})) {
      db_.add_include(service_handles.at(inc));
    }
    for (const auto& [cpath, cp] : chars) {
      if (get<sdbus::ObjectPath>(*cp, "Service").value_or(sdbus::ObjectPath{}) != spath) continue;
      auto cuuid = uuid_of(*cp);
      auto flags = get<std::vector<std::string>>(*cp, "Flags");
      if (!cuuid) return "Failed to read \"UUID\" property of characteristic " + cpath;
      if (!flags) return "Failed to read \"Flags\" property of characteristic " + cpath;
      std::uint8_t props = 0;
      std::uint16_t p = 0;
      parse_flags(*flags, props, p);
      Attribute a;
      a.owner = app.owner;
      a.object = cpath;
      a.props = props;
      a.handle = db_.add_characteristic(*cuuid, props, p, {});
      if (props & (prop::notify | prop::indicate)) a.cccd = db_.add_cccd();
      attributes_[a.handle] = a;
      for (const auto& [dpath, dp] : descs) {
        if (get<sdbus::ObjectPath>(*dp, "Characteristic").value_or(sdbus::ObjectPath{}) != cpath)
          continue;
        auto duuid = uuid_of(*dp);
        if (!duuid) return "Failed to read \"UUID\" property of descriptor " + dpath;
        std::uint8_t dprops = 0;
        std::uint16_t dperm = 0;
        parse_flags(
            get<std::vector<std::string>>(*dp, "Flags").value_or(std::vector<std::string>{}),
            dprops, dperm);
        Attribute d;
        d.owner = app.owner;
        d.object = dpath;
        d.descriptor = true;
        d.handle = db_.add_descriptor(*duuid, dperm, {});
        attributes_[d.handle] = d;
      }
    }
  }
  return {};
}

void GattDatabase::watch_values(Application& app) {
  const std::string owner = app.owner;
  app.value_watch = ctx_.bus.addMatch(
      "type='signal',sender='" + owner +
          "',interface='org.freedesktop.DBus.Properties',"
          "member='PropertiesChanged',path_namespace='" +
          app.path + "'",
      [this, owner](sdbus::Message& m) {
        try {
          std::string iface;
          std::map<std::string, sdbus::Variant> changed;
          std::vector<std::string> invalidated;
          m >> iface >> changed >> invalidated;
          if (iface != kCharIface) return;
          auto it = changed.find("Value");
          if (it == changed.end() || it->second.peekValueType() != "ay") return;
          on_value(owner, m.getPath(), it->second.get<Bytes>());
        } catch (const std::exception& e) {
          ctx_.log.line(std::string("a PropertiesChanged we cannot read: ") + e.what());
        }
      });
}

void GattDatabase::on_value(const std::string& owner, const std::string& path, const Bytes& value) {
  for (auto& [handle, a] : attributes_) {
    if (a.descriptor || a.owner != owner || a.object != path) continue;
    // send_notification_to_devices: to every link that enabled it; indication when the
    // client asked for indications, else a notification. At most 512 bytes.
    const Bytes v(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(
                                                     std::min<std::size_t>(value.size(), 512)));
    for (auto* l : links_) {
      const bool ind =
          server_.subscribed(*l->att_state(), handle, true) && (a.props & prop::indicate);
      const bool ntf =
          server_.subscribed(*l->att_state(), handle, false) && (a.props & prop::notify);
      if (ind) {
        indicated_[l] = handle;
        l->send_att(ble::AttServer::indication(*l->att_state(), handle, v));
      } else if (ntf) {
        l->send_att(ble::AttServer::notification(*l->att_state(), handle, v));
      }
    }
  }
}

GattDatabase::Attribute* GattDatabase::by_handle(std::uint16_t handle) {
  auto it = attributes_.find(handle);
  return it == attributes_.end() ? nullptr : &it->second;
}

void GattDatabase::fire(const std::string& owner, const std::string& path, const char* iface,
                        const char* member) {
  // g_dbus_proxy_method_call without a reply function: sent as no-reply (g_dbus_send_message).
  ctx_.calls.send_no_reply(owner, path, iface, member);
}

std::map<std::string, sdbus::Variant> GattDatabase::options(std::uint16_t offset,
                                                            const char* type) const {
  std::map<std::string, sdbus::Variant> o;
  o.emplace("offset", sdbus::Variant(offset));
  if (type) o.emplace("type", sdbus::Variant(std::string(type)));
  if (current_) {
    o.emplace("mtu", sdbus::Variant(current_->att_state()->mtu));
    o.emplace("device", sdbus::Variant(sdbus::ObjectPath(current_->device().path())));
    o.emplace("link", sdbus::Variant(std::string("LE")));
  }
  return o;
}

void GattDatabase::read_hook(std::uint16_t handle, std::uint16_t offset,
                             ble::AttServer::ReadDone done) {
  if (handle == name_handle_) {
    // The local GAP Device Name is the adapter's Alias.
    const auto name = alias_();
    if (offset > name.size()) return done(Error::invalid_offset, {});
    return done(Error::none, Bytes(name.begin() + offset, name.end()));
  }
  Attribute* a = by_handle(handle);
  if (!a) {
    const auto* attr = db_.find(handle);
    if (!attr || offset > attr->value.size()) return done(Error::invalid_offset, {});
    return done(Error::none, Bytes(attr->value.begin() + offset, attr->value.end()));
  }
  auto opts = options(offset, nullptr);
  ctx_.calls.call(
      a->owner, a->object, a->descriptor ? kDescIface : kCharIface, "ReadValue",
      [opts](sdbus::MethodCall& m) { m << opts; }, std::chrono::seconds(25),
      [done](sdbus::MethodReply& reply, const sdbus::Error* e) {
        if (e) return done(att_error(*e, Error::read_not_permitted), {});
        Bytes v;
        reply >> v;
        done(Error::none, std::move(v));
      });
}

void GattDatabase::write_hook(std::uint16_t handle, const Bytes& value, bool command,
                              ble::AttServer::WriteDone done) {
  // A CCC write: BlueZ's own (ccc_write_cb), turned into StartNotify/StopNotify.
  for (auto& [h, a] : attributes_) {
    if (a.cccd != handle || handle == 0) continue;
    const std::uint16_t v = static_cast<std::uint16_t>(value[0] | value[1] << 8);
    if (v > 2 || (v == 1 && !(a.props & prop::notify)) || (v == 2 && !(a.props & prop::indicate))) {
      return done(static_cast<Error>(kCccImproperlyConfigured));
    }
    std::uint16_t before = 0;
    if (current_) {
      auto it = current_->att_state()->cccd.find(handle);
      if (it != current_->att_state()->cccd.end()) before = it->second;
    }
    if (!before && v) {
      if (a.subscribers++ == 0) fire(a.owner, a.object, kCharIface, "StartNotify");
    } else if (before && !v && a.subscribers > 0) {
      if (--a.subscribers == 0) fire(a.owner, a.object, kCharIface, "StopNotify");
    }
    return done(Error::none);
  }
  if (handle == service_changed_handle_ || handle == name_handle_ || handle == appearance_handle_) {
    return done(Error::write_not_permitted);
  }
  Attribute* a = by_handle(handle);
  if (!a) return done(Error::none);  // BlueZ's own CCCD (Service Changed): stored by the server
  const Bytes v = value;
  auto opts = options(0, a->descriptor ? nullptr : (command ? "command" : "request"));
  ctx_.calls.call(
      a->owner, a->object, a->descriptor ? kDescIface : kCharIface, "WriteValue",
      [v, opts](sdbus::MethodCall& m) { m << v << opts; }, std::chrono::seconds(25),
      [done](sdbus::MethodReply&, const sdbus::Error* e) {
        if (e) return done(att_error(*e, Error::write_not_permitted));
        done(Error::none);
      });
}

void GattDatabase::att_request(Link& link, const Bytes& pdu, std::function<void(Bytes)> respond) {
  current_ = &link;
  server_.handle(link.att_state(), pdu, std::move(respond));
  current_ = nullptr;
}

void GattDatabase::link_up(Link& link) {
  links_.push_back(&link);
}

void GattDatabase::link_down(Link& link) {
  for (const auto& [cccd, v] : link.att_state()->cccd) {
    if (!v) continue;
    for (auto& [h, a] : attributes_) {
      if (a.cccd == cccd && a.subscribers > 0 && --a.subscribers == 0) {
        fire(a.owner, a.object, kCharIface, "StopNotify");
      }
    }
  }
  indicated_.erase(&link);
  std::erase(links_, &link);
}

}  // namespace atsim::bluez
