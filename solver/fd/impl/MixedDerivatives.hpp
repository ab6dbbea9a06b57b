#pragma once
// Mixed second derivatives u_ab (a ≠ b) of a general equation on an embedded
// grid (impl/EquationAssembly.hpp), where a node's diagonal neighbours in the
// (a, b) plane may lie outside the domain.
//
// Along each of the two diagonals D+ = (ha, hb) and D- = (ha, -hb) of the
// plane through node x0, u is sampled on both sides: at the diagonal grid
// node x0 ± D when it is in the domain with the segment's midpoint (so the
// segment does not cross the boundary), else at the boundary point x0 ± t D
// (0 < t ≤ 1, found by bisection with `contains`) when it lies on a
// Dirichlet part, with the value there. With both sides at t1, t2 the
// Shortley–Weller formula along the diagonal gives its second directional
// derivative
//
//   Q = 2 (t2 u(t1 D) + t1 u(-t2 D) - (t1 + t2) u0) / (t1 t2 (t1 + t2)),
//   Q± = ha² u_aa ± 2 ha hb u_ab + hb² u_bb,
//
// second order when t1 = t2 = 1, first order otherwise (as the axis rows next
// to a Dirichlet cut). Then
//
//   both diagonals:  u_ab = (Q+ - Q-) / (4 ha hb)   (the 4-point formula when
//                    every t is 1; u_aa and u_bb cancel),
//   one diagonal:    u_ab = ±(Q± - ha² U_aa - hb² U_bb) / (2 ha hb) with the
//                    node's own stencils U_aa, U_bb of the axis rows,
//   neither (a side only, next to a Neumann, Robin or equation part): the mean
//                    over the samples P = t (sa ha, sb hb) of the one-sided
//                    (u(P) - u0 - p U_a - q U_b - p² U_aa/2 - q² U_bb/2)/(p q),
//                    first order (`one_sided`).
//
// A node with no sample on any diagonal (a domain thinner than the grid
// there) has no stencil (`found` false).

#include <array>
#include <cstddef>
#include <vector>

#include "solver/fd/impl/AssemblyTools.hpp"

namespace kanpde::solver::fd::Impl {

// A value of u at t D from the node: the diagonal grid node (t = 1) or a
// Dirichlet boundary point with its value.
struct DiagonalSample {
  bool on_node = false;
  std::size_t node = 0;
  double value = 0.0;
  double t = 1.0;
};

struct MixedStencil {
  bool found = false;
  bool one_sided = false;  // first order: no diagonal with both sides
  std::vector<std::pair<DiagonalSample, double>> samples;  // u at each, times its weight
  double w0 = 0.0;                                         // weight of u0
  // Weights of the node's axis stencils U_a, U_b, U_aa, U_bb (the row's
  // first-derivative and second-derivative weights).
  std::array<double, 4> row{0.0, 0.0, 0.0, 0.0};
};

// The u_ab stencil at the unknown node `node` (coordinates x) of the embedded
// system s.
MixedStencil mixed_stencil(const FdProblem& p, const FdSystem& s, const std::vector<Bc>& bcs,
                           std::size_t node, const double* x, int a, int b);

}  // namespace kanpde::solver::fd::Impl
