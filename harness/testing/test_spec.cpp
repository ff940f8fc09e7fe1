#include "harness/testing/test_spec.hpp"

#include "harness/testing/pixit.hpp"
#include "spec/sections.hpp"

namespace atc {

const Clause* TestDefinition::clause_for(Chip chip) const {
  for (const Clause& c : clauses)
    if (c.chip == chip) return &c;
  return nullptr;
}

TestCatalog& TestCatalog::instance() {
  static TestCatalog catalog;
  return catalog;
}

const TestDefinition& TestCatalog::add(TestDefinition def) {
  const std::string where = def.file + ":" + std::to_string(def.line) + ": " + def.full_name();
  if (find(def.suite, def.name)) problems_.push_back(where + ": defined twice");
  if (def.spec.clauses.empty()) problems_.push_back(where + ": names no clause");
  for (const std::string& text : def.spec.clauses) {
    std::string why;
    auto c = parse_clause(text, &why);
    if (!c) {
      problems_.push_back(where + ": clause \"" + text + "\": " + why);
      continue;
    }
    if (!find_section(*c))
      problems_.push_back(where + ": clause \"" + text + "\" is not a section of the " +
                          std::string(to_string(c->chip)) + " document (data/*.csv)");
    for (const Clause& other : def.clauses)
      if (other.chip == c->chip)
        problems_.push_back(where + ": two clauses of the " + std::string(to_string(c->chip)) +
                            " document; a test checks one clause per chip");
    def.clauses.push_back(*c);
  }
  for (const std::string& item : def.pixit)
    if (!known_pixit_item(item)) problems_.push_back(where + ": unknown PIXIT item '" + item + "'");
  defs_.push_back(std::make_unique<TestDefinition>(std::move(def)));
  return *defs_.back();
}

const TestDefinition* TestCatalog::find(const std::string& suite, const std::string& name) const {
  for (const auto& d : defs_)
    if (d->suite == suite && d->name == name) return d.get();
  return nullptr;
}

TestRegistration::TestRegistration(const char* suite, const char* name, const char* file, int line,
                                   TestSpec spec, std::vector<std::string> fixture_pixit,
                                   TestDefinition::Register reg) {
  TestDefinition def;
  def.suite = suite;
  def.name = name;
  def.file = file;
  def.line = line;
  def.pixit = std::move(fixture_pixit);
  def.pixit.insert(def.pixit.end(), spec.pixit.begin(), spec.pixit.end());
  def.spec = std::move(spec);
  def.register_with = reg;
  TestCatalog::instance().add(std::move(def));
}

}  // namespace atc
