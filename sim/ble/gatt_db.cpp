#include "sim/ble/gatt_db.hpp"

#include <stdexcept>

namespace atsim::ble {
namespace {

bool is_service(const Attribute& a) {
  return a.type == Uuid::from16(uuids::primary_service) ||
         a.type == Uuid::from16(uuids::secondary_service);
}

}  // namespace

std::uint16_t GattDb::push(Attribute a) {
  if (attrs_.size() >= 0xFFFF) throw std::length_error("GATT database full");
  a.handle = static_cast<std::uint16_t>(attrs_.size() + 1);
  attrs_.push_back(std::move(a));
  return attrs_.back().handle;
}

std::uint16_t GattDb::add_service(const Uuid& uuid, bool primary) {
  Attribute a;
  a.type = Uuid::from16(primary ? uuids::primary_service : uuids::secondary_service);
  a.value = uuid.le_bytes();
  a.perm = perm::read;
  return push(std::move(a));
}

std::uint16_t GattDb::add_include(std::uint16_t service_handle) {
  const Attribute* s = find(service_handle);
  if (!s || !is_service(*s)) throw std::invalid_argument("include of a handle that is no service");
  const auto all = services();
  std::uint16_t end = service_handle;
  for (const auto& info : all) {
    if (info.start == service_handle) end = info.end;
  }
  Attribute a;
  a.type = Uuid::from16(uuids::include);
  put_u16(a.value, service_handle);
  put_u16(a.value, end);
  // Vol 3 Part G 3.2: the UUID is present only when it is a 16-bit one.
  if (s->value.size() == 2) put(a.value, s->value);
  return push(std::move(a));
}

std::uint16_t GattDb::add_characteristic(const Uuid& uuid, std::uint8_t props, std::uint16_t p,
                                         Bytes value, std::size_t max_len) {
  Attribute decl;
  decl.type = Uuid::from16(uuids::characteristic);
  decl.value.push_back(props);
  put_u16(decl.value, static_cast<std::uint16_t>(attrs_.size() + 2));
  put(decl.value, uuid.le_bytes());
  push(std::move(decl));
  Attribute v;
  v.type = uuid;
  v.value = std::move(value);
  v.perm = p;
  v.max_len = max_len;
  return push(std::move(v));
}

std::uint16_t GattDb::add_descriptor(const Uuid& uuid, std::uint16_t p, Bytes value,
                                     std::size_t max_len) {
  Attribute a;
  a.type = uuid;
  a.value = std::move(value);
  a.perm = p;
  a.max_len = max_len;
  return push(std::move(a));
}

std::uint16_t GattDb::add_cccd() {
  return add_descriptor(Uuid::from16(uuids::cccd), perm::read | perm::write, Bytes{0, 0}, 2);
}

Attribute* GattDb::find(std::uint16_t handle) {
  if (handle == 0 || handle > attrs_.size()) return nullptr;
  return &attrs_[handle - 1];
}

const Attribute* GattDb::find(std::uint16_t handle) const {
  if (handle == 0 || handle > attrs_.size()) return nullptr;
  return &attrs_[handle - 1];
}

std::vector<ServiceInfo> GattDb::services() const {
  std::vector<ServiceInfo> out;
  for (const auto& a : attrs_) {
    if (!is_service(a)) continue;
    if (!out.empty()) out.back().end = static_cast<std::uint16_t>(a.handle - 1);
    out.push_back(ServiceInfo{a.handle, a.handle, *Uuid::from_le(a.value),
                              a.type == Uuid::from16(uuids::primary_service)});
  }
  if (!out.empty()) out.back().end = last_handle();
  return out;
}

std::vector<CharacteristicInfo> GattDb::characteristics(const ServiceInfo& s) const {
  std::vector<CharacteristicInfo> out;
  for (std::uint16_t h = s.start; h <= s.end && h != 0; ++h) {
    const Attribute& a = attrs_[h - 1];
    if (a.type != Uuid::from16(uuids::characteristic)) continue;
    if (!out.empty()) out.back().end = static_cast<std::uint16_t>(h - 1);
    const std::uint8_t props = a.value.at(0);
    const auto value = static_cast<std::uint16_t>(a.value.at(1) | a.value.at(2) << 8);
    const Bytes ub(a.value.begin() + 3, a.value.end());
    out.push_back(CharacteristicInfo{h, value, value, *Uuid::from_le(ub), props});
    if (h == 0xFFFF) break;
  }
  if (!out.empty()) out.back().end = s.end;
  return out;
}

std::vector<std::uint16_t> GattDb::descriptors(const CharacteristicInfo& c) const {
  std::vector<std::uint16_t> out;
  for (std::uint32_t h = c.value + 1u; h <= c.end; ++h)
    out.push_back(static_cast<std::uint16_t>(h));
  return out;
}

std::optional<std::uint16_t> GattDb::cccd_of(std::uint16_t value_handle) const {
  for (const auto& s : services()) {
    for (const auto& c : characteristics(s)) {
      if (c.value != value_handle) continue;
      for (auto d : descriptors(c)) {
        if (find(d)->type == Uuid::from16(uuids::cccd)) return d;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void GattDb::set_hidden(const ServiceInfo& s, bool hidden) {
  for (std::uint32_t h = s.start; h <= s.end; ++h) attrs_[h - 1].hidden = hidden;
}

}  // namespace atsim::ble
