#include "sim/bluez/bluez.hpp"

#include "sim/bluez/device.hpp"

namespace atsim::bluez {

Bluez::Bluez(Context& ctx)
    : ctx_(ctx),
      bluez_(ctx.bus, "/org/bluez"),
      gatt_(ctx, [this] { return adapter_ ? adapter_->alias() : ctx_.options.name; }),
      advertising_(ctx,
                   AdapterState{
                       .powered = [this] { return adapter_ && adapter_->powered(); },
                       .discoverable = [this] { return adapter_ && adapter_->discoverable(); },
                       .alias = [this] { return adapter_ ? adapter_->alias() : ctx_.options.name; },
                   }),
      pairing_(ctx) {
  root_ = sdbus::createObject(ctx_.bus, "/");
  root_->addObjectManager();
  root_->finishRegistration();
  pairing_.declare(bluez_);
  bluez_.finish();
  adapter_ = std::make_unique<Adapter>(ctx_, *this);
  pairing_.set_adapter(*adapter_);
  advertising_.declare(adapter_->object());
  gatt_.declare(adapter_->object());
  adapter_->publish();
  // A client that leaves the bus takes its discovery session, advertisements, applications,
  // agent and notification sessions with it.
  owner_watch_ = ctx_.bus.addMatch(
      "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',"
      "member='NameOwnerChanged'",
      [this](sdbus::Message& m) {
        try {
          std::string name, old_owner, new_owner;
          m >> name >> old_owner >> new_owner;
          if (!name.empty() && name[0] == ':' && new_owner.empty()) client_gone(name);
        } catch (const std::exception& e) {
          ctx_.log.line(std::string("NameOwnerChanged we cannot read: ") + e.what());
        }
      });
}

Bluez::~Bluez() {
  adapter_.reset();
}

void Bluez::start(std::function<void(bool, const std::string&)> ready) {
  // RequestName, asynchronously: the loop never blocks on the bus.
  ctx_.calls.call(
      "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
      [](sdbus::MethodCall& m) {
        m << std::string("org.bluez") << std::uint32_t{4};
      },  // DO_NOT_QUEUE
      std::chrono::seconds(5),
      [ready](sdbus::MethodReply& reply, const sdbus::Error* e) {
        if (e) return ready(false, e->getName() + ": " + e->getMessage());
        std::uint32_t result = 0;
        reply >> result;
        if (result != 1)
          return ready(false, "org.bluez is owned by someone else (RequestName " +
                                  std::to_string(result) + ")");
        ready(true, "");
      });
}

void Bluez::client_gone(const std::string& name) {
  ctx_.log.line("client " + name + " left the bus");
  adapter_->client_gone(name);
  advertising_.client_gone(name);
  gatt_.client_gone(name);
  pairing_.client_gone(name);
  for (auto* l : adapter_->links()) l->client_gone(name);
  ctx_.calls.drop(name);
}

void Bluez::att_request(Link& link, const Bytes& pdu, std::function<void(Bytes)> respond) {
  gatt_.att_request(link, pdu, std::move(respond));
}

void Bluez::link_up(Link& link) {
  gatt_.link_up(link);
  if (!link.central()) {
    ++peripheral_links_;
    advertising_.set_suspended(true);  // the controller's advertising ended with the connection
  }
}

void Bluez::link_down(Link& link) {
  gatt_.link_down(link);
  pairing_.link_down(link);
  if (!link.central() && --peripheral_links_ == 0) advertising_.set_suspended(false);
}

void Bluez::smp(Link& link, const Bytes& pdu) {
  pairing_.smp(link, pdu);
}

void Bluez::encryption_changed(Link& link, bool encrypted) {
  pairing_.encryption_changed(link, encrypted);
}

void Bluez::encrypt_request(Link& link, const Bytes& ltk) {
  pairing_.encrypt_request(link, ltk);
}

void Bluez::device_removed(const Device& d) {
  pairing_.device_removed(d);
}

void Bluez::declare_device_methods(Device& d) {
  pairing_.declare_device(d);
}

std::string Bluez::status() const {
  return adapter_->status() + " advertisements=" + std::to_string(advertising_.active());
}

}  // namespace atsim::bluez
