#pragma once
// Self-balancing loss weights: each soft term's weight is its case weight
// (a multiplier) times a factor that equalises the terms' gradient norms,
//   f_t = mean_s |grad L_s| / |grad L_t|,   L_t = mean over term t of r^2,
// smoothed over updates (f <- s f_old + (1 - s) f_new), as in the
// learning-rate-annealing scheme of Wang, Teng & Perdikaris (SIAM J. Sci.
// Comput. 43, 2021). Multiplying one equation by c multiplies |grad L_t| by
// c^2 and so its factor by 1/c^2: the balanced loss does not depend on how
// each equation happens to be scaled.

#include <vector>

#include "solver/pde/Assembler.hpp"

namespace kanpde::solver {

struct BalanceOptions {
  int every = 0;           // steps between updates of the factors (0: off)
  double smoothing = 0.9;  // weight of the previous factors, in [0, 1)
};

// The new factors for `base` (the loss as built) at the network's
// parameters; `previous` empty for the first update. Terms with a zero case
// weight or a zero gradient keep their previous factor (1 at first).
std::vector<double> balance_factors(const Assembler<>& base, const Assembler<>::Net& net,
                                    const std::vector<double>& previous, double smoothing);

}  // namespace kanpde::solver
