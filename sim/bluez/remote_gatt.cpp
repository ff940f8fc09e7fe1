#include "sim/bluez/remote_gatt.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/bluez/device.hpp"
#include "sim/bluez/link.hpp"

namespace atsim::bluez {
namespace {

using ble::Status;

std::string hex4(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", v);
  return buf;
}

// gatt-client.c create_gatt_dbus_error.
sdbus::Error dbus_error(const Status& s) {
  if (s.kind == Status::Kind::link_lost) return error::failed("Not connected");
  if (s.kind == Status::Kind::bad_response) return error::failed("Operation failed");
  switch (static_cast<std::uint8_t>(s.error)) {
    case 0x02:
      return error::not_permitted("Read not permitted");
    case 0x03:
      return error::not_permitted("Write not permitted");
    case 0x05:
    case 0x0C:
    case 0x0F:
      return error::not_permitted("Not paired");
    case 0x07:
      return error::invalid_args("Invalid offset");
    case 0x0D:
      return error::invalid_args("Invalid Length");
    case 0x08:
      return error::not_authorized();
    case 0x06:
      return error::not_supported();
    case 0x00:
      return error::failed("Operation failed");
    default: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "Operation failed with ATT error: 0x%02x",
                    static_cast<unsigned>(s.error));
      return error::failed(buf);
    }
  }
}

// The Flags BlueZ shows for the characteristic properties byte (chrc_props).
std::vector<std::string> flags_of(std::uint8_t props) {
  static const std::pair<std::uint8_t, const char*> names[] = {
      {0x01, "broadcast"},
      {0x02, "read"},
      {0x04, "write-without-response"},
      {0x08, "write"},
      {0x10, "notify"},
      {0x20, "indicate"},
      {0x40, "authenticated-signed-writes"},
      {0x80, "extended-properties"}};
  std::vector<std::string> out;
  for (const auto& [bit, name] : names) {
    if (props & bit) out.push_back(name);
  }
  return out;
}

std::uint16_t option_offset(const std::map<std::string, sdbus::Variant>& o) {
  auto it = o.find("offset");
  if (it == o.end()) return 0;
  if (it->second.peekValueType() != "q") throw error::invalid_args();
  return it->second.get<std::uint16_t>();
}

std::optional<std::string> option_type(const std::map<std::string, sdbus::Variant>& o) {
  auto it = o.find("type");
  if (it == o.end()) return std::nullopt;
  if (it->second.peekValueType() != "s") throw error::invalid_args();
  return it->second.get<std::string>();
}

}  // namespace

RemoteGatt::RemoteGatt(Context& ctx, Link& link, Device& device)
    : ctx_(ctx), link_(link), device_(device), client_([this](Bytes pdu) { link_.send_att(pdu); }) {
  client_.on_value = [this](std::uint16_t handle, const Bytes& value, bool) {
    on_value(handle, value);
  };
  client_.on_protocol_error = [this](const std::string& why) {
    ctx_.log.line("gatt client " + device_.path() + ": " + why);
  };
}

RemoteGatt::~RemoteGatt() {
  *alive_ = false;
  client_.abort();  // pending D-Bus calls get their "Not connected" reply
  for (auto& s : services_) {
    for (auto& c : s.characteristics) {
      for (auto& d : c.descriptors) {
        if (d.object) d.object->emit_removed();
      }
      if (c.object) c.object->emit_removed();
    }
    if (s.object) s.object->emit_removed();
  }
}

void RemoteGatt::start() {
  auto alive = alive_;
  client_.exchange_mtu(ble::att::kMaxMtu, [this, alive](Status s, std::uint16_t mtu) {
    if (!*alive) return;
    ctx_.log.line("gatt client " + device_.path() + ": MTU " + std::to_string(mtu) +
                  (s.ok() ? "" : " (exchange failed)"));
    // One ATT bearer: the MTU the exchange settled is the server side's too.
    if (s.ok()) link_.att_state()->mtu = mtu;
    discover_services();
  });
}

void RemoteGatt::discover_services() {
  auto alive = alive_;
  client_.discover_primary_services([this, alive](Status s, std::vector<ble::RemoteService> list) {
    if (!*alive) return;
    if (!s.ok()) return finished(false);
    for (const auto& r : list) {
      Service svc;
      svc.info = r;
      services_.push_back(std::move(svc));
    }
    if (services_.empty()) return finished(true);
    discover_service(0);
  });
}

