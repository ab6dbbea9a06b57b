#pragma once
// The forward problem an inverse run's FD reference re-solves
// (solver/case/ForwardCase.hpp): the case with the recovered unknown scalars
// as constants and the recovered field (its trained network, through the
// positivity map) as a coefficient of x.

#include <Kokkos_Core.hpp>

#include <optional>
#include <string>

#include "kan/Network.hpp"
#include "solver/case/CaseSpec.hpp"

namespace kanpde::solver {

// field: the field's trained network (null when the case has no unknown
// field). Empty, with `why` saying why, where the forward case cannot be
// built (the loader refuses it).
std::optional<CaseSpec> forward_problem(
    const CaseSpec& spec, const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>* field,
    std::string& why);

}  // namespace kanpde::solver
