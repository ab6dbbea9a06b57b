#pragma once
// The trial function u = G + D N, written once: the assembler kernel, the
// host field evaluation and `kanpde eval` all call these.
//
// N is the network, D a distance function vanishing exactly on the hard
// Dirichlet parts, G the extension of the parts' data into the domain
// (solver/pde/HardBoundary.hpp). Without a hard constraint D = 1, G = 0 and
// u = N (bitwise: 0 + 1 * N).
//
// Laplacian jet mode: a jet is (value, gradient[dim], Laplacian), dim + 2
// numbers. Product rule:
//   u   = G + D N
//   u_a = G_a + N D_a + D N_a
//   Lu  = LG + N LD + 2 grad D . grad N + D LN
// Adjoint: for a residual r(u-jet) with a_c = d r / d u_c, the seeds of the
// network's reverse pass are d r / d N_c:
//   dN_0   = a_0 D + a_L LD + sum_a a_a D_a
//   dN_a   = a_a D + 2 a_L D_a
//   dN_L   = a_L D
// A Hessian mode (jets value, gradient, Hessian) adds
//   u_ab = G_ab + N D_ab + D_a N_b + D_b N_a + D N_ab
// with its adjoint in the same way; it is not needed by the operators of
// today (-lap u + c u).
#include <Kokkos_Core.hpp>

namespace kanpde::solver {

// u's Laplacian jet from G's, D's and N's (each dim + 2 numbers).
KOKKOS_INLINE_FUNCTION void trial_compose_laplacian(int dim, const double* g, const double* d,
                                                    const double* n, double* u) {
  u[0] = g[0] + d[0] * n[0];
  double gdgn = 0.0;
  for (int a = 0; a < dim; ++a) {
    u[1 + a] = g[1 + a] + (n[0] * d[1 + a] + d[0] * n[1 + a]);
    gdgn += d[1 + a] * n[1 + a];
  }
  u[dim + 1] = g[dim + 1] + (n[0] * d[dim + 1] + 2.0 * gdgn + d[0] * n[dim + 1]);
}

// d r / d N-jet from a = d r / d u-jet (the adjoint of the product rule).
KOKKOS_INLINE_FUNCTION void trial_adjoint_laplacian(int dim, const double* d, const double* a,
                                                    double* dn) {
  const double al = a[dim + 1];
  dn[0] = a[0] * d[0] + al * d[dim + 1];
  for (int k = 0; k < dim; ++k) {
    dn[0] += a[1 + k] * d[1 + k];
    dn[1 + k] = a[1 + k] * d[0] + 2.0 * al * d[1 + k];
  }
  dn[dim + 1] = al * d[0];
}

}  // namespace kanpde::solver
