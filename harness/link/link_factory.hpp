#pragma once
// Opens a link from its parsed URI (link_uri.hpp lists the forms). Throws LinkError naming the
// URI and the reason.
#include <memory>

#include "harness/link/link.hpp"
#include "harness/link/link_uri.hpp"
#include "harness/link/sim_settings.hpp"

namespace atc {

// `serial` is the framing to open with when the URI does not say (the rig's settings); `sim`
// what the run hands a simulated DUT (ignored by the other schemes).
std::unique_ptr<Link> open_link(const LinkUri& uri, const SerialSettings& serial,
                                const SimSettings& sim = {});
// The same, from the URI's text (parse_link_uri first).
std::unique_ptr<Link> open_link(const std::string& uri, const SerialSettings& serial,
                                const SimSettings& sim = {});
// Checks a URI's scheme and options without opening anything (the rig loader's check).
void check_link_uri(const LinkUri& uri);
// Opens the link again after it was lost (a USB-serial adapter unplugged and plugged back, a
// serial server restarted): tries every 100 ms until it opens or the URI's `reconnect_ms`
// (default 5000) has passed, then throws the last LinkError. `sim:` is opened once: a new
// atsim is a new board.
std::unique_ptr<Link> reopen_link(const LinkUri& uri, const SerialSettings& serial,
                                  const SimSettings& sim = {});

}  // namespace atc
