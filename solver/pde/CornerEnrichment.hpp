#pragma once
// The corner enrichment of the trial function: u = G + D N + sum_c a_c S_c,
// S_c the singular function of re-entrant corner c (geometry/CornerFunction.hpp)
// and a_c a trainable amplitude. S_c vanishes on both edges of its corner and
// beyond its support, so u keeps the Dirichlet data under a hard constraint;
// with soft terms it is one more part of the trial function.
//
// The amplitudes are extra optimizer variables beside the network's
// parameters, trained through the same path as the unknown scalars of an
// inverse problem (solver/train/UnknownSet.hpp, the assembler's extra
// columns): dr/da_c = sum_j (dr/du_j) S_c,j over u's jet components j.
//
// For training the S_c jets are tabulated per point (the assembler adds
// a_c S_c at the current amplitudes); for evaluation (fields, residuals,
// `kanpde eval`) sum_c a_c S_c is folded into G at the amplitudes held.

#include <memory>
#include <vector>

#include "geometry/CornerFunction.hpp"
#include "solver/expr/Unknowns.hpp"

namespace kanpde::solver {

struct CornerEnrichment {
  std::vector<geometry::CornerSite> sites;
  std::shared_ptr<expr::UnknownValues> amplitudes;  // one per site, same order
  int size() const { return static_cast<int>(sites.size()); }
  // The Laplacian jets (value, gradient, Laplacian: 4 numbers) of every S_c
  // at the points x (N x 2), appended point-major: N x size() x 4.
  void jets(const std::vector<double>& x, std::vector<double>& out) const;
  // g (N x 4, G's Laplacian jets) += sum_c a_c S_c's jets at the points x.
  void fold(const std::vector<double>& x, std::vector<double>& g) const;
};

}  // namespace kanpde::solver
