#include "sim/bluez/app_calls.hpp"

namespace atsim::bluez {

AppCalls::~AppCalls() = default;

void AppCalls::call(const std::string& destination, const std::string& path,
                    const std::string& iface, const std::string& member, Args args,
                    std::chrono::milliseconds timeout, Done done) {
  const auto id = next_++;
  auto p = std::make_unique<Pending>();
  p->destination = destination;
  p->proxy = sdbus::createProxy(bus_, destination, path);
  auto msg = p->proxy->createMethodCall(iface, member);
  if (args) args(msg);
  Pending* raw = p.get();
  pending_.emplace(id, std::move(p));
  const auto usec = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  raw->proxy->callMethod(
      msg,
      [this, id, done = std::move(done)](sdbus::MethodReply& reply, const sdbus::Error* error) {
        auto it = pending_.find(id);
        if (it == pending_.end()) return;
        const bool dropped = it->second->finished;  // its client left: nobody wants it
        it->second->finished = true;
        if (!dropped) {
          try {
            done(reply, error);
          } catch (const std::exception&) {
            // A reply we could not use is the caller's to report; it must not unwind through
            // sd-bus's C frames.
          }
        }
        // The proxy is still inside this callback: it goes after it returns.
        reactor_.defer([this, id] { pending_.erase(id); });
      },
      static_cast<std::uint64_t>(usec));
}

void AppCalls::send_no_reply(const std::string& destination, const std::string& path,
                             const std::string& iface, const std::string& member, Args args) {
  auto proxy = sdbus::createProxy(bus_, destination, path);
  auto msg = proxy->createMethodCall(iface, member);
  if (args) args(msg);
  msg.dontExpectReply();
  proxy->callMethod(msg);
}

void AppCalls::drop(const std::string& destination) {
  for (auto& [id, p] : pending_) {
    if (p->destination == destination) p->finished = true;
  }
}

}  // namespace atsim::bluez
