#include "harness/config/xml_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/config/config_error.hpp"

namespace atc {

std::string join(Names names, std::string_view before, std::string_view after) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += before;
    out += n;
    out += after;
  }
  return out.empty() ? "none" : out;
}

std::string tag(pugi::xml_node n) {
  return std::string("<") + n.name() + ">";
}

XmlFile::XmlFile(std::string path) : path_(std::move(path)) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw ConfigError(path_, 0, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream os;
  os << in.rdbuf();
  text_ = os.str();
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') newlines_.push_back(i);
  }
  auto r = doc_.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) fail(line_at(r.offset), std::string("not well-formed XML: ") + r.description());
}

pugi::xml_node XmlFile::root(const char* name) const {
  pugi::xml_node root;
  for (auto n : doc_.children()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      fail(n, "text outside the root element");
    }
    if (n.type() != pugi::node_element) continue;
    if (root) fail(n, "a second root element " + tag(n) + "; expected only <" + name + ">");
    root = n;
  }
  if (!root) fail(std::size_t{0}, std::string("no <") + name + "> element");
  if (std::strcmp(root.name(), name) != 0) {
    fail(root, "the root element is " + tag(root) + "; expected <" + name + ">");
  }
  return root;
}

void XmlFile::fail(std::size_t line, const std::string& what) const {
  throw ConfigError(path_, line, what);
}

void XmlFile::fail(pugi::xml_node n, const std::string& what) const {
  fail(line_of(n), what);
}

void XmlFile::fail(pugi::xml_node n, std::string_view attr, const std::string& what) const {
  fail(line_of(n, attr), what);
}

std::size_t XmlFile::line_at(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  auto it = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
  return static_cast<std::size_t>(it - newlines_.begin()) + 1;
}

std::size_t XmlFile::line_of(pugi::xml_node n) const {
  std::ptrdiff_t at = n.offset_debug();
  if (at >= 0 && (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata)) {
    while (static_cast<std::size_t>(at) < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[static_cast<std::size_t>(at)]))) {
      ++at;
    }
  }
  return line_at(at);
}

std::size_t XmlFile::line_of(pugi::xml_node n, std::string_view attr) const {
  std::ptrdiff_t start = n.offset_debug();
  if (start < 0) return 0;
  auto p = static_cast<std::size_t>(start);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (p < text_.size() && !is_space(text_[p]) && text_[p] != '>' && text_[p] != '/') ++p;
  while (p < text_.size()) {
    while (p < text_.size() && is_space(text_[p])) ++p;
    if (p >= text_.size() || text_[p] == '>' || text_[p] == '/') break;
    std::size_t name_at = p;
    while (p < text_.size() && !is_space(text_[p]) && text_[p] != '=') ++p;
    if (std::string_view(text_).substr(name_at, p - name_at) == attr)
      return line_at(static_cast<std::ptrdiff_t>(name_at));
    while (p < text_.size() && text_[p] != '"' && text_[p] != '\'') ++p;
    if (p >= text_.size()) break;
    char quote = text_[p++];
    while (p < text_.size() && text_[p] != quote) ++p;
    ++p;
  }
  return line_of(n);
}

void XmlFile::allow_attributes(pugi::xml_node n, Names allowed) const {
  for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      fail(n, name,
           "unknown attribute '" + std::string(name) + "' on " + tag(n) +
               "; allowed: " + join(allowed, "", ""));
    }
    for (auto b = a.next_attribute(); b; b = b.next_attribute()) {
      if (name == b.name()) fail(n, name, "attribute '" + std::string(name) + "' given twice");
    }
  }
}

void XmlFile::allow_children(pugi::xml_node n, Names once, Names repeated,
                             bool text_allowed) const {
  for (auto c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      if (!text_allowed) fail(c, "unexpected text in " + tag(n));
      continue;
    }
    if (c.type() != pugi::node_element) continue;
    std::string_view name = c.name();
    bool single = std::find(once.begin(), once.end(), name) != once.end();
    bool many = std::find(repeated.begin(), repeated.end(), name) != repeated.end();
    if (!single && !many) {
      std::vector<std::string_view> all(once);
      all.insert(all.end(), repeated.begin(), repeated.end());
      std::string list;
      for (auto a : all) list += (list.empty() ? "<" : ", <") + std::string(a) + ">";
      fail(c, "unknown element " + tag(c) + " in " + tag(n) +
                  "; allowed: " + (list.empty() ? "none" : list));
    }
    if (single && c.previous_sibling(c.name())) fail(c, tag(c) + " given twice in " + tag(n));
  }
}

std::string XmlFile::required(pugi::xml_node n, const char* attr) const {
  auto a = n.attribute(attr);
  if (!a) fail(n, tag(n) + " needs the attribute '" + attr + "'");
  if (*a.value() == '\0') fail(n, attr, tag(n) + " " + attr + "=\"\" must not be empty");
  return a.value();
}

pugi::xml_node XmlFile::required_child(pugi::xml_node n, const char* name) const {
  auto c = n.child(name);
  if (!c) fail(n, tag(n) + " needs a <" + name + "> element");
  return c;
}

long XmlFile::number(std::string_view text, long lo, long hi, pugi::xml_node n,
                     std::string_view attr, std::size_t line) const {
  long v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  std::string what = tag(n) + " " + std::string(attr) + (attr.empty() ? "" : "=") + "\"" +
                     std::string(text) + "\"";
  if (text.empty() || ec == std::errc::invalid_argument || ptr != text.data() + text.size()) {
    fail(line, what + " is not a whole number");
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    fail(line, what + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

long XmlFile::number(pugi::xml_node n, const char* attr, long lo, long hi, long fallback) const {
  auto a = n.attribute(attr);
  if (!a) return fallback;
  return number(a.value(), lo, hi, n, attr, line_of(n, attr));
}

std::size_t XmlFile::choice(pugi::xml_node n, const char* attr, Names values,
                            std::size_t fallback) const {
  auto a = n.attribute(attr);
  if (!a) return fallback;
  std::string_view v = a.value();
  auto it = std::find(values.begin(), values.end(), v);
  if (it == values.end()) {
    fail(n, attr,
         tag(n) + " " + attr + "=\"" + std::string(v) + "\" is not one of " +
             join(values, "\"", "\""));
  }
  return static_cast<std::size_t>(it - values.begin());
}

}  // namespace atc
