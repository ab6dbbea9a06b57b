#pragma once
// The forward problem of an inverse case: the case with its unknown scalars
// fixed at given values (the recovered ones), written as constants of the
// same names. It is built from the resolved case text and loaded as any case
// is, with the finite-difference reference enabled, so whatever the loader
// accepts for the FD reference is solved by it (today -lap(u) + c u = f forms
// with Dirichlet, Neumann and Robin conditions; general equations once the FD
// module solves them).

#include <vector>

#include "solver/case/CaseSpec.hpp"

namespace kanpde::solver {

// values: one per spec.unknowns. Throws InputError where the loader refuses
// the forward case (its message says why, e.g. an equation the FD reference
// does not solve yet).
CaseSpec forward_case(const CaseSpec& spec, const std::vector<double>& values);

}  // namespace kanpde::solver
