#pragma once
// Accuracy of a solution against the exact one on a set of evaluation points
// (an evaluation grid; every point counts equally, so on a uniform grid these
// are the usual discrete norms).
//
//   rel_l2      |u - u*|_2 / |u*|_2
//   max_abs     max |u - u*|
//   mse         mean (u - u*)^2
//   h1_semi_rel |grad u - grad u*|_2 / |grad u*|_2   (when gradients are given)
// The KAN's gradient comes exact from its jets; the exact solution's gradient
// from the case's expression (the case loader differentiates it numerically
// with central differences, accurate to about 1e-10 relative: far below any
// error reported here).

#include <vector>

namespace kanpde::solver {

struct Accuracy {
  double rel_l2 = 0.0;
  double max_abs = 0.0;
  double mse = 0.0;
  double h1_semi_rel = -1.0;  // -1: not computed
  std::size_t points = 0;
};

// u, exact: N values. grad, exact_grad: N x dim (row-major) or empty.
Accuracy accuracy(const std::vector<double>& u, const std::vector<double>& exact,
                  const std::vector<double>& grad = {}, const std::vector<double>& exact_grad = {});

// Observed order of convergence between two resolutions h1 > h2.
double observed_order(double h1, double e1, double h2, double e2);

}  // namespace kanpde::solver
