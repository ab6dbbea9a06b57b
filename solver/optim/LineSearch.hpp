#pragma once
// A line search that finds a step satisfying the strong Wolfe conditions
//   f(x + a d) <= f(x) + c1 a f'(0)      (sufficient decrease)
//   |f'(a)|    <= c2 |f'(0)|             (curvature)
// by bracketing and zooming with safeguarded cubic interpolation
// (Nocedal & Wright, Numerical Optimization, algorithms 3.5 and 3.6).
// Non-finite values count as "too far" and shrink the step.

#include "solver/optim/Objective.hpp"

namespace kanpde::solver::optim {

struct LineSearchOptions {
  double c1 = 1e-4;
  double c2 = 0.9;
  int max_evaluations = 25;
  double max_step = 1e10;
};

struct LineSearchResult {
  double step = 0.0;  // 0 when no acceptable step was found
  double loss = 0.0;  // at x + step d
  Vector grad;        // at x + step d
  int evaluations = 0;
  bool strong_wolfe = false;  // both conditions hold at the returned step
  bool met_nonfinite = false;
};

LineSearchResult strong_wolfe_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                                     const Vector& d, double initial_step,
                                     const LineSearchOptions& o = {});

}  // namespace kanpde::solver::optim
