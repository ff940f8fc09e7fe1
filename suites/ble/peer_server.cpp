#include "suites/ble/peer_server.hpp"

namespace atc::ble {

namespace {

fixtures::BleLocalCharacteristic chr(const char* uuid, std::vector<std::string> flags,
                                     const std::string& value = "") {
  fixtures::BleLocalCharacteristic c;
  c.uuid = uuid;
  c.flags = std::move(flags);
  c.value = support::bytes_of(value);
  return c;
}

}  // namespace

std::string peer_long_value() {
  std::string v;
  for (int i = 0; i < 100; ++i) v += static_cast<char>(i);
  return v;
}

std::vector<fixtures::BleLocalService> peer_application() {
  fixtures::BleLocalService s;
  s.uuid = kPeerService;
  auto rw = chr("fff1", {"read", "write"}, "0");
  rw.descriptors.push_back({"2901", {"read"}, support::bytes_of("rw-desc")});
  s.characteristics.push_back(rw);
  s.characteristics.push_back(chr("fff2", {"write"}));
  s.characteristics.push_back(chr("fff3", {"write-without-response"}));
  s.characteristics.push_back(chr("fff4", {"notify"}));
  s.characteristics.push_back(chr("fff5", {"indicate"}));
  auto no = chr(kPeerRefusing, {"read", "write"}, "n");
  no.read_error = no.write_error = "org.bluez.Error.NotPermitted";
  s.characteristics.push_back(no);
  s.characteristics.push_back(chr("fff7", {"read"}, peer_long_value()));
  fixtures::BleLocalService outer;
  outer.uuid = kPeerOuter;
  outer.includes = {kPeerService};
  outer.characteristics.push_back(chr(kPeerInner, {"read"}, "in"));
  return {s, outer};
}

int props_of(const std::vector<std::string>& flags) {
  int p = 0;
  for (const auto& f : flags) {
    if (f == "read") p |= 0x02;
    if (f == "write-without-response") p |= 0x04;
    if (f == "write") p |= 0x08;
    if (f == "notify") p |= 0x10;
    if (f == "indicate") p |= 0x20;
  }
  return p;
}

const support::RemoteChar* PeerDiscovery::chr(const std::string& uuid) const {
  for (const auto& c : chars)
    if (support::same_uuid(c.uuid, uuid)) return &c;
  return nullptr;
}

std::string PeerDiscovery::at(const char* cmd, const std::string& uuid,
                              const std::string& tail) const {
  const auto* c = chr(uuid);
  return std::string(cmd) + "=0," + std::to_string(svc) + "," + std::to_string(c ? c->chr : 99) +
         tail;
}

}  // namespace atc::ble
