#pragma once
// Self-balancing loss weights: each soft term's weight is its case weight
// (a multiplier) times a factor f_t that equalises a per-term scale s_t,
//   f_t = mean_s s_s / s_t,  smoothed over updates (f <- a f_old + (1 - a) f_new).
// Two scales:
//   ntk:      s_t = mean_p |grad_theta r_p|^2 over the term's points, the trace
//             of its neural tangent kernel (Wang, Yu & Perdikaris, J. Comput.
//             Phys. 449, 2022): the term's sensitivity, which does not vanish
//             as the term is satisfied;
//   gradient: s_t = |grad_theta L_t|, L_t = mean r^2 (the learning-rate
//             annealing of Wang, Teng & Perdikaris, SIAM J. Sci. Comput. 43,
//             2021); it tends to 0 for a satisfied term, whose factor then
//             grows without bound (measured: the default case stalls at
//             rel. L2 0.95), so it is kept as an option only.
// Multiplying one equation by c multiplies either scale by c^2 and so its
// factor by 1/c^2: the balanced loss does not depend on how each equation
// happens to be scaled.

#include <vector>

#include "solver/pde/Assembler.hpp"

namespace kanpde::solver {

enum class BalanceMethod { ntk, gradient };

struct BalanceOptions {
  BalanceMethod method = BalanceMethod::ntk;
  int every = 0;           // steps between updates of the factors (0: off)
  double smoothing = 0.9;  // weight of the previous factors, in [0, 1)
};

// The new factors for `base` (the loss as built) at the network's
// parameters; `previous` empty for the first update. Terms with a zero case
// weight or a zero scale keep their previous factor (1 at first).
std::vector<double> balance_factors(const Assembler<>& base, const Assembler<>::Net& net,
                                    const std::vector<double>& previous,
                                    const BalanceOptions& options);

}  // namespace kanpde::solver
