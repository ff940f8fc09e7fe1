// The link URI parser on hostile text (a rig file's link=, --link): parse_link_uri and the
// scheme's option check (check_link_uri, which opens nothing). Bad text is a LinkError naming
// the URI, nothing else; a URI that parses prints back (text()) to one that parses the same.
#include <cstdint>
#include <string>

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/link/link_uri.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

bool same(const atc::LinkUri& a, const atc::LinkUri& b) {
  return a.scheme == b.scheme && a.target == b.target && a.query == b.query;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  atc::LinkUri u;
  try {
    u = atc::parse_link_uri(text);
  } catch (const atc::LinkError&) {
    return 0;  // refused, with a message: what a bad URI must get
  }
  const std::string printed = u.text();
  atc::LinkUri again;
  try {
    again = atc::parse_link_uri(printed);
  } catch (const atc::LinkError& e) {
    atc::fuzz::finding("parse(text()) throws", "\"" + printed + "\": " + e.what(), __FILE__,
                       __LINE__);
  }
  ATC_FUZZ_CHECK(same(u, again), "\"" + text + "\" printed as \"" + printed +
                                     "\" reads back as \"" + again.text() + "\"");
  ATC_FUZZ_CHECK(again.text() == printed,
                 "text() is not stable: \"" + printed + "\" then \"" + again.text() + "\"");
  try {
    atc::check_link_uri(u);
  } catch (const atc::LinkError&) {
  }
  return 0;
}
