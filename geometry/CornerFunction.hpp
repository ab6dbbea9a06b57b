#pragma once
// The singular function of a re-entrant polygon corner, for the corner
// enrichment of the trial function (solver/pde/CornerEnrichment.hpp).
//
// Near a vertex of interior angle omega > pi between two Dirichlet edges the
// solution of -lap u + c u = f behaves like a r^alpha sin(alpha theta) plus
// smoother terms, alpha = pi / omega < 1, with r the distance to the vertex
// and theta the angle from one edge, measured through the domain. A smooth
// network cannot carry that shape; the enrichment adds it with a trainable
// amplitude:
//   S(x) = chi(r) H(r, theta),  H = r^alpha sin(alpha theta)
// H is harmonic and vanishes on both edges (theta = 0 and theta = omega), so
// S vanishes on them too, and lap S = 2 chi' H_r + H (chi'' + chi'/r) is
// non-zero only in the band where the cutoff chi falls from 1 to 0:
//   chi = 1 for r <= core, 0 for r >= radius, 1 - s((r - core)/(radius - core))
//   between, s(t) = 6t^5 - 15t^4 + 10t^3 (C2).
// Two supports:
// - compact (reentrant_corners): the radius is the distance from the vertex
//   to the nearest edge other than its two own, or the shorter of those two
//   if less, so that S vanishes on every other edge too (what exact
//   Dirichlet data need); core is half of it.
// - wide (widen): S = H wherever the domain lies on the near side of the
//   cut (the exterior angle's bisector, where the continuation of H jumps):
//   no cutoff at all (radius infinite) when the cut ray meets no edge, else
//   the compact form with the distance to the first edge it meets as the
//   radius. For soft Dirichlet terms, which need no vanishing on other edges:
//   H is harmonic, so lap S = 0 wherever chi = 1, and the network is not left
//   to cancel a cutoff band (a band of width w adds -lap S ~ H / w^2, which
//   a network with a smooth trial space fits poorly; measured, BENCHMARKS.md).
//
// The kinds of corner (CornerKind), by the conditions on its two edges, for
// -lap u + c u = f (the leading term of the expansion at the vertex):
// - dirichlet (Dirichlet on both): alpha = pi / omega, H = r^alpha sin(alpha
//   theta), zero on both edges;
// - mixed (Dirichlet on one, Neumann on the other): alpha = pi / (2 omega),
//   H = r^alpha sin(alpha theta) with theta measured from the Dirichlet edge,
//   so H = 0 there and dH/dn = (1/r) dH/dtheta = 0 on the Neumann edge
//   (alpha omega = pi / 2). Singular (alpha < 1) for every omega > pi / 2;
//   reentrant_corners lists omega > pi only;
// - neumann (Neumann on both): the first non-constant term, alpha = pi /
//   omega, H = r^alpha cos(alpha theta), dH/dn = 0 on both edges.
// A radial cutoff chi(r) keeps these edge conditions: S = 0 where H = 0 and
// dS/dn = chi dH/dn = 0 on an edge through the vertex.
//
// At the vertex itself (r below 1e-14 of the compact radius) S = 0 and its gradient
// does not exist (it grows like r^(alpha-1)); the jet there is all zeros
// (value exact, derivatives dropped), so that a point on the vertex gives
// finite residuals. Outside the domain near the vertex, S continues H
// analytically up to the bisector of the exterior angle.
#include <array>
#include <vector>

#include "geometry/Jet.hpp"

namespace kanpde::geometry {

enum class CornerKind { dirichlet, mixed, neumann };

struct CornerSite {
  int vertex = -1;                // index into the polygon's vertices
  std::array<double, 2> at = {};  // the vertex
  double theta0 = 0.0;            // direction of the edge theta is measured from
  double omega = 0.0;             // interior angle, in (pi, 2 pi)
  double radius = 0.0;            // chi = 0 beyond (infinite: no cutoff)
  double core = 0.0;              // chi = 1 within
  double reach = 0.0;             // the compact radius (a length scale of the corner)
  int edges[2] = {-1, -1};        // the two edges meeting at the vertex
  int zero_edge = -1;             // the one of them at theta = 0
  CornerKind kind = CornerKind::dirichlet;
  bool flip = false;        // theta measured from the other edge (theta -> omega - theta)
  double exponent() const;  // alpha: pi / omega, mixed pi / (2 omega)
};

// The site with its kind: for `mixed`, `dirichlet_edge` (one of site.edges)
// is where H vanishes (theta = 0 there).
CornerSite with_kind(const CornerSite& site, CornerKind kind, int dirichlet_edge = -1);

// "Dirichlet", "Dirichlet-Neumann", "Neumann" (for messages).
const char* to_string(CornerKind kind);

// Every re-entrant vertex (interior angle above pi) of a simple polygon given
// in either orientation, in vertex order.
std::vector<CornerSite> reentrant_corners(const std::vector<std::array<double, 2>>& vertices);

// The wide support for a site of `vertices` (see above).
CornerSite widen(const CornerSite& site, const std::vector<std::array<double, 2>>& vertices);

// S's value, gradient and Laplacian at x (2D).
LaplacianJet corner_function(const CornerSite& site, const double* x);

}  // namespace kanpde::geometry
