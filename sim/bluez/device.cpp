#include "sim/bluez/device.hpp"

#include <algorithm>

namespace atsim::bluez {
namespace {

constexpr int kRssiThreshold = 8;  // src/device.c RSSI_THRESHOLD

}  // namespace

Device::Device(Context& ctx, DeviceLinks& links, RadioAddress address, std::string path,
               bool temporary)
    : ctx_(ctx),
      links_(links),
      address_(std::move(address)),
      object_(ctx.bus, std::move(path)),
      temporary_(temporary) {
  declare();
  links_.declare_device_methods(*this);
  if (temporary_) arm_temporary_timer();
}

Device::~Device() {
  clear_temporary_timer();
}

std::string Device::alias() const {
  if (alias_) return *alias_;
  if (!name_.empty()) return name_;
  std::string a = address_.address;
  std::replace(a.begin(), a.end(), ':', '-');
  return a;
}

void Device::declare() {
  auto& o = object_;
  const std::string I = kDeviceIface;
  using S = std::string;
  using Opt = std::optional<S>;
  o.property<S>(I, "Address", [this] { return address_.address; });
  o.property<S>(I, "AddressType", [this] { return address_.type_name(); });
  o.optional<S>(I, "Name", [this] { return name_.empty() ? Opt{} : Opt{name_}; });
  o.writable<S>(
      I, "Alias", [this] { return alias(); },
      [this](const S& v) {
        alias_ = v.empty() ? std::nullopt : std::optional<S>(v);
        object_.changed(kDeviceIface, {"Alias"});
      });
  o.optional<std::uint16_t>(I, "Appearance", [this] {
    return appearance_ ? std::optional<std::uint16_t>(appearance_) : std::nullopt;
  });
  o.property<bool>(I, "Paired", [this] { return paired_; });
  o.property<bool>(I, "Bonded", [this] { return bonded_; });
  o.writable<bool>(
      I, "Trusted", [this] { return trusted_; },
      [this](const bool& v) {
        trusted_ = v;
        if (v) {
          temporary_ = false;
          clear_temporary_timer();
        }
        object_.changed(kDeviceIface, {"Trusted"});
      });
  o.writable<bool>(
      I, "Blocked", [this] { return blocked_; },
      [this](const bool& v) {
        blocked_ = v;
        object_.changed(kDeviceIface, {"Blocked"});
        if (v && link_) links_.disconnect(*this);
      });
  o.property<bool>(I, "LegacyPairing", [] { return false; });
  o.optional<std::int16_t>(
      I, "RSSI", [this] { return rssi_ ? std::optional<std::int16_t>(rssi_) : std::nullopt; });
  o.property<bool>(I, "Connected", [this] { return link_.has_value(); });
  o.property<std::vector<S>>(I, "UUIDs", [this] { return uuids_; });
  o.property<sdbus::ObjectPath>(I, "Adapter",
                                [this] { return sdbus::ObjectPath(ctx_.adapter_path); });
  using VariantMapQ = std::map<std::uint16_t, sdbus::Variant>;
  o.optional<VariantMapQ>(I, "ManufacturerData", [this]() -> std::optional<VariantMapQ> {
    if (manufacturer_.empty()) return std::nullopt;
    VariantMapQ m;
    for (const auto& [k, v] : manufacturer_) m.emplace(k, sdbus::Variant(v));
    return m;
  });
  using VariantMapS = std::map<std::string, sdbus::Variant>;
  o.optional<VariantMapS>(I, "ServiceData", [this]() -> std::optional<VariantMapS> {
    if (service_data_.empty()) return std::nullopt;
    VariantMapS m;
    for (const auto& [k, v] : service_data_) m.emplace(k, sdbus::Variant(v));
    return m;
  });
  o.optional<std::int16_t>(I, "TxPower", [this] {
    return tx_power_ != 127 ? std::optional<std::int16_t>(tx_power_) : std::nullopt;
  });
  o.property<bool>(I, "ServicesResolved", [this] { return services_resolved_; });
  // Experimental in 5.66 (G_DBUS_PROPERTY_FLAG_EXPERIMENTAL): only with bluetoothd -E.
  if (ctx_.options.experimental) {
    o.optional<Bytes>(I, "AdvertisingFlags", [this] {
      return flags_ ? std::optional<Bytes>(Bytes{*flags_}) : std::nullopt;
    });
    using VariantMapY = std::map<std::uint8_t, sdbus::Variant>;
    o.optional<VariantMapY>(I, "AdvertisingData", [this]() -> std::optional<VariantMapY> {
      if (data_.empty()) return std::nullopt;
      VariantMapY m;
      for (const auto& [k, v] : data_) m.emplace(k, sdbus::Variant(v));
      return m;
    });
  }
  o.method(I, "Connect", "", "", [this](sdbus::MethodCall c) { method_connect(std::move(c)); });
  o.method(I, "Disconnect", "", "",
           [this](sdbus::MethodCall c) { method_disconnect(std::move(c)); });
}

void Device::publish() {
  object_.finish();
  object_.emit_added();
}

void Device::apply(const Eir& eir, int rssi, const ReportRules& rules) {
  std::vector<std::string> changed;
  // device_set_rssi_with_delta: 0 is "unknown", and small moves are not worth a signal.
  const auto r = static_cast<std::int16_t>(rssi);
  const int threshold = rules.filtered ? 0 : kRssiThreshold;
  if (r == 0 || rssi_ == 0) {
    if (rssi_ != r) {
      rssi_ = r;
      changed.push_back("RSSI");
    }
  } else if (std::abs(rssi_ - r) >= threshold && rssi_ != r) {
    rssi_ = r;
    changed.push_back("RSSI");
  }
  if (eir.tx_power && *eir.tx_power != tx_power_) {
    tx_power_ = *eir.tx_power;
    changed.push_back("TxPower");
  }
  if (eir.appearance && eir.appearance != appearance_) {
    appearance_ = eir.appearance;
    changed.push_back("Appearance");
  }
  // A short name only while no name is known; a complete name always.
  if (eir.name && (eir.name_complete || name_.empty()) && *eir.name != name_) {
    name_ = *eir.name;
    changed.push_back("Name");
    if (!alias_) changed.push_back("Alias");
  }
  if (!services_resolved_) {
    bool added = false;
    for (const auto& u : eir.uuids) {
      if (std::find(uuids_.begin(), uuids_.end(), u) == uuids_.end()) {
        uuids_.push_back(u);
        added = true;
      }
    }
    if (added) changed.push_back("UUIDs");
  }
  auto merge = [&](auto& into, const auto& list, const char* name, bool signal) {
    bool any = false;
    if (rules.duplicate && !list.empty() && !into.empty()) {
      into.clear();
      any = true;
    }
    for (const auto& [k, v] : list) {
      auto it = into.find(k);
      if (it != into.end() && it->second == v) continue;
      into[k] = v;
      any = true;
    }
    if (any && signal) changed.push_back(name);
  };
  merge(manufacturer_, eir.manufacturer, "ManufacturerData", true);
  merge(service_data_, eir.service_data, "ServiceData", true);
  // 5.66 signals AdvertisingData only for the Transport Discovery type (0x26).
  bool tds = false;
  for (const auto& [type, v] : eir.other) tds = tds || type == 0x26;
  merge(data_, eir.other, "AdvertisingData", tds && ctx_.options.experimental);
  // device_set_flags: the Flags AD's value, 0 when the report has none.
  if (!flags_ || *flags_ != eir.flags) {
    flags_ = eir.flags;
    if (ctx_.options.experimental) changed.push_back("AdvertisingFlags");
  }
  object_.changed(kDeviceIface, changed);
}

void Device::seen(bool connectable) {
  connectable_ = connectable;
  if (temporary_ && !link_) arm_temporary_timer();
}

void Device::invalidate_rssi_and_tx_power() {
  std::vector<std::string> changed;
  if (rssi_) {
    rssi_ = 0;
    changed.push_back("RSSI");
  }
  if (tx_power_ != 127) {
    tx_power_ = 127;
    changed.push_back("TxPower");
  }
  object_.changed(kDeviceIface, changed);
}

void Device::arm_temporary_timer() {
  clear_temporary_timer();
  if (ctx_.options.temporary_timeout_s <= 0) return;
  temporary_timer_ =
      ctx_.reactor.after(std::chrono::seconds(ctx_.options.temporary_timeout_s), [this] {
        temporary_timer_.reset();
        links_.disappeared(*this);
      });
}

void Device::clear_temporary_timer() {
  if (temporary_timer_) ctx_.reactor.cancel(*temporary_timer_);
  temporary_timer_.reset();
}

void Device::method_connect(sdbus::MethodCall call) {
  ctx_.log.line("Device1.Connect " + path() + " from " + call.getSender());
  if (!links_.powered()) throw error::not_ready();
  if (link_) throw error::already_connected();
  if (connecting_) throw error::in_progress();
  connecting_ = true;
  connect_call_ = std::move(call);
  links_.connect(*this);
}

void Device::method_disconnect(sdbus::MethodCall call) {
  ctx_.log.line("Device1.Disconnect " + path() + " from " + call.getSender());
  if (connecting_) {
    links_.cancel_connect(*this);
    connect_failed("le-connection-abort-by-local");
    reply_ok(call);
    return;
  }
  if (!link_) throw error::not_connected();
  disconnect_calls_.push_back(std::move(call));
  links_.disconnect(*this);
}

void Device::disconnect_then(std::function<void()> done) {
  if (!link_) {
    done();
    return;
  }
  after_disconnect_.push_back(std::move(done));
  links_.disconnect(*this);
}

void Device::link_up(std::uint32_t link, bool we_are_central) {
  ctx_.log.line("link " + std::to_string(link) + " up with " + address_.address +
                (we_are_central ? " (we connected)" : " (it connected to us)"));
  link_ = link;
  connecting_ = false;
  clear_temporary_timer();
  object_.changed(kDeviceIface, {"Connected"});
  // 5.66 replies to Connect when the LE link is up (att_connect_cb), before the services are
  // resolved.
  if (connect_call_) {
    reply_ok(*connect_call_);
    connect_call_.reset();
  }
  links_.connected(*this);
}

void Device::connect_failed(const std::string& reason) {
  ctx_.log.line("connect to " + address_.address + " failed: " + reason);
  connecting_ = false;
  if (connect_call_) {
    reply_error(*connect_call_, error::failed(reason));
    connect_call_.reset();
  }
}

void Device::link_down(std::uint8_t reason) {
  ctx_.log.line("link with " + address_.address + " down, reason " + std::to_string(reason));
  link_.reset();
  std::vector<std::string> changed{"Connected"};
  if (services_resolved_) {
    services_resolved_ = false;
    changed.push_back("ServicesResolved");
  }
  // Paired without a bond lasts only as long as the link (device_remove_connection).
  if (paired_ && !bonded_) {
    paired_ = false;
    changed.push_back("Paired");
  }
  object_.changed(kDeviceIface, changed);
  if (connect_call_) {
    reply_error(*connect_call_, error::failed("le-connection-abort-by-remote"));
    connect_call_.reset();
  }
  for (auto& c : disconnect_calls_) reply_ok(c);
  disconnect_calls_.clear();
  auto after = std::move(after_disconnect_);
  after_disconnect_.clear();
  if (temporary_) arm_temporary_timer();
  for (auto& f : after) f();
}

void Device::set_services_resolved(bool resolved) {
  if (resolved == services_resolved_) return;
  services_resolved_ = resolved;
  // register_gatt_services: a device whose database is known is no longer temporary.
  if (resolved) {
    temporary_ = false;
    clear_temporary_timer();
  }
  object_.changed(kDeviceIface, {"ServicesResolved"});
}

void Device::set_name(const std::string& name) {
  if (name == name_) return;
  name_ = name;
  std::vector<std::string> changed{"Name"};
  if (!alias_) changed.push_back("Alias");
  object_.changed(kDeviceIface, changed);
}

void Device::add_uuids(const std::vector<std::string>& uuids) {
  bool added = false;
  for (const auto& u : uuids) {
    if (std::find(uuids_.begin(), uuids_.end(), u) != uuids_.end()) continue;
    uuids_.push_back(u);
    added = true;
  }
  if (added) object_.changed(kDeviceIface, {"UUIDs"});
}

void Device::set_paired(bool paired, bool bonded) {
  std::vector<std::string> changed;
  if (paired != paired_) {
    paired_ = paired;
    changed.push_back("Paired");
  }
  if (bonded != bonded_) {
    bonded_ = bonded;
    changed.push_back("Bonded");
  }
  if (paired) {
    temporary_ = false;
    clear_temporary_timer();
  }
  object_.changed(kDeviceIface, changed);
}

}  // namespace atsim::bluez
