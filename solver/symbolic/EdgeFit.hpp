#pragma once
// Fitting one edge of a trained KAN: samples (x_i, y_i) of the edge function
// matched against every library function f (solver/symbolic/Library.hpp) as
//
//   y ~ c f(a x + b) + d
//
// (a composed form c f(a g(x) + b) + d is the same fit at the samples
// t = g(x); it is skipped when g is not defined at every sample).
//
// Robust in two steps: a coarse search over (a, b) on a grid scaled to the
// samples' range (for each candidate, c and d by linear least squares), then
// Levenberg-Marquardt on all free parameters from the best few candidates.
// Candidates are ranked by
//
//   score = log10(1 - R^2 + 1e-14) + complexity_weight * complexity
//
// (lower is better): one unit of complexity must buy complexity_weight
// decades of unexplained variance. Among poor fits (the best-ranked leaves
// more than 1% unexplained) the best R^2 goes first.

#include <string>
#include <vector>

namespace kanpde::solver::symbolic {

struct EdgeFormula {
  int function = 0;  // index into library()
  double a = 1.0, b = 0.0, c = 0.0, d = 0.0;
  double r2 = 0.0;  // coefficient of determination on the samples
  double score = 0.0;
};

struct EdgeFitOptions {
  double complexity_weight = 0.5;
  int a_points = 32;  // coarse grid: |a| log-spaced, both signs
  int b_points = 25;
  int refine = 4;  // LM runs from this many best coarse candidates per function
  // Functions tried (indices into library()); empty: all of them.
  std::vector<int> functions;
};

// R^2 = 1 - SS_res / SS_tot. When the samples are constant (SS_tot below
// 1e-28 times sum y^2, or zero), R^2 is 1 for a residual at round-off and 0
// otherwise.
double r_squared(const std::vector<double>& y, const std::vector<double>& fit);

// The formula's value at x.
double edge_value(const EdgeFormula& e, double x);

// The best fit for one library function (r2 = -inf when f is not defined on
// the samples for any candidate).
EdgeFormula fit_function(int function, const std::vector<double>& x, const std::vector<double>& y,
                         const EdgeFitOptions& options = {});

// Every function of options.functions (or the whole library) fitted and
// ranked, best first.
std::vector<EdgeFormula> fit_edge(const std::vector<double>& x, const std::vector<double>& y,
                                  const EdgeFitOptions& options = {});

}  // namespace kanpde::solver::symbolic