void RemoteGatt::discover_service(std::size_t i) {
  if (i >= services_.size()) return finished(true);
  auto alive = alive_;
  const auto start = services_[i].info.start, end = services_[i].info.end;
  client_.find_included_services(
      start, end, [this, alive, i, start, end](Status s, std::vector<ble::RemoteInclude> inc) {
        if (!*alive) return;
        if (!s.ok()) return finished(false);
        for (const auto& x : inc) {
          services_[i].includes.push_back(x.start);
          // A secondary service is found through the include that names it (BlueZ also asks for
          // secondary services by group type; reaching them by include gives the same objects).
          const bool known =
              std::any_of(services_.begin(), services_.end(),
                          [&](const Service& sv) { return sv.info.start == x.start; });
          if (!known) {
            Service secondary;
            secondary.info = ble::RemoteService{x.start, x.end, x.uuid};
            secondary.primary = false;
            services_.push_back(std::move(secondary));
          }
        }
        client_.discover_characteristics(
            start, end, [this, alive, i](Status s2, std::vector<ble::RemoteCharacteristic> chars) {
              if (!*alive) return;
              if (!s2.ok()) return finished(false);
              for (const auto& c : chars) {
                Characteristic ch;
                ch.info = c;
                services_[i].characteristics.push_back(std::move(ch));
              }
              discover_descriptors(i, 0);
            });
      });
}

void RemoteGatt::discover_descriptors(std::size_t s, std::size_t c) {
  auto& svc = services_[s];
  if (c >= svc.characteristics.size()) return discover_service(s + 1);
  auto& ch = svc.characteristics[c];
  const std::uint16_t first = ch.info.value + 1;
  const std::uint16_t last =
      c + 1 < svc.characteristics.size()
          ? static_cast<std::uint16_t>(svc.characteristics[c + 1].info.decl - 1)
          : svc.info.end;
  if (first > last) return discover_descriptors(s, c + 1);
  auto alive = alive_;
  client_.discover_descriptors(
      first, last, [this, alive, s, c](Status st, std::vector<ble::RemoteDescriptor> descs) {
        if (!*alive) return;
        if (!st.ok()) return finished(false);
        auto& chr = services_[s].characteristics[c];
        for (const auto& d : descs) {
          Descriptor desc;
          desc.handle = d.handle;
          desc.uuid = d.uuid;
          if (d.uuid == ble::Uuid::from16(ble::uuids::cccd)) chr.cccd = d.handle;
          chr.descriptors.push_back(std::move(desc));
        }
        discover_descriptors(s, c + 1);
      });
}

void RemoteGatt::finished(bool ok) {
  if (!ok) {
    ctx_.log.line("gatt client " + device_.path() + ": discovery failed; services not resolved");
    return;
  }
  export_objects();
  std::vector<std::string> uuids;
  for (const auto& s : services_) uuids.push_back(s.info.uuid.canonical());
  device_.add_uuids(uuids);
  resolved_ = true;
  device_.set_services_resolved(true);
  // As BlueZ: the gap plugin reads the name once the database is there, after
  // ServicesResolved (device_accept_gatt_profiles, then device_svc_resolved).
  read_gap_name();
}

void RemoteGatt::read_gap_name() {
  for (auto& s : services_) {
    if (s.info.uuid != ble::Uuid::from16(ble::uuids::gap_service)) continue;
    for (auto& c : s.characteristics) {
      if (c.info.uuid != ble::Uuid::from16(ble::uuids::device_name)) continue;
      auto alive = alive_;
      client_.read(c.info.value, [this, alive](Status st, Bytes name) {
        if (!*alive || !st.ok()) return;
        device_.set_name(std::string(name.begin(), name.end()));
      });
      return;
    }
  }
}

std::string RemoteGatt::service_path(const Service& s) const {
  return device_.path() + "/service" + hex4(s.info.start);
}

