#pragma once
// A line search that finds a step satisfying the strong Wolfe conditions
//   f(x + a d) <= f(x) + c1 a f'(0)      (sufficient decrease)
//   |f'(a)|    <= c2 |f'(0)|             (curvature)
// by bracketing and zooming with safeguarded cubic interpolation
// (Nocedal & Wright, Numerical Optimization, algorithms 3.5 and 3.6).
// Non-finite values count as "too far" and shrink the step.
//
// The simpler alternative (lbfgs line_search: backtracking): Armijo
// backtracking, halving the step from the initial one until the sufficient
// decrease condition alone holds; one gradient per trial (L-BFGS needs it at
// the accepted point).

#include "solver/optim/Objective.hpp"

namespace kanpde::solver::optim {

enum class LineSearchKind { strong_wolfe, backtracking };

struct LineSearchOptions {
  LineSearchKind kind = LineSearchKind::strong_wolfe;
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
  bool strong_wolfe = false;  // both conditions hold at the returned step (strong_wolfe_search)
  bool met_nonfinite = false;
};

LineSearchResult strong_wolfe_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                                     const Vector& d, double initial_step,
                                     const LineSearchOptions& o = {});

// Armijo backtracking: a = initial_step, halved until f(x + a d) is finite
// and satisfies the sufficient decrease condition (c1), at most
// max_evaluations trials; step 0 when none does or d is not a descent
// direction.
LineSearchResult backtracking_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                                     const Vector& d, double initial_step,
                                     const LineSearchOptions& o = {});

// The search o.kind names.
LineSearchResult line_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                             const Vector& d, double initial_step, const LineSearchOptions& o);

// The bookkeeping of a quasi-Newton method after an accepted step of
// d (ls.step > 0): theta moves by s = ls.step d, the loss f and gradient g
// become the line search's, and r reports them with convergence (a relative
// loss change <= tolerance_change or a gradient max-norm <= tolerance_grad).
void accept_line_step(const LineSearchResult& ls, const Vector& s, Vector& theta, double& f,
                      Vector& g, double tolerance_change, double tolerance_grad, StepResult& r);

}  // namespace kanpde::solver::optim
