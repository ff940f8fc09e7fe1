// The length-carrying headers on hostile text: "+IPD,..." headers (parse_ipd_header) and the
// counted information lines (+SYSFLASH, +FS, +WRITE, +NOTIFY, +INDICATE: Framer::
// counted_prefix). A header that parses has sane fields, and printed back it parses the same;
// a counted line's data starts inside the line.
#include <cstdint>
#include <string>

#include "harness/at/framer.hpp"
#include "harness/at/ipd_header.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

std::string print(const atc::IpdFrame& f) {
  std::string s;
  if (f.link_id >= 0) s += std::to_string(f.link_id) + ",";
  s += std::to_string(f.length);
  if (f.remote_ip) s += ",\"" + *f.remote_ip + "\"," + std::to_string(*f.remote_port);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto f = atc::parse_ipd_header(text)) {
    ATC_FUZZ_CHECK(f->link_id >= -1 && f->link_id <= 15, "link id " + std::to_string(f->link_id));
    ATC_FUZZ_CHECK(f->data.empty(), "a header carries no data");
    ATC_FUZZ_CHECK(f->remote_ip.has_value() == f->remote_port.has_value(),
                   "an address without a port, or the reverse");
    if (f->remote_port)
      ATC_FUZZ_CHECK(*f->remote_port >= 0 && *f->remote_port <= 65535,
                     "port " + std::to_string(*f->remote_port));
    const bool printable_ip =
        !f->remote_ip || (f->remote_ip->find_first_of("\",:") == std::string::npos);
    if (printable_ip) {
      auto again = atc::parse_ipd_header(print(*f));
      ATC_FUZZ_CHECK(again.has_value(), "printed back, \"" + print(*f) + "\" does not parse");
      ATC_FUZZ_CHECK(again->link_id == f->link_id && again->length == f->length &&
                         again->remote_ip == f->remote_ip && again->remote_port == f->remote_port,
                     "printed back, \"" + print(*f) + "\" parses otherwise");
    }
  }

  std::size_t header_end = 0, len = 0;
  if (atc::Framer::counted_prefix(text, header_end, len)) {
    ATC_FUZZ_CHECK(
        header_end > 0 && header_end <= text.size(),
        "data starts at " + std::to_string(header_end) + " of " + std::to_string(text.size()));
    ATC_FUZZ_CHECK(text[header_end - 1] == ',', "the length field ends with a comma");
    ATC_FUZZ_CHECK(len <= atc::Framer::kMaxIpd, "length " + std::to_string(len));
  }
  return 0;
}
