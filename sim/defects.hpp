#pragma once
// The planted firmware bugs (`atsim --defect NAME`): the catalog is sim/defects.def, each entry
// with the clauses a conformance test must fail with. A suite that passes a broken firmware is
// worthless, so the project's own tests plant each one and require that failure.
//
// Each defect is tested in one place in the code: grep for its enumerator. (error-still-applies
// is the exception: every setting command's reject path, sim/lenient.hpp.)
#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atsim {

enum class Defect {
#define ATSIM_DEFECT(id, clauses, filter, description) id,
#include "sim/defects.def"
#undef ATSIM_DEFECT
  count_  // keep last
};

struct DefectInfo {
  Defect id;
  std::string name;              // "no-got-ip"
  std::string_view clauses;      // "esp32 §4.2.2,esp8266 §4.1.5"
  std::string_view filter;       // "" or a GoogleTest filter for the e2e run
  std::string_view description;  // what the planted firmware does
};

const std::vector<DefectInfo>& defect_catalog();
std::optional<Defect> defect_by_name(std::string_view name);
// "NAME<TAB>CLAUSES<TAB>FILTER<TAB>DESCRIPTION", the line `atsim --list-defects` prints.
std::string catalog_line(const DefectInfo& d);

class Defects {
 public:
  void plant(Defect d) { set_.set(static_cast<std::size_t>(d)); }
  bool has(Defect d) const { return set_.test(static_cast<std::size_t>(d)); }

 private:
  std::bitset<static_cast<std::size_t>(Defect::count_)> set_;
};

}  // namespace atsim
