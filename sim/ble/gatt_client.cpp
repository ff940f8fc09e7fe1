#include "sim/ble/gatt_client.hpp"

namespace atsim::ble {

using namespace att;

namespace {
Status bad() {
  return Status{Status::Kind::bad_response, Error::none, 0};
}
}  // namespace

void GattClient::enqueue(std::function<void()> start) {
  queue_.push_back(std::move(start));
  if (!running_ && !dead_) finish();
}

void GattClient::finish() {
  running_ = false;
  waiting_ = nullptr;
  on_abort_.clear();
  if (queue_.empty()) return;
  running_ = true;
  auto start = std::move(queue_.front());
  queue_.pop_front();
  start();
}

void GattClient::request(Pdu pdu, OnResponse on_response) {
  waiting_ = std::move(on_response);
  send_(encode(pdu));
}

void GattClient::abort() {
  // Every queued or running procedure ends once, with link_lost. A procedure started while
  // dead_ only registers its ending; callbacks that queue more are ended in the same loop.
  dead_ = true;
  waiting_ = nullptr;
  for (;;) {
    auto endings = std::move(on_abort_);
    on_abort_.clear();
    if (endings.empty() && queue_.empty()) break;
    for (auto& e : endings) e();
    if (!queue_.empty()) {
      auto start = std::move(queue_.front());
      queue_.pop_front();
      start();
    }
  }
  running_ = false;
  dead_ = false;
}

void GattClient::on_pdu(std::span<const std::uint8_t> bytes) {
  auto decoded = decode(bytes);
  if (auto* e = std::get_if<DecodeError>(&decoded)) {
    if (on_protocol_error)
      on_protocol_error("undecodable PDU at offset " + std::to_string(e->offset) + ": " + e->why);
    if (waiting_) {
      auto w = std::move(waiting_);
      waiting_ = nullptr;
      w(Pdu{ErrorRsp{Op::error_rsp, 0, Error::invalid_pdu}});
    }
    return;
  }
  Pdu& pdu = std::get<Pdu>(decoded);
  if (auto* n = std::get_if<Notification>(&pdu)) {
    if (on_value) on_value(n->handle, n->value, false);
    return;
  }
  if (auto* i = std::get_if<Indication>(&pdu)) {
    send_(encode(Confirmation{}));  // GATT confirms every indication it received
    if (on_value) on_value(i->handle, i->value, true);
    return;
  }
  if (!waiting_) {
    if (on_protocol_error) on_protocol_error("a response with no request outstanding");
    return;
  }
  auto w = std::move(waiting_);
  waiting_ = nullptr;
  w(pdu);
}

// Runs `fn(status, value)` once: either from the procedure or, if the link drops first, with
// link_lost. The guard is shared by both paths.
template <class Fn, class Value>
static auto once(std::vector<std::function<void()>>& on_abort, Fn done, Value empty) {
  auto fired = std::make_shared<bool>(false);
  auto shared = std::make_shared<Fn>(std::move(done));
  on_abort.push_back([fired, shared, empty] {
    if (*fired) return;
    *fired = true;
    (*shared)(Status{Status::Kind::link_lost, Error::none, 0}, empty);
  });
  return [fired, shared](Status s, Value v) {
    if (*fired) return;
    *fired = true;
    (*shared)(s, std::move(v));
  };
}

void GattClient::exchange_mtu(std::uint16_t rx, std::function<void(Status, std::uint16_t)> done) {
  enqueue([this, rx, done = std::move(done)]() mutable {
    auto end = once(on_abort_, std::move(done), std::uint16_t{0});
    if (dead_) return;
    request(ExchangeMtuReq{rx}, [this, rx, end](const Pdu& r) {
      if (auto* m = std::get_if<ExchangeMtuRsp>(&r)) {
        mtu_ = std::max<std::uint16_t>(kDefaultMtu, std::min(rx, m->mtu));
        end(Status{}, mtu_);
      } else if (auto* e = std::get_if<ErrorRsp>(&r)) {
        end(Status::att(e->code, e->handle), mtu_);
      } else {
        end(bad(), mtu_);
      }
      finish();
    });
  });
}

void GattClient::discover_primary_services(
    std::function<void(Status, std::vector<RemoteService>)> done) {
  enqueue([this, done = std::move(done)]() mutable {
    auto end = once(on_abort_, std::move(done), std::vector<RemoteService>{});
    if (dead_) return;
    services_from(1, {}, [this, end](Status s, std::vector<RemoteService> v) {
      end(s, std::move(v));
      finish();
    });
  });
}

void GattClient::services_from(std::uint16_t start, std::vector<RemoteService> acc,
                               std::function<void(Status, std::vector<RemoteService>)> done) {
  request(ReadByGroupTypeReq{start, 0xFFFF, Uuid::from16(uuids::primary_service)},
          [this, acc = std::move(acc), done](const Pdu& r) mutable {
            if (auto* e = std::get_if<ErrorRsp>(&r)) {
              // Attribute Not Found ends the procedure (Vol 3 Part G 4.4.1).
              if (e->code == Error::attribute_not_found) return done(Status{}, std::move(acc));
              return done(Status::att(e->code, e->handle), std::move(acc));
            }
            auto* g = std::get_if<ReadByGroupTypeRsp>(&r);
            if (!g) return done(bad(), std::move(acc));
            std::uint16_t last = 0;
            for (const auto& i : g->items) {
              auto u = Uuid::from_le(i.value);
              if (!u || i.end < i.start || i.start <= last) return done(bad(), std::move(acc));
              acc.push_back(RemoteService{i.start, i.end, *u});
              last = i.end;
            }
            if (last == 0xFFFF) return done(Status{}, std::move(acc));
            services_from(static_cast<std::uint16_t>(last + 1), std::move(acc), done);
          });
}

void GattClient::find_included_services(
    std::uint16_t start, std::uint16_t end_handle,
    std::function<void(Status, std::vector<RemoteInclude>)> done) {
  enqueue([this, start, end_handle, done = std::move(done)]() mutable {
    auto end = once(on_abort_, std::move(done), std::vector<RemoteInclude>{});
    if (dead_) return;
    includes_from(start, end_handle, {}, [this, end](Status s, std::vector<RemoteInclude> v) {
      end(s, std::move(v));
      finish();
    });
  });
}

void GattClient::includes_from(std::uint16_t start, std::uint16_t end,
                               std::vector<RemoteInclude> acc,
                               std::function<void(Status, std::vector<RemoteInclude>)> done) {
  if (start > end || start == 0) return resolve_include_uuids(0, std::move(acc), done);
  request(ReadByTypeReq{start, end, Uuid::from16(uuids::include)},
          [this, end, acc = std::move(acc), done](const Pdu& r) mutable {
            if (auto* e = std::get_if<ErrorRsp>(&r)) {
              if (e->code == Error::attribute_not_found)
                return resolve_include_uuids(0, std::move(acc), done);
              return done(Status::att(e->code, e->handle), std::move(acc));
            }
            auto* t = std::get_if<ReadByTypeRsp>(&r);
            if (!t) return done(bad(), std::move(acc));
            std::uint16_t last = 0;
            for (const auto& [h, v] : t->items) {
              if ((v.size() != 4 && v.size() != 6) || h <= last) return done(bad(), std::move(acc));
              RemoteInclude inc{h, static_cast<std::uint16_t>(v[0] | v[1] << 8),
                                static_cast<std::uint16_t>(v[2] | v[3] << 8), Uuid{}};
              // A 128-bit included service has no UUID here: read its declaration later.
              if (v.size() == 6) inc.uuid = *Uuid::from_le(std::span(v).subspan(4));
              acc.push_back(inc);
              last = h;
            }
            if (last >= end) return resolve_include_uuids(0, std::move(acc), done);
            includes_from(static_cast<std::uint16_t>(last + 1), end, std::move(acc), done);
          });
}

void GattClient::resolve_include_uuids(
    std::size_t i, std::vector<RemoteInclude> acc,
    std::function<void(Status, std::vector<RemoteInclude>)> done) {
  while (i < acc.size() && acc[i].uuid != Uuid{}) ++i;
  if (i >= acc.size()) return done(Status{}, std::move(acc));
  const std::uint16_t handle = acc[i].start;  // before acc moves into the lambda
  request(ReadReq{handle}, [this, i, acc = std::move(acc), done](const Pdu& r) mutable {
    auto* rr = std::get_if<ReadRsp>(&r);
    auto u = rr ? Uuid::from_le(rr->value) : std::nullopt;
    if (!u) {
      if (auto* e = std::get_if<ErrorRsp>(&r))
        return done(Status::att(e->code, e->handle), std::move(acc));
      return done(bad(), std::move(acc));
    }
    acc[i].uuid = *u;
    resolve_include_uuids(i + 1, std::move(acc), done);
  });
}

void GattClient::discover_characteristics(
    std::uint16_t start, std::uint16_t end_handle,
    std::function<void(Status, std::vector<RemoteCharacteristic>)> done) {
  enqueue([this, start, end_handle, done = std::move(done)]() mutable {
    auto end = once(on_abort_, std::move(done), std::vector<RemoteCharacteristic>{});
    if (dead_) return;
    chars_from(start, end_handle, {}, [this, end](Status s, std::vector<RemoteCharacteristic> v) {
      end(s, std::move(v));
      finish();
    });
  });
}

void GattClient::chars_from(std::uint16_t start, std::uint16_t end,
                            std::vector<RemoteCharacteristic> acc,
                            std::function<void(Status, std::vector<RemoteCharacteristic>)> done) {
  if (start > end || start == 0) return done(Status{}, std::move(acc));
  request(ReadByTypeReq{start, end, Uuid::from16(uuids::characteristic)},
          [this, end, acc = std::move(acc), done](const Pdu& r) mutable {
            if (auto* e = std::get_if<ErrorRsp>(&r)) {
              if (e->code == Error::attribute_not_found) return done(Status{}, std::move(acc));
              return done(Status::att(e->code, e->handle), std::move(acc));
            }
            auto* t = std::get_if<ReadByTypeRsp>(&r);
            if (!t) return done(bad(), std::move(acc));
            std::uint16_t last = 0;
            for (const auto& [h, v] : t->items) {
              if ((v.size() != 5 && v.size() != 19) || h <= last)
                return done(bad(), std::move(acc));
              acc.push_back(RemoteCharacteristic{h, static_cast<std::uint16_t>(v[1] | v[2] << 8),
                                                 v[0], *Uuid::from_le(std::span(v).subspan(3))});
              last = h;
            }
            if (last >= end) return done(Status{}, std::move(acc));
            chars_from(static_cast<std::uint16_t>(last + 1), end, std::move(acc), done);
          });
}

void GattClient::discover_descriptors(
    std::uint16_t start, std::uint16_t end_handle,
    std::function<void(Status, std::vector<RemoteDescriptor>)> done) {
  enqueue([this, start, end_handle, done = std::move(done)]() mutable {
    auto end = once(on_abort_, std::move(done), std::vector<RemoteDescriptor>{});
    if (dead_) return;
    descs_from(start, end_handle, {}, [this, end](Status s, std::vector<RemoteDescriptor> v) {
      end(s, std::move(v));
      finish();
    });
  });
}

void GattClient::descs_from(std::uint16_t start, std::uint16_t end,
                            std::vector<RemoteDescriptor> acc,
                            std::function<void(Status, std::vector<RemoteDescriptor>)> done) {
  if (start > end || start == 0) return done(Status{}, std::move(acc));
  request(FindInfoReq{start, end},
          [this, start, end, acc = std::move(acc), done](const Pdu& r) mutable {
            if (auto* e = std::get_if<ErrorRsp>(&r)) {
              if (e->code == Error::attribute_not_found) return done(Status{}, std::move(acc));
              return done(Status::att(e->code, e->handle), std::move(acc));
            }
            auto* f = std::get_if<FindInfoRsp>(&r);
            if (!f) return done(bad(), std::move(acc));
            std::uint16_t last = 0;
            for (const auto& [h, u] : f->entries) {
              if (h <= last || h < start) return done(bad(), std::move(acc));
              acc.push_back(RemoteDescriptor{h, u});
              last = h;
            }
            if (last >= end) return done(Status{}, std::move(acc));
            descs_from(static_cast<std::uint16_t>(last + 1), end, std::move(acc), done);
          });
}

void GattClient::read(std::uint16_t handle, std::function<void(Status, Bytes)> done) {
  enqueue([this, handle, done = std::move(done)]() mutable {
    auto end = once(on_abort_, std::move(done), Bytes{});
    if (dead_) return;
    request(ReadReq{handle}, [this, handle, end](const Pdu& r) {
      if (auto* e = std::get_if<ErrorRsp>(&r)) {
        end(Status::att(e->code, e->handle), {});
        return finish();
      }
      auto* rr = std::get_if<ReadRsp>(&r);
      if (!rr) {
        end(bad(), {});
        return finish();
      }
      if (rr->value.size() < mtu_ - 1u) {
        end(Status{}, rr->value);
        return finish();
      }
      blob_from(handle, rr->value, [this, end](Status s, Bytes v) {
        end(s, std::move(v));
        finish();
      });
    });
  });
}

void GattClient::blob_from(std::uint16_t handle, Bytes acc,
                           std::function<void(Status, Bytes)> done) {
  if (acc.size() >= kMaxValue) return done(Status{}, std::move(acc));
  const auto offset = static_cast<std::uint16_t>(acc.size());  // before acc moves into the lambda
  request(ReadBlobReq{handle, offset},
          [this, handle, acc = std::move(acc), done](const Pdu& r) mutable {
            if (auto* e = std::get_if<ErrorRsp>(&r)) {
              // Attribute Not Long / Invalid Offset at the end: the value was exactly MTU-1.
              if (e->code == Error::attribute_not_long || e->code == Error::invalid_offset) {
                return done(Status{}, std::move(acc));
              }
              return done(Status::att(e->code, e->handle), std::move(acc));
            }
            auto* b = std::get_if<ReadBlobRsp>(&r);
            if (!b) return done(bad(), std::move(acc));
            put(acc, b->value);
            if (b->value.size() < mtu_ - 1u) return done(Status{}, std::move(acc));
            blob_from(handle, std::move(acc), done);
          });
}

void GattClient::write(std::uint16_t handle, Bytes value, bool with_response,
                       std::function<void(Status)> done) {
  enqueue(
      [this, handle, value = std::move(value), with_response, done = std::move(done)]() mutable {
        auto end = once(
            on_abort_, [done](Status s, int) { done(s); }, 0);
        if (dead_) return;
        if (value.size() > mtu_ - 3u) {
          end(bad(), 0);
          return finish();
        }
        if (!with_response) {
          send_(encode(WriteCmd{handle, std::move(value)}));
          end(Status{}, 0);
          return finish();
        }
        request(WriteReq{handle, std::move(value)}, [this, end](const Pdu& r) {
          if (auto* e = std::get_if<ErrorRsp>(&r)) {
            end(Status::att(e->code, e->handle), 0);
          } else if (std::holds_alternative<WriteRsp>(r)) {
            end(Status{}, 0);
          } else {
            end(bad(), 0);
          }
          finish();
        });
      });
}

}  // namespace atsim::ble
