#pragma once
// Step 1 of `kanpde solve`: the resolved configuration echoed before any
// work (equation, network, points, unknowns, corner enrichment, stages).

#include "solver/case/CaseSpec.hpp"
#include "solver/run/Console.hpp"

namespace kanpde::solver {

void echo_configuration(const CaseSpec& spec, const Console& console);

}  // namespace kanpde::solver
