#include "sim/bluez/link.hpp"

#include "sim/bluez/device.hpp"
#include "sim/bluez/remote_gatt.hpp"

namespace atsim::bluez {

Link::Link(Context& ctx, LinkServices& services, std::uint32_t id, Device& device, bool central)
    : ctx_(ctx), services_(services), id_(id), device_(device), central_(central) {
  remote_ = std::make_unique<RemoteGatt>(ctx_, *this, device_);
  remote_->start();
}

Link::~Link() {
  *alive_ = false;
  remote_.reset();
}

void Link::send_att(const Bytes& pdu) {
  ctx_.radio.send_att(id_, pdu);
}

void Link::on_att(const Bytes& pdu) {
  if (pdu.empty()) return;
  // ATT opcodes: odd ones are responses, notifications and indications (our client's);
  // even ones are requests, commands and confirmations (our server's).
  if (pdu[0] & 0x01) {
    remote_->on_pdu(pdu);
    return;
  }
  auto alive = alive_;
  services_.att_request(*this, pdu, [this, alive](Bytes rsp) {
    // An answer from an application may come after the link went: it goes nowhere.
    if (*alive) send_att(rsp);
  });
}

void Link::client_gone(const std::string& name) {
  remote_->client_gone(name);
}

}  // namespace atsim::bluez
