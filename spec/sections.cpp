#include "spec/sections.hpp"

#include <stdexcept>
#include <string_view>

namespace atc {

// Generated from data/commands.csv and data/clauses.csv (spec/CMakeLists.txt).
extern const char* const kCommandsCsv;
extern const char* const kClausesCsv;

namespace {

// One CSV record (RFC 4180: fields may be quoted, "" inside quotes is a quote).
std::vector<std::string> split_record(std::string_view line, const char* file, int line_no) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted)
    throw std::logic_error(std::string(file) + ":" + std::to_string(line_no) +
                           ": unterminated quoted field");
  return fields;
}

template <typename Row>
void for_each_row(const char* csv, const char* file, std::size_t columns, Row row) {
  std::string_view text(csv);
  int line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (++line_no == 1 || line.empty()) continue;  // the header
    auto f = split_record(line, file, line_no);
    if (f.size() != columns)
      throw std::logic_error(std::string(file) + ":" + std::to_string(line_no) + ": " +
                             std::to_string(f.size()) + " fields, expected " +
                             std::to_string(columns));
    auto chip = chip_from_string(f[0]);
    auto clause = parse_clause(f[0] + " \u00a7" + f[1]);
    if (!chip || !clause)
      throw std::logic_error(std::string(file) + ":" + std::to_string(line_no) +
                             ": not a chip and section: " + f[0] + "," + f[1]);
    row(*clause, f);
  }
}

std::vector<Section> load() {
  std::vector<Section> all;
  for_each_row(kCommandsCsv, "data/commands.csv", 7, [&](const Clause& c, const auto& f) {
    all.push_back({c, true, f[2], f[3], f[4], f[5], f[6]});
  });
  for_each_row(kClausesCsv, "data/clauses.csv", 3, [&](const Clause& c, const auto& f) {
    all.push_back({c, false, "", "", f[2], "", ""});
  });
  return all;
}

}  // namespace

const std::vector<Section>& document_sections() {
  static const std::vector<Section> all = load();
  return all;
}

const Section* find_section(const Clause& c) {
  for (const Section& s : document_sections())
    if (s.clause == c) return &s;
  return nullptr;
}

}  // namespace atc
