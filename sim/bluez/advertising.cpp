#include "sim/bluez/advertising.hpp"

#include <algorithm>

#include "sim/bluez/eir.hpp"

namespace atsim::bluez {
namespace {

using Props = std::map<std::string, sdbus::Variant>;
constexpr std::size_t kMaxAdvLen = 31;

template <typename T>
std::optional<T> get(const Props& p, const char* name, bool& bad) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  if (it->second.peekValueType() != sdbus::signature_of<T>::str()) {
    bad = true;
    return std::nullopt;
  }
  return it->second.get<T>();
}

void put_ad(Bytes& out, std::uint8_t type, const Bytes& data) {
  out.push_back(static_cast<std::uint8_t>(data.size() + 1));
  out.push_back(type);
  out.insert(out.end(), data.begin(), data.end());
}

}  // namespace

AdvertisingManager::AdvertisingManager(Context& ctx, AdapterState adapter)
    : ctx_(ctx), adapter_(std::move(adapter)) {}

AdvertisingManager::~AdvertisingManager() {
  for (auto& ad : ads_) {
    if (ad.timeout) ctx_.reactor.cancel(*ad.timeout);
  }
}

void AdvertisingManager::declare(DbusObject& o) {
  object_ = &o;
  const std::string I = kAdvertisingManagerIface;
  o.property<std::uint8_t>(I, "ActiveInstances",
                           [this] { return static_cast<std::uint8_t>(ads_.size()); });
  o.property<std::uint8_t>(I, "SupportedInstances", [this] {
    return static_cast<std::uint8_t>(kInstances - std::min(kInstances, ads_.size()));
  });
  o.property<std::vector<std::string>>(I, "SupportedIncludes", [] {
    return std::vector<std::string>{"tx-power", "appearance", "local-name"};
  });
  o.method(I, "RegisterAdvertisement", "oa{sv}", "",
           [this](sdbus::MethodCall c) { register_advertisement(std::move(c)); });
  o.method(I, "UnregisterAdvertisement", "o", "",
           [this](sdbus::MethodCall c) { unregister_advertisement(std::move(c)); });
}

void AdvertisingManager::instances_changed() {
  if (object_)
    object_->changed(kAdvertisingManagerIface, {"SupportedInstances", "ActiveInstances"});
}

void AdvertisingManager::register_advertisement(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  Props options;
  call >> path >> options;
  const std::string owner = call.getSender();
  ctx_.log.line("LEAdvertisingManager1.RegisterAdvertisement " + std::string(path) + " from " +
                owner);
  for (const auto& ad : ads_) {
    if (ad.owner == owner && ad.path == path) throw error::already_exists();
  }
  if (ads_.size() + pending_ >= kInstances)
    throw error::not_permitted("Maximum advertisements reached");
  ++pending_;
  // As gdbus's client does: the object manager at the path first (an advertisement usually
  // has none, and the error is ignored), then the properties.
  const std::string p = path;
  ctx_.calls.call(owner, p, kObjectManagerIface, "GetManagedObjects", {}, std::chrono::seconds(25),
                  [](sdbus::MethodReply&, const sdbus::Error*) {});
  ctx_.calls.call(
      owner, p, kPropertiesIface, "GetAll",
      [](sdbus::MethodCall& m) { m << std::string(kAdvertisementIface); }, std::chrono::seconds(25),
      [this, call, owner, p](sdbus::MethodReply& reply, const sdbus::Error* e) {
        --pending_;
        if (e) {
          ctx_.log.line("advertisement " + p + ": GetAll failed: " + e->getName());
          return reply_error(call, error::failed("Failed to parse advertisement."));
        }
        Props props;
        reply >> props;
        Ad ad;
        ad.owner = owner;
        ad.path = p;
        if (auto problem = build(ad, props)) {
          ctx_.log.line("advertisement " + p + " refused: " + *problem);
          return reply_error(call, error::failed("Failed to parse advertisement."));
        }
        bool bad = false;
        if (auto t = get<std::uint16_t>(props, "Timeout", bad); t && *t) {
          ad.timeout = ctx_.reactor.after(std::chrono::seconds(*t), [this, owner, p] {
            ctx_.log.line("advertisement " + p + ": Timeout, released");
            remove(owner, p, true);
          });
        }
        ads_.push_back(std::move(ad));
        refresh();
        instances_changed();
        // add_client_complete: the reply once the controller took it.
        reply_ok(call);
      });
}

