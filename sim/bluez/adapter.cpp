#include "sim/bluez/adapter.hpp"

#include <algorithm>

#include "sim/bluez/link.hpp"

namespace atsim::bluez {
namespace {

// Flags AD bits (Core Supplement Part A 1.3).
constexpr std::uint8_t kLimitedDiscoverable = 0x01, kGeneralDiscoverable = 0x02;
// How long the controller waits for the scan response of an advertisement before it reports
// the advertisement alone (the kernel holds one pending report the same way).
constexpr auto kScanResponseWait = std::chrono::milliseconds(20);

std::string device_path(const std::string& adapter_path, const RadioAddress& a) {
  std::string s = a.address;
  std::replace(s.begin(), s.end(), ':', '_');
  return adapter_path + "/dev_" + s;
}

template <typename T>
T arg(const sdbus::Variant& v, const char* key) {
  if (v.peekValueType() != sdbus::signature_of<T>::str()) {
    throw error::invalid_args(std::string("Invalid type for ") + key);
  }
  return v.get<T>();
}

DiscoveryFilter parse_filter(const std::map<std::string, sdbus::Variant>& dict) {
  DiscoveryFilter f;
  for (const auto& [key, v] : dict) {
    if (key == "UUIDs") {
      f.uuids = arg<std::vector<std::string>>(v, "UUIDs");
      for (auto& u : f.uuids) {
        auto le = uuid_le_bytes(u);
        if (!le) throw error::invalid_args();
        u = le->size() == 2 ? uuid16_string(static_cast<std::uint16_t>((*le)[0] | ((*le)[1] << 8)))
                            : uuid128_string(le->data());
      }
    } else if (key == "RSSI") {
      f.rssi = arg<std::int16_t>(v, "RSSI");
      if (*f.rssi < -127 || *f.rssi > 20) throw error::invalid_args();
    } else if (key == "Pathloss") {
      f.pathloss = arg<std::uint16_t>(v, "Pathloss");
    } else if (key == "Transport") {
      f.transport = arg<std::string>(v, "Transport");
      if (f.transport != "auto" && f.transport != "le" && f.transport != "bredr") {
        throw error::invalid_args();
      }
    } else if (key == "DuplicateData") {
      f.duplicate = arg<bool>(v, "DuplicateData");
    } else if (key == "Discoverable") {
      f.discoverable = arg<bool>(v, "Discoverable");
    } else if (key == "Pattern") {
      f.pattern = arg<std::string>(v, "Pattern");
    } else {
      throw error::invalid_args();
    }
  }
  // RSSI and Pathloss cannot be set together (adapter.c parse_discovery_filter_dict).
  if (f.rssi && f.pathloss) throw error::invalid_args();
  // This controller is LE only.
  if (f.transport == "bredr") throw error::not_supported();
  return f;
}

}  // namespace

Adapter::Adapter(Context& ctx, LinkServices& services)
    : ctx_(ctx), services_(services), object_(ctx.bus, ctx.adapter_path), alias_(ctx.options.name) {
  declare();
  ctx_.radio.set_events(RadioEvents{
      .report = [this](const AdvertisingReport& r) { on_report(r); },
      .connected = [this](std::uint32_t l, const RadioAddress& p,
                          bool c) { on_connected(l, p, c); },
      .connect_failed = [this](const RadioAddress& p,
                               const std::string& r) { on_connect_failed(p, r); },
      .disconnected = [this](std::uint32_t l, std::uint8_t r) { on_disconnected(l, r); },
      .att =
          [this](std::uint32_t l, const Bytes& pdu) {
            if (auto it = links_.find(l); it != links_.end()) it->second->on_att(pdu);
          },
      .smp =
          [this](std::uint32_t l, const Bytes& pdu) {
            if (auto it = links_.find(l); it != links_.end()) services_.smp(*it->second, pdu);
          },
      .encryption =
          [this](std::uint32_t l, bool on) {
            if (auto it = links_.find(l); it != links_.end())
              services_.encryption_changed(*it->second, on);
          },
      .encrypt_request =
          [this](std::uint32_t l, const Bytes& ltk) {
            if (auto it = links_.find(l); it != links_.end()) {
              services_.encrypt_request(*it->second, ltk);
            } else {
              ctx_.radio.encrypt_reply(l, false);
            }
          },
      .lost =
          [this](const std::string& why) {
            ctx_.log.line("radio: " + why);
            set_blocked(true);
          },
  });
}

Adapter::~Adapter() {
  if (pending_timer_) ctx_.reactor.cancel(*pending_timer_);
  links_.clear();
  devices_.clear();
}

void Adapter::declare() {
  auto& o = object_;
  const std::string I = kAdapterIface;
  using S = std::string;
  const auto own = ctx_.radio.own_address();
  o.property<S>(I, "Address", [own] { return own.address; });
  o.property<S>(I, "AddressType", [own] { return own.type_name(); });
  o.property<S>(I, "Name", [this] { return ctx_.options.name; });
  o.writable<S>(
      I, "Alias", [this] { return alias_; },
      [this](const S& v) {
        alias_ = v.empty() ? ctx_.options.name : v;
        object_.changed(kAdapterIface, {"Alias"});
      });
  o.property<std::uint32_t>(I, "Class", [] { return 0u; });
  o.writable<bool>(
      I, "Powered", [this] { return powered_; },
      [this](const bool& v) {
        if (v && blocked_) throw error::failed("Blocked through rfkill");
        set_powered(v);
      });
  if (ctx_.options.experimental) {
    o.property<S>(I, "PowerState", [this] {
      return S(powered_ ? "on" : blocked_ ? "off-blocked" : "off");
    });
  }
  o.writable<bool>(
      I, "Discoverable", [this] { return discoverable_; },
      [this](const bool& v) {
        if (!powered_) throw error::not_ready();
        discoverable_ = v;
        object_.changed(kAdapterIface, {"Discoverable"});
      });
  o.writable<std::uint32_t>(
      I, "DiscoverableTimeout", [] { return 180u; }, [](const std::uint32_t&) {});
  o.writable<bool>(
      I, "Pairable", [this] { return pairable_; },
      [this](const bool& v) {
        pairable_ = v;
        object_.changed(kAdapterIface, {"Pairable"});
      });
  o.writable<std::uint32_t>(
      I, "PairableTimeout", [] { return 0u; }, [](const std::uint32_t&) {});
  o.property<bool>(I, "Discovering", [this] { return discovering(); });
  o.property<std::vector<S>>(I, "UUIDs", [] {
    return std::vector<S>{uuid16_string(0x1800), uuid16_string(0x1801)};
  });
  o.property<S>(I, "Modalias", [] { return S("usb:v1D6Bp0246d0542"); });
  o.property<std::vector<S>>(I, "Roles", [] { return std::vector<S>{"central", "peripheral"}; });
  o.method(I, "StartDiscovery", "", "",
           [this](sdbus::MethodCall c) { start_discovery(std::move(c)); });
  o.method(I, "StopDiscovery", "", "",
           [this](sdbus::MethodCall c) { stop_discovery(std::move(c)); });
  o.method(I, "SetDiscoveryFilter", "a{sv}", "",
           [this](sdbus::MethodCall c) { set_discovery_filter(std::move(c)); });
  o.method(I, "RemoveDevice", "o", "",
           [this](sdbus::MethodCall c) { remove_device(std::move(c)); });
  o.method(I, "GetDiscoveryFilters", "", "as", [](sdbus::MethodCall c) {
    auto r = c.createReply();
    r << std::vector<std::string>{"UUIDs",         "RSSI",         "Pathloss", "Transport",
                                  "DuplicateData", "Discoverable", "Pattern"};
    r.send();
  });
}

void Adapter::publish() {
  object_.finish();
}

bool Adapter::discovering() const {
  return std::any_of(sessions_.begin(), sessions_.end(),
                     [](const auto& s) { return s.second.active; });
}

void Adapter::update_scanning(std::vector<std::string>& changed) {
  const bool want = powered_ && discovering();
  if (want == scanning_) return;
  scanning_ = want;
  ctx_.radio.scan(want, true);  // discovery scans actively
  changed.push_back("Discovering");
  if (!want) discovery_cleanup();
}

void Adapter::start_discovery(sdbus::MethodCall call) {
  const auto sender = call.getSender();
  ctx_.log.line("Adapter1.StartDiscovery from " + sender);
  if (!powered_) throw error::not_ready();
  auto& s = sessions_[sender];
  if (s.active) throw error::in_progress("Operation already in progress");
  s.active = true;
  // The reply comes first, then the property (start_discovery_complete).
  reply_ok(call);
  std::vector<std::string> changed;
  update_scanning(changed);
  object_.changed(kAdapterIface, changed);
}

void Adapter::stop_discovery(sdbus::MethodCall call) {
  const auto sender = call.getSender();
  ctx_.log.line("Adapter1.StopDiscovery from " + sender);
  if (!powered_) throw error::not_ready();
  auto it = sessions_.find(sender);
  if (it == sessions_.end() || !it->second.active) throw error::failed("No discovery started");
  it->second.active = false;
  reply_ok(call);
  std::vector<std::string> changed;
  update_scanning(changed);
  object_.changed(kAdapterIface, changed);
}

void Adapter::set_discovery_filter(sdbus::MethodCall call) {
  const auto sender = call.getSender();
  if (!powered_) throw error::not_ready();
  std::map<std::string, sdbus::Variant> dict;
  call >> dict;
  auto filter = parse_filter(dict);
  ctx_.log.line("Adapter1.SetDiscoveryFilter from " + sender +
                (filter.pattern ? " pattern " + *filter.pattern : ""));
  // An empty dictionary clears the filter.
  if (dict.empty()) {
    sessions_[sender].filter.reset();
  } else {
    sessions_[sender].filter = std::move(filter);
  }
  reply_ok(call);
}

void Adapter::end_session(const std::string& client) {
  if (sessions_.erase(client) == 0) return;
  std::vector<std::string> changed;
  update_scanning(changed);
  object_.changed(kAdapterIface, changed);
}

void Adapter::client_gone(const std::string& name) {
  end_session(name);
}

void Adapter::discovery_cleanup() {
  if (pending_timer_) ctx_.reactor.cancel(*pending_timer_);
  pending_timer_.reset();
  pending_.reset();
  for (const auto& path : discovery_found_) {
    if (auto* d = device(path)) d->invalidate_rssi_and_tx_power();
  }
  discovery_found_.clear();
  std::vector<Device*> gone;
  for (auto& [path, d] : devices_) {
    if (d->temporary() && !d->connectable() && !d->connected()) gone.push_back(d.get());
  }
  for (auto* d : gone) forget(*d);
}

void Adapter::remove_device(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  call >> path;
  ctx_.log.line("Adapter1.RemoveDevice " + std::string(path) + " from " + call.getSender());
  Device* d = device(path);
  if (!d) throw error::does_not_exist();
  // A connected device is disconnected first; the reply comes when it is gone.
  d->disconnect_then([this, call, p = std::string(path)] {
    if (Device* dd = device(p)) forget(*dd);
    reply_ok(call);
  });
}

Device* Adapter::device(const std::string& path) {
  auto it = devices_.find(path);
  return it == devices_.end() ? nullptr : it->second.get();
}

Device* Adapter::device_by_address(const RadioAddress& a) {
  auto it = devices_.find(device_path(ctx_.adapter_path, a));
  return it == devices_.end() ? nullptr : it->second.get();
}

Device& Adapter::add_device(const RadioAddress& a, bool temporary) {
  const auto path = device_path(ctx_.adapter_path, a);
  auto d = std::make_unique<Device>(ctx_, *this, a, path, temporary);
  auto& ref = *d;
  devices_.emplace(path, std::move(d));
  ctx_.log.line("device " + path + " created");
  return ref;
}

void Adapter::forget(Device& d) {
  const std::string path = d.path();
  ctx_.log.line("device " + path + " removed");
  d.object().emit_removed();
  connect_queue_.erase(std::remove(connect_queue_.begin(), connect_queue_.end(), &d),
                       connect_queue_.end());
  if (connecting_ == &d) {
    ctx_.radio.cancel_connect();
    connecting_ = nullptr;
  }
  discovery_found_.erase(path);
  services_.device_removed(d);  // its bond goes with it
  devices_.erase(path);
}

// ------------------------------------------------------------------ advertising reports

void Adapter::on_report(const AdvertisingReport& r) {
  if (!scanning_) return;
  if (pending_ && r.kind == ReportKind::scan_rsp && r.from == pending_->from) {
    AdvertisingReport merged = *pending_;
    merged.data.insert(merged.data.end(), r.data.begin(), r.data.end());
    pending_.reset();
    if (pending_timer_) ctx_.reactor.cancel(*pending_timer_);
    pending_timer_.reset();
    process_report(merged);
    return;
  }
  flush_pending();
  const bool scannable = r.kind == ReportKind::adv_ind || r.kind == ReportKind::adv_scan_ind;
  if (scannable) {
    pending_ = r;
    pending_timer_ = ctx_.reactor.after(kScanResponseWait, [this] {
      pending_timer_.reset();
      flush_pending();
    });
    return;
  }
  process_report(r);
}

void Adapter::flush_pending() {
  if (!pending_) return;
  if (pending_timer_) ctx_.reactor.cancel(*pending_timer_);
  pending_timer_.reset();
  AdvertisingReport r = std::move(*pending_);
  pending_.reset();
  process_report(r);
}

bool Adapter::is_discoverable(const Eir& eir, const std::string& address) const {
  // device_is_discoverable: any filter makes every advertiser discoverable...
  bool filtered = false;
  for (const auto& [name, s] : sessions_) filtered = filtered || (s.active && s.filter);
  bool discoverable = filtered || (eir.flags & (kLimitedDiscoverable | kGeneralDiscoverable)) != 0;
  // ...but a Pattern makes only its matches so (a prefix of the address or of the name).
  for (const auto& [name, s] : sessions_) {
    if (!s.active || !s.filter || !s.filter->pattern) continue;
    discoverable = false;
    const auto& p = *s.filter->pattern;
    if (p.empty()) return true;
    if (address.compare(0, p.size(), p) == 0) return true;
    if (eir.name && eir.name->compare(0, p.size(), p) == 0) return true;
  }
  return discoverable;
}

bool Adapter::passes_filters(const Eir& eir, int rssi) const {
  // is_filter_match: a session without a filter takes everything; else its UUIDs (if any)
  // must match, then its RSSI or pathloss bound.
  for (const auto& [name, s] : sessions_) {
    if (!s.active) continue;
    if (!s.filter) return true;
    const auto& f = *s.filter;
    bool match = f.uuids.empty();
    for (const auto& u : f.uuids) {
      match = match || std::find(eir.uuids.begin(), eir.uuids.end(), u) != eir.uuids.end();
    }
    if (!match) continue;
    if (!f.rssi && !f.pathloss) return true;
    if (f.rssi && *f.rssi <= rssi) return true;
    if (f.pathloss && eir.tx_power && *eir.tx_power - rssi <= *f.pathloss) return true;
  }
  return false;
}

void Adapter::process_report(const AdvertisingReport& r) {
  const Eir eir = parse_eir(r.data);
  const bool discoverable = is_discoverable(eir, r.from.address);
  Device* d = device_by_address(r.from);
  bool created = false;
  if (!d) {
    if (!discoverable) return;
    d = &add_device(r.from, true);
    created = true;
  }
  d->seen(r.connectable());
  if (discoverable && passes_filters(eir, r.rssi)) {
    bool filtered = false, duplicate = false;
    for (const auto& [name, s] : sessions_) {
      if (!s.active || !s.filter) continue;
      filtered = true;
      duplicate = duplicate || s.filter->duplicate;
    }
    d->apply(eir, r.rssi, {.filtered = filtered, .duplicate = duplicate});
    discovery_found_.insert(d->path());
  }
  if (created) d->publish();
}

// ------------------------------------------------------------------ connections

void Adapter::connect(Device& d) {
  connect_queue_.push_back(&d);
  next_connection();
}

void Adapter::next_connection() {
  if (connecting_ || connect_queue_.empty()) return;
  connecting_ = connect_queue_.front();
  connect_queue_.erase(connect_queue_.begin());
  ctx_.radio.connect(connecting_->address(), ctx_.options.connect_timeout);
}

void Adapter::cancel_connect(Device& d) {
  connect_queue_.erase(std::remove(connect_queue_.begin(), connect_queue_.end(), &d),
                       connect_queue_.end());
  if (connecting_ == &d) {
    ctx_.radio.cancel_connect();
    connecting_ = nullptr;
    next_connection();
  }
}

void Adapter::disconnect(Device& d) {
  if (auto l = d.link()) ctx_.radio.disconnect(*l, 0x13);  // Remote User Terminated Connection
}

void Adapter::disappeared(Device& d) {
  forget(d);
}

void Adapter::on_connected(std::uint32_t link, const RadioAddress& peer, bool central) {
  Device* d = device_by_address(peer);
  if (central && connecting_ && connecting_->address() == peer) connecting_ = nullptr;
  if (!d) {
    // A central connected to us: BlueZ makes a device for it (not a temporary one).
    d = &add_device(peer, false);
    d->publish();
  }
  link_devices_[link] = d;
  link_central_[link] = central;
  d->link_up(link, central);
  next_connection();
}

void Adapter::connected(Device& d) {
  const auto link = *d.link();
  auto l = std::make_unique<Link>(ctx_, services_, link, d, link_central_[link]);
  Link& ref = *l;
  links_.emplace(link, std::move(l));
  services_.link_up(ref);
}

void Adapter::on_connect_failed(const RadioAddress& peer, const std::string& reason) {
  Device* d = connecting_ && connecting_->address() == peer ? connecting_ : device_by_address(peer);
  if (connecting_ && connecting_->address() == peer) connecting_ = nullptr;
  // The kernel gives up on a connection attempt by cancelling it: le-connection-abort-by-local.
  if (d)
    d->connect_failed(reason == "0x02" ? "le-connection-abort-by-local"
                                       : "le-connection-" + reason);
  next_connection();
}

void Adapter::on_disconnected(std::uint32_t link, std::uint8_t reason) {
  auto it = link_devices_.find(link);
  if (it == link_devices_.end()) return;
  Device* d = it->second;
  link_devices_.erase(it);
  link_central_.erase(link);
  if (auto l = links_.find(link); l != links_.end()) {
    services_.link_down(*l->second);
    links_.erase(l);
  }
  d->link_down(reason);
}

Link* Adapter::link_of(const Device& d) {
  if (!d.link()) return nullptr;
  auto it = links_.find(*d.link());
  return it == links_.end() ? nullptr : it->second.get();
}

std::vector<Link*> Adapter::links() {
  std::vector<Link*> out;
  for (auto& [id, l] : links_) out.push_back(l.get());
  return out;
}

void Adapter::declare_device_methods(Device& d) {
  services_.declare_device_methods(d);
}

// ------------------------------------------------------------------ power

void Adapter::set_powered(bool on) {
  if (on == powered_) return;
  std::vector<std::string> changed{"Powered"};
  if (ctx_.options.experimental) changed.push_back("PowerState");
  powered_ = on;
  if (!on) {
    for (auto& [id, l] : links_) ctx_.radio.disconnect(id, 0x15);  // power off
    for (auto& [name, s] : sessions_) s.active = false;
  }
  update_scanning(changed);
  object_.changed(kAdapterIface, changed);
}

void Adapter::set_blocked(bool blocked) {
  blocked_ = blocked;
  if (blocked) {
    set_powered(false);
  } else if (ctx_.options.experimental) {
    object_.changed(kAdapterIface, {"PowerState"});
  }
}

std::string Adapter::status() const {
  int active = 0;
  for (const auto& [n, s] : sessions_) active += s.active ? 1 : 0;
  return "powered=" + std::to_string(powered_ ? 1 : 0) +
         " blocked=" + std::to_string(blocked_ ? 1 : 0) +
         " discovery_sessions=" + std::to_string(active) +
         " devices=" + std::to_string(devices_.size()) + " links=" + std::to_string(links_.size());
}

}  // namespace atsim::bluez