void RemoteGatt::export_objects() {
  for (auto& s : services_) {
    // Claimed by BlueZ's own gap profile: never exported for remote devices.
    if (s.info.uuid == ble::Uuid::from16(ble::uuids::gap_service)) continue;
    const std::string path = service_path(s);
    s.object = std::make_unique<DbusObject>(ctx_.bus, path);
    auto& o = *s.object;
    const std::string I = kServiceIface;
    const std::string uuid = s.info.uuid.canonical();
    o.property<std::string>(I, "UUID", [uuid] { return uuid; });
    const std::string dev = device_.path();
    o.property<sdbus::ObjectPath>(I, "Device", [dev] { return sdbus::ObjectPath(dev); });
    o.property<bool>(I, "Primary", [&s] { return s.primary; });
    std::vector<sdbus::ObjectPath> includes;
    for (auto h : s.includes) includes.emplace_back(device_.path() + "/service" + hex4(h));
    o.property<std::vector<sdbus::ObjectPath>>(I, "Includes", [includes] { return includes; });
    o.finish();
    o.emit_added();
    for (auto& c : s.characteristics) declare_characteristic(s, c);
  }
}

void RemoteGatt::declare_characteristic(Service& s, Characteristic& c) {
  const std::string path = service_path(s) + "/char" + hex4(c.info.decl);
  c.object = std::make_unique<DbusObject>(ctx_.bus, path);
  auto& o = *c.object;
  const std::string I = kCharIface;
  const std::string uuid = c.info.uuid.canonical();
  o.property<std::string>(I, "UUID", [uuid] { return uuid; });
  const std::string svc = service_path(s);
  o.property<sdbus::ObjectPath>(I, "Service", [svc] { return sdbus::ObjectPath(svc); });
  o.optional<Bytes>(I, "Value",
                    [&c] { return c.has_value ? std::optional<Bytes>(c.value) : std::nullopt; });
  if (c.info.props & (0x10 | 0x20)) {
    o.property<bool>(I, "Notifying", [&c] { return !c.notify_clients.empty(); });
  }
  const auto flags = flags_of(c.info.props);
  o.property<std::vector<std::string>>(I, "Flags", [flags] { return flags; });
  o.property<std::uint16_t>(I, "MTU", [this] { return client_.mtu(); });
  o.method(I, "ReadValue", "a{sv}", "ay", [this, &c](sdbus::MethodCall call) {
    std::map<std::string, sdbus::Variant> options;
    call >> options;
    const auto offset = option_offset(options);
    auto alive = alive_;
    client_.read(c.info.value, [this, alive, &c, call, offset](Status st, Bytes value) {
      if (!st.ok()) return reply_error(call, dbus_error(st));
      if (offset > value.size()) return reply_error(call, error::invalid_args("Invalid offset"));
      if (*alive && (!c.has_value || c.value != value)) {
        c.value = value;
        c.has_value = true;
        c.object->changed(kCharIface, {"Value"});
      }
      auto r = call.createReply();
      r << Bytes(value.begin() + offset, value.end());
      r.send();
    });
  });
  o.method(I, "WriteValue", "aya{sv}", "", [this, &c](sdbus::MethodCall call) {
    Bytes value;
    std::map<std::string, sdbus::Variant> options;
    call >> value >> options;
    const auto offset = option_offset(options);
    const auto type = option_type(options);
    if (type && *type != "request" && *type != "command" && *type != "reliable") {
      throw error::invalid_args();
    }
    const bool command =
        type ? *type == "command" : !(c.info.props & 0x08) && (c.info.props & 0x04);
    if (!type && !(c.info.props & (0x08 | 0x04))) throw error::not_supported();
    if (offset || (type && *type == "reliable")) {
      throw error::not_supported("Long and reliable writes are not simulated");
    }
    client_.write(c.info.value, value, !command, [call](Status st) {
      if (!st.ok()) return reply_error(call, dbus_error(st));
      reply_ok(call);
    });
  });
  o.method(I, "StartNotify", "", "",
           [this, &c](sdbus::MethodCall call) { start_notify(c, std::move(call)); });
  o.method(I, "StopNotify", "", "",
           [this, &c](sdbus::MethodCall call) { stop_notify(c, std::move(call)); });
  o.finish();
  o.emit_added();
  for (auto& d : c.descriptors) declare_descriptor(c, d);
}

