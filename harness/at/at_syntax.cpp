#include "harness/at/at_syntax.hpp"

#include <cctype>
#include <charconv>
#include <regex>

namespace atc {

Fields split_fields(std::string_view v) {
  if (v.size() >= 2 && v.front() == '(' && v.back() == ')') v = v.substr(1, v.size() - 2);
  Fields out;
  Field cur;
  bool in_quotes = false;
  bool any = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    any = true;
    if (in_quotes) {
      if (c == '\\' && i + 1 < v.size()) {
        cur.value += v[++i];
      } else if (c == '"') {
        in_quotes = false;
      } else {
        cur.value += c;
      }
    } else if (c == '"') {
      in_quotes = true;
      cur.quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(cur));
      cur = Field{};
    } else {
      cur.value += c;
    }
  }
  if (any) out.push_back(std::move(cur));
  return out;
}

std::vector<std::string> values_of(const Fields& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.value);
  return out;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string at_string(std::string_view s) {
  return "\"" + escape(s) + "\"";
}

bool is_mac(std::string_view s) {
  static const std::regex re(kMacRe);
  return std::regex_match(s.begin(), s.end(), re);
}

bool is_ip(std::string_view s) {
  static const std::regex re(kIpRe);
  return std::regex_match(s.begin(), s.end(), re);
}

std::optional<long> to_number(std::string_view s) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool same_mac(std::string_view a, std::string_view b) {
  return lower(a) == lower(b);
}

bool mac_bit0_clear(std::string_view mac) {
  if (mac.size() < 2) return false;
  unsigned v = 0;
  auto [p, ec] = std::from_chars(mac.data(), mac.data() + 2, v, 16);
  return ec == std::errc() && p == mac.data() + 2 && (v & 1u) == 0;
}

std::optional<std::string> address_of(const std::vector<std::string>& values) {
  auto f = address_field(values);
  if (!f) return std::nullopt;
  return f->value;
}

std::optional<Field> address_field(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  std::string v = values.front();
  if (v.rfind("ip:", 0) == 0) v = v.substr(3);
  Fields f = split_fields(v);
  if (f.empty()) return std::nullopt;
  return f.front();
}

std::optional<std::string> field_mismatch(const Fields& got,
                                          const std::vector<FieldCheck>& checks) {
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const std::string which = "field " + std::to_string(i + 1) + " <" + checks[i].name + ">";
    if (i >= got.size())
      return which + " is missing (" + std::to_string(got.size()) + " fields came)";
    const std::regex re(checks[i].regex);
    if (!std::regex_match(got[i].value, re))
      return which + " is \"" + got[i].value + "\", expected /" + checks[i].regex + "/";
    if (checks[i].quotes == Quotes::required && !got[i].quoted)
      return which + " is not quoted: the clause gives it as a string (\"" + got[i].value +
             "\" expected, " + got[i].value + " came)";
  }
  return std::nullopt;
}

std::string extra_fields(const Fields& got, std::size_t defined) {
  std::string extra;
  for (std::size_t i = defined; i < got.size(); ++i)
    extra += (extra.empty() ? "" : ",") + (got[i].quoted ? at_string(got[i].value) : got[i].value);
  return extra;
}

}  // namespace atc
