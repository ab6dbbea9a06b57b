#pragma once
// The forward problem of an inverse case: the case with its unknown scalars
// fixed at given values (the recovered ones), written as constants of the
// same names, and its unknown field (if any) a coefficient of the same name
// given by a field of x (the recovered one, solver/run/RecoveredField.hpp).
// It is built from the resolved case text and loaded as any case is, with
// the finite-difference reference enabled, so whatever the loader accepts for
// the FD reference is solved by it (-lap(u) + c u = f forms and general
// equations, with Dirichlet, Neumann, Robin and equation conditions). The
// field becomes a coefficient field of pde.equation and of the boundary
// equations (recompiled with it): a term div(a grad u) is then a flux term of
// the FD reference (k = a at the nodes, harmonic means at the half links).

#include <vector>

#include "solver/case/CaseSpec.hpp"
#include "solver/expr/Field.hpp"

namespace kanpde::solver {

// values: one per spec.unknowns; field: the unknown field's values (needed
// when spec.field_unknowns is not empty, ignored otherwise). Throws
// InputError where the loader refuses the forward case (its message says why,
// e.g. a boundary value or a coefficient that reads the field: expressions of
// x cannot read a coefficient).
CaseSpec forward_case(const CaseSpec& spec, const std::vector<double>& values,
                      const expr::Field* field = nullptr);

}  // namespace kanpde::solver
