#pragma once
// The DUT's DNS client: one A query per server (UDP, 1 s each, in order) from the DUT's address.
// Dotted addresses are returned without a query. Used by every command that takes a host name.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/event_loop.hpp"
#include "sim/net/inet.hpp"

namespace atsim {

using Resolved = std::function<void(std::optional<std::uint32_t> ip)>;

// `servers` are host-side endpoints. `done` runs exactly once, from the event loop for names
// (at once for a dotted address).
void resolve(EventLoop& loop, const std::string& name, std::vector<Endpoint4> servers,
             std::uint32_t source, Resolved done);

// The wire format, exposed for tests.
std::string dns_query(std::uint16_t id, const std::string& name);
// The first A record of a response to `id`; nullopt for anything else (NXDOMAIN, no answer).
std::optional<std::uint32_t> dns_answer(const std::string& packet, std::uint16_t id);

}  // namespace atsim
