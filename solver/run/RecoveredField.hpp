#pragma once
// An unknown field a(x) after training (inverse problems, `unknowns: a:
// {field: true}`): its values at points, from its network through the same
// map the residual kernel uses (a = N_a, or softplus(N_a) when positive),
// and its accuracy against the case's `exact` where given.

#include <Kokkos_Core.hpp>

#include <cmath>
#include <vector>

#include "kan/Network.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/expr/Field.hpp"

namespace kanpde::solver {

struct RecoveredField {
  std::vector<double> a;      // at the points
  std::vector<double> exact;  // empty without `exact`
  // sqrt(sum (a - exact)^2 / sum exact^2) and max |a - exact| (NaN without
  // `exact`).
  double rel_l2 = std::nan("");
  double max_abs = std::nan("");
};

// x: N x dim, row-major.
RecoveredField recovered_field(const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                               const FieldUnknownSpec& spec, const std::vector<double>& x, int dim);

// The field as a coefficient of the forward problem (the FD re-solve,
// solver/case/ForwardCase.hpp): a = N_a or softplus(N_a) with its exact
// gradient and Hessian from the network's Hessian jets (a_i = s N_i,
// a_ij = s (1 - s) N_i N_j + s N_ij, s = sigmoid(N_a)). It holds a copy of
// the network's parameters as they are now.
expr::Field recovered_field_function(
    const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
    const FieldUnknownSpec& spec, int dim);

}  // namespace kanpde::solver