void RemoteGatt::declare_descriptor(Characteristic& c, Descriptor& d) {
  const std::string chr = c.object->path();
  d.object = std::make_unique<DbusObject>(ctx_.bus, chr + "/desc" + hex4(d.handle));
  auto& o = *d.object;
  const std::string I = kDescIface;
  const std::string uuid = d.uuid.canonical();
  o.property<std::string>(I, "UUID", [uuid] { return uuid; });
  o.property<sdbus::ObjectPath>(I, "Characteristic", [chr] { return sdbus::ObjectPath(chr); });
  o.optional<Bytes>(I, "Value",
                    [&d] { return d.has_value ? std::optional<Bytes>(d.value) : std::nullopt; });
  o.method(I, "ReadValue", "a{sv}", "ay", [this, &d](sdbus::MethodCall call) {
    std::map<std::string, sdbus::Variant> options;
    call >> options;
    const auto offset = option_offset(options);
    auto alive = alive_;
    client_.read(d.handle, [alive, &d, call, offset](Status st, Bytes value) {
      if (!st.ok()) return reply_error(call, dbus_error(st));
      if (offset > value.size()) return reply_error(call, error::invalid_args("Invalid offset"));
      if (*alive && (!d.has_value || d.value != value)) {
        d.value = value;
        d.has_value = true;
        d.object->changed(kDescIface, {"Value"});
      }
      auto r = call.createReply();
      r << Bytes(value.begin() + offset, value.end());
      r.send();
    });
  });
  o.method(I, "WriteValue", "aya{sv}", "", [this, &d](sdbus::MethodCall call) {
    Bytes value;
    std::map<std::string, sdbus::Variant> options;
    call >> value >> options;
    // The CCCD belongs to BlueZ (StartNotify/StopNotify): gatt-client.c refuses to write it.
    if (d.uuid == ble::Uuid::from16(ble::uuids::cccd))
      throw error::not_permitted("Write not permitted");
    if (option_offset(options)) throw error::not_supported("Long writes are not simulated");
    client_.write(d.handle, value, true, [call](Status st) {
      if (!st.ok()) return reply_error(call, dbus_error(st));
      reply_ok(call);
    });
  });
  o.finish();
  o.emit_added();
}

RemoteGatt::Characteristic* RemoteGatt::by_value_handle(std::uint16_t handle) {
  for (auto& s : services_) {
    for (auto& c : s.characteristics) {
      if (c.info.value == handle) return &c;
    }
  }
  return nullptr;
}

void RemoteGatt::on_value(std::uint16_t handle, const Bytes& value) {
  Characteristic* c = by_value_handle(handle);
  if (!c || !c->object) return;
  c->value = value;
  c->has_value = true;
  // Every notification is a signal, even with the same bytes as before (BlueZ emits the
  // property for each one it gets while a client is subscribed).
  c->object->changed(kCharIface, {"Value"});
}

void RemoteGatt::start_notify(Characteristic& c, sdbus::MethodCall call) {
  const auto sender = call.getSender();
  if (!(c.info.props & (0x10 | 0x20))) throw error::not_supported();
  if (c.notify_clients.count(sender)) throw error::in_progress("Operation already in progress");
  if (!c.notify_clients.empty()) {
    c.notify_clients.insert(sender);
    return reply_ok(call);
  }
  if (!c.cccd) throw error::failed("No CCC descriptor");
  const std::uint16_t ccc = (c.info.props & 0x10) ? 0x0001 : 0x0002;
  auto alive = alive_;
  client_.write(*c.cccd,
                Bytes{static_cast<std::uint8_t>(ccc & 0xFF), static_cast<std::uint8_t>(ccc >> 8)},
                true, [alive, &c, call, sender](Status st) {
                  if (!st.ok()) return reply_error(call, dbus_error(st));
                  if (*alive) {
                    c.notify_clients.insert(sender);
                    c.object->changed(kCharIface, {"Notifying"});
                  }
                  reply_ok(call);
                });
}

void RemoteGatt::stop_notify(Characteristic& c, sdbus::MethodCall call) {
  const auto sender = call.getSender();
  if (!c.notify_clients.erase(sender)) throw error::failed("No notify session started");
  if (!c.notify_clients.empty() || !c.cccd) return reply_ok(call);
  auto alive = alive_;
  c.object->changed(kCharIface, {"Notifying"});
  client_.write(*c.cccd, Bytes{0, 0}, true, [call](Status st) {
    if (!st.ok()) return reply_error(call, dbus_error(st));
    reply_ok(call);
  });
}

void RemoteGatt::client_gone(const std::string& name) {
  for (auto& s : services_) {
    for (auto& c : s.characteristics) {
      if (!c.notify_clients.erase(name) || !c.notify_clients.empty()) continue;
      if (c.object) c.object->changed(kCharIface, {"Notifying"});
      if (c.cccd) client_.write(*c.cccd, Bytes{0, 0}, true, [](Status) {});
    }
  }
}

}  // namespace atsim::bluez
