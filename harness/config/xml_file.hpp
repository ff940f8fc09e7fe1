#pragma once
// One parsed config file with what it takes to point at a line of it: every check on the
// document goes through here so every complaint carries file:line (ConfigError). Shared by the
// rig and profile loaders.
#include <cstddef>
#include <initializer_list>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace atc {

using Names = std::initializer_list<std::string_view>;

// "<name>", for messages.
std::string tag(pugi::xml_node n);
// `names` joined with ", ", each between `before` and `after`; "none" when empty.
std::string join(Names names, std::string_view before, std::string_view after);

class XmlFile {
 public:
  explicit XmlFile(std::string path);
  const std::string& path() const { return path_; }
  // The single root element, which must be <name>.
  pugi::xml_node root(const char* name) const;
  [[noreturn]] void fail(std::size_t line, const std::string& what) const;
  [[noreturn]] void fail(pugi::xml_node n, const std::string& what) const;
  [[noreturn]] void fail(pugi::xml_node n, std::string_view attr, const std::string& what) const;
  std::size_t line_at(std::ptrdiff_t offset) const;
  // Text nodes start with the whitespace before their first character: point at the character.
  std::size_t line_of(pugi::xml_node n) const;
  // pugixml keeps no offsets for attributes: find the attribute in the element's start tag.
  std::size_t line_of(pugi::xml_node n, std::string_view attr) const;
  void allow_attributes(pugi::xml_node n, Names allowed) const;
  // Child elements must be among `once` (at most one each) or `repeated`; text only if allowed.
  void allow_children(pugi::xml_node n, Names once, Names repeated = {},
                      bool text_allowed = false) const;
  std::string required(pugi::xml_node n, const char* attr) const;
  pugi::xml_node required_child(pugi::xml_node n, const char* name) const;
  long number(std::string_view text, long lo, long hi, pugi::xml_node n, std::string_view attr,
              std::size_t line) const;
  // The attribute as a number in [lo, hi], or `fallback` when absent.
  long number(pugi::xml_node n, const char* attr, long lo, long hi, long fallback) const;
  // The attribute as one of `values` (its index), or `fallback` when absent.
  std::size_t choice(pugi::xml_node n, const char* attr, Names values, std::size_t fallback) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> newlines_;
  pugi::xml_document doc_;
};

}  // namespace atc