std::optional<std::string> AdvertisingManager::build(Ad& ad, const Props& props) {
  bool bad = false;
  const auto type = get<std::string>(props, "Type", bad).value_or("broadcast");
  if (type != "broadcast" && type != "peripheral") return "Type " + type;
  ad.connectable = type == "peripheral";
  const auto includes =
      get<std::vector<std::string>>(props, "Includes", bad).value_or(std::vector<std::string>{});
  auto included = [&](const char* what) {
    return std::find(includes.begin(), includes.end(), what) != includes.end();
  };
  Bytes body;  // bt_ad_generate's order
  std::vector<Bytes> uuid16, uuid128;
  for (const auto& u : get<std::vector<std::string>>(props, "ServiceUUIDs", bad)
                           .value_or(std::vector<std::string>{})) {
    auto le = uuid_le_bytes(u);
    if (!le) return "ServiceUUIDs " + u;
    (le->size() == 2 ? uuid16 : uuid128).push_back(*le);
  }
  auto list = [&](const std::vector<Bytes>& l, std::uint8_t type_code) {
    if (l.empty()) return;
    Bytes all;
    for (const auto& x : l) all.insert(all.end(), x.begin(), x.end());
    put_ad(body, type_code, all);
  };
  list(uuid16, 0x03);
  list(uuid128, 0x07);
  std::vector<Bytes> sol16, sol128;
  for (const auto& u : get<std::vector<std::string>>(props, "SolicitUUIDs", bad)
                           .value_or(std::vector<std::string>{})) {
    auto le = uuid_le_bytes(u);
    if (!le) return "SolicitUUIDs " + u;
    (le->size() == 2 ? sol16 : sol128).push_back(*le);
  }
  list(sol16, 0x14);
  list(sol128, 0x15);
  for (const auto& [company, v] :
       get<std::map<std::uint16_t, sdbus::Variant>>(props, "ManufacturerData", bad)
           .value_or(std::map<std::uint16_t, sdbus::Variant>{})) {
    if (v.peekValueType() != "ay") return "ManufacturerData value type " + v.peekValueType();
    Bytes d{static_cast<std::uint8_t>(company & 0xFF), static_cast<std::uint8_t>(company >> 8)};
    const auto data = v.get<Bytes>();
    d.insert(d.end(), data.begin(), data.end());
    put_ad(body, 0xFF, d);
  }
  for (const auto& [uuid, v] : get<std::map<std::string, sdbus::Variant>>(props, "ServiceData", bad)
                                   .value_or(std::map<std::string, sdbus::Variant>{})) {
    if (v.peekValueType() != "ay") return "ServiceData value type " + v.peekValueType();
    auto le = uuid_le_bytes(uuid);
    if (!le) return "ServiceData UUID " + uuid;
    Bytes d = *le;
    const auto data = v.get<Bytes>();
    d.insert(d.end(), data.begin(), data.end());
    put_ad(body, le->size() == 2 ? 0x16 : 0x21, d);
  }
  const auto appearance = get<std::uint16_t>(props, "Appearance", bad);
  if (appearance || included("appearance")) {
    const std::uint16_t a = appearance.value_or(0);
    put_ad(body, 0x19,
           Bytes{static_cast<std::uint8_t>(a & 0xFF), static_cast<std::uint8_t>(a >> 8)});
  }
  if (bad) return "a property of the wrong type";
  // The kernel's part: Flags first (LE only: BR/EDR not supported; general discoverable for a
  // peripheral while the adapter is discoverable), TX power last.
  std::uint8_t flags = 0x04;
  if (ad.connectable && adapter_.discoverable()) flags |= 0x02;
  ad.data.clear();
  put_ad(ad.data, 0x01, Bytes{flags});
  ad.data.insert(ad.data.end(), body.begin(), body.end());
  if (included("tx-power")) put_ad(ad.data, 0x0A, Bytes{0x00});
  if (ad.data.size() > kMaxAdvLen)
    return "advertising data of " + std::to_string(ad.data.size()) + " bytes";
  bool bad_name = false;
  auto name = get<std::string>(props, "LocalName", bad_name);
  if (bad_name) return "LocalName of the wrong type";
  if (!name && included("local-name")) name = adapter_.alias();
  ad.scan_response.clear();
  if (name && !name->empty()) {
    // The whole name when it fits, else a short one (eir's append_local_name).
    const std::size_t room = kMaxAdvLen - 2;
    const bool complete = name->size() <= room;
    put_ad(ad.scan_response, complete ? 0x09 : 0x08,
           Bytes(name->begin(),
                 name->begin() + static_cast<std::ptrdiff_t>(std::min(room, name->size()))));
  }
  return std::nullopt;
}

void AdvertisingManager::unregister_advertisement(sdbus::MethodCall call) {
  sdbus::ObjectPath path;
  call >> path;
  const std::string owner = call.getSender();
  ctx_.log.line("LEAdvertisingManager1.UnregisterAdvertisement " + std::string(path) + " from " +
                owner);
  auto it = std::find_if(ads_.begin(), ads_.end(),
                         [&](const Ad& a) { return a.owner == owner && a.path == path; });
  if (it == ads_.end()) throw error::does_not_exist();
  remove(owner, path, false);
  reply_ok(call);
}

void AdvertisingManager::remove(const std::string& owner, const std::string& path, bool release) {
  auto it = std::find_if(ads_.begin(), ads_.end(),
                         [&](const Ad& a) { return a.owner == owner && a.path == path; });
  if (it == ads_.end()) return;
  if (it->timeout) ctx_.reactor.cancel(*it->timeout);
  ads_.erase(it);
  if (release) ctx_.calls.send_no_reply(owner, path, kAdvertisementIface, "Release");
  refresh();
  instances_changed();
}

void AdvertisingManager::client_gone(const std::string& name) {
  std::vector<std::string> paths;
  for (const auto& a : ads_) {
    if (a.owner == name) paths.push_back(a.path);
  }
  for (const auto& p : paths) {
    ctx_.log.line("advertisement " + p + " of " + name + " dropped: it left the bus");
    remove(name, p, false);
  }
}

void AdvertisingManager::set_suspended(bool suspended) {
  suspended_ = suspended;
  refresh();
}

void AdvertisingManager::refresh() {
  if (ads_.empty() || suspended_ || !adapter_.powered()) {
    ctx_.radio.advertise(std::nullopt);
    return;
  }
  const Ad& ad = ads_.front();
  Advertising a;
  a.connectable = ad.connectable;
  a.data = ad.data;
  a.scan_response = ad.scan_response;
  ctx_.radio.advertise(a);
}

}  // namespace atsim::bluez
