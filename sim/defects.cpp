#include "sim/defects.hpp"

namespace atsim {
namespace {

std::string name_of(std::string_view id) {
  std::string n(id);
  for (char& c : n)
    if (c == '_') c = '-';
  return n;
}

}  // namespace

const std::vector<DefectInfo>& defect_catalog() {
  static const std::vector<DefectInfo> catalog = {
#define ATSIM_DEFECT(id, clauses, filter, description) \
  {Defect::id, name_of(#id), clauses, filter, description},
#include "sim/defects.def"
#undef ATSIM_DEFECT
  };
  return catalog;
}

std::optional<Defect> defect_by_name(std::string_view name) {
  for (const auto& d : defect_catalog()) {
    if (d.name == name) return d.id;
  }
  return std::nullopt;
}

std::string catalog_line(const DefectInfo& d) {
  std::string s = d.name;
  s += '\t';
  s += d.clauses;
  s += '\t';
  s += d.filter;
  s += '\t';
  s += d.description;
  return s;
}

}  // namespace atsim
