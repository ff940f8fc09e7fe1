#include "tests/e2e/junit_report.hpp"

#include <pugixml.hpp>

#include <stdexcept>

namespace atc::test {

namespace {
// "a, b, c" holds `item` as one of its entries.
bool listed(const std::string& list, const std::string& item) {
  return !item.empty() && (", " + list + ",").find(", " + item + ",") != std::string::npos;
}
}  // namespace

bool CaseVerdict::names(const std::string& c) const {
  return listed(clause, c) || listed(failed_clause, c);
}

std::string CaseVerdict::explain() const {
  constexpr std::size_t kTail = 3000;
  if (detail.empty()) return message;
  return message + "\n" +
         (detail.size() > kTail ? "..." + detail.substr(detail.size() - kTail) : detail);
}

std::vector<CaseVerdict> read_junit(const std::string& path) {
  pugi::xml_document doc;
  auto ok = doc.load_file(path.c_str());
  if (!ok) throw std::runtime_error(path + ": " + ok.description());
  std::vector<CaseVerdict> out;
  for (auto tc : doc.select_nodes("//testcase")) {
    auto n = tc.node();
    CaseVerdict v;
    v.name = std::string(n.attribute("classname").value()) + "." + n.attribute("name").value();
    v.verdict = "pass";
    v.seconds = n.attribute("time").as_double();
    if (auto f = n.child("failure"))
      v.verdict = "fail", v.message = f.attribute("message").value(), v.detail = f.text().get();
    if (auto e = n.child("error"))
      v.verdict = "error", v.message = e.attribute("message").value(), v.detail = e.text().get();
    if (auto s = n.child("skipped"))
      v.verdict = "skipped", v.message = s.attribute("message").value();
    for (auto p : n.child("properties").children("property"))
      if (std::string(p.attribute("name").value()) == "atc.clause")
        v.clause = p.attribute("value").value();
      else if (std::string(p.attribute("name").value()) == "atc.clause.failed")
        v.failed_clause = p.attribute("value").value();
    out.push_back(v);
  }
  return out;
}

}  // namespace atc::test
