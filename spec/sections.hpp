#pragma once
// The documents' section list (data/commands.csv and data/clauses.csv, compiled in): every
// command section of both documents (the coverage denominator) and the other clauses tests may
// name (ESP32 §7, §8, §9.x, §10).
#include <string>
#include <vector>

#include "spec/clause.hpp"

namespace atc {

struct Section {
  Clause clause;
  bool command = false;     // a command section (commands.csv), else another clause
  std::string name;         // "AT+CWJAP" (command sections only)
  std::string spelled_as;   // the document's spelling where it differs ("AT+BLENANE")
  std::string title;        // "Connects to an AP"
  std::string status;       // "", "beta", "deprecated"
  std::string persistence;  // "", "nvs", "flash", "volatile"
};

// All sections, in the documents' order (ESP32 first).
const std::vector<Section>& document_sections();
// The section `c` names, or nullptr when the chip's document has no such section.
const Section* find_section(const Clause& c);

}  // namespace atc
