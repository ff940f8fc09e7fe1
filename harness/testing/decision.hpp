#pragma once
// What a test will do on a rig, decided from its definition and the rig alone (the DUT is not
// asked): it runs, it is not applicable (its clause is not in the DUT's document: not run and
// absent from the report), or it is skipped with the PICS or PIXIT reason. `atconform list` and
// the run make the same decision from this one function.
#include <string>

#include "harness/rig.hpp"
#include "harness/testing/test_spec.hpp"

namespace atc {

struct Decision {
  enum class Kind { runs, not_applicable, skipped };
  Kind kind = Kind::runs;
  std::string reason;              // why not applicable or skipped
  const Clause* clause = nullptr;  // the clause for the main DUT's chip, when applicable
};

Decision decide(const TestDefinition& def, const Rig& rig);
// "runs", "n/a", "skip"
const char* to_string(Decision::Kind k);

}  // namespace atc
