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

}  // namespace kanpde::solver
