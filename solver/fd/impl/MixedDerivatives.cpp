#include "solver/fd/impl/MixedDerivatives.hpp"

#include <cmath>

#include "common/Error.hpp"

namespace kanpde::solver::fd::Impl {

namespace {

// The sample of u from node x0 along t·D (D = (sa ha, sb hb) in the (a, b)
// plane); false when there is none (the diagonal leaves through a part that
// is not Dirichlet, or the boundary is closer than the snapping distance).
bool diagonal_sample(const FdProblem& p, const FdSystem& s, const std::vector<Bc>& bcs,
                     std::size_t node, const double* x0, int a, int b, int sa, int sb,
                     DiagonalSample& out) {
  const FdGrid& g = s.grid;
  int ijk[3];
  g.ijk(node, ijk);
  const int ia = ijk[a] + sa, ib = ijk[b] + sb;
  const bool on_grid = ia >= 0 && ia <= g.n[a] && ib >= 0 && ib <= g.n[b];
  double d[3] = {0.0, 0.0, 0.0};
  d[a] = sa * g.h[a];
  d[b] = sb * g.h[b];
  auto at = [&](double t, double* y) {
    for (int k = 0; k < 3; ++k) y[k] = x0[k] + t * d[k];
  };
  double y[3];
  at(0.5, y);
  const bool mid_in = p.contains(y);
  if (on_grid && mid_in) {
    const std::size_t q = std::size_t(long(node) + sa * long(g.stride[a]) + sb * long(g.stride[b]));
    if (s.active[q] && (s.unknown[q] >= 0 || std::isfinite(s.value[q]))) {
      out = {true, q, 0.0, 1.0};
      return true;
    }
  }
  // The boundary between x0 (inside) and the first outside point of t = 1/2, 1.
  double lo = 0.0, hi = mid_in ? 1.0 : 0.5;
  at(hi, y);
  if (p.contains(y)) return false;  // off the grid but inside: no boundary to find
  for (int k = 0; k < 60 && hi - lo > 1e-15; ++k) {
    const double t = 0.5 * (lo + hi);
    at(t, y);
    (p.contains(y) ? lo : hi) = t;
  }
  const double t = 0.5 * (lo + hi);
  if (t < 1e-3 / std::max(g.n[a], g.n[b])) return false;  // as the axes' snapping distance
  at(t, y);
  const int part = p.part_at(y);
  KANPDE_REQUIRE(part >= 0 && static_cast<std::size_t>(part) < bcs.size(),
                 "fd: part_at returned " << part << " at (" << y[0] << ", " << y[1] << ", " << y[2]
                                         << "); the problem has " << bcs.size()
                                         << " boundary parts");
  if (!bcs[std::size_t(part)].dirichlet) return false;
  out = {false, 0, bcs[std::size_t(part)].value(y), t};
  KANPDE_REQUIRE(std::isfinite(out.value), "fd: boundary value is not finite at ("
                                               << y[0] << ", " << y[1] << ", " << y[2] << ")");
  return true;
}

}  // namespace

MixedStencil mixed_stencil(const FdProblem& p, const FdSystem& s, const std::vector<Bc>& bcs,
                           std::size_t node, const double* x, int a, int b) {
  const double ha = s.grid.h[a], hb = s.grid.h[b];
  // Diagonals k = 0 (D+) and 1 (D-); side 0 along +D, side 1 along -D.
  const int sgn[2][2][2] = {{{1, 1}, {-1, -1}}, {{1, -1}, {-1, 1}}};
  DiagonalSample smp[2][2];
  bool has[2][2];
  for (int k = 0; k < 2; ++k)
    for (int side = 0; side < 2; ++side)
      has[k][side] =
          diagonal_sample(p, s, bcs, node, x, a, b, sgn[k][side][0], sgn[k][side][1], smp[k][side]);
  MixedStencil m;
  const bool full[2] = {has[0][0] && has[0][1], has[1][0] && has[1][1]};
  // Adds c·Q of diagonal k.
  auto add_q = [&](int k, double c) {
    const double t1 = smp[k][0].t, t2 = smp[k][1].t;
    const double w = 2.0 * c / (t1 * t2 * (t1 + t2));
    m.samples.push_back({smp[k][0], w * t2});
    m.samples.push_back({smp[k][1], w * t1});
    m.w0 -= w * (t1 + t2);
  };
  if (full[0] && full[1]) {
    add_q(0, 1.0 / (4.0 * ha * hb));
    add_q(1, -1.0 / (4.0 * ha * hb));
  } else if (full[0] || full[1]) {
    const int k = full[0] ? 0 : 1;
    const double sigma = k == 0 ? 1.0 : -1.0, c = sigma / (2.0 * ha * hb);
    add_q(k, c);
    m.row[2] = -c * ha * ha;
    m.row[3] = -c * hb * hb;
  } else {
    int count = 0;
    for (int k = 0; k < 2; ++k)
      for (int side = 0; side < 2; ++side) count += has[k][side] ? 1 : 0;
    if (count == 0) return m;
    m.one_sided = true;
    for (int k = 0; k < 2; ++k)
      for (int side = 0; side < 2; ++side) {
        if (!has[k][side]) continue;
        const double t = smp[k][side].t;
        const double pa = t * sgn[k][side][0] * ha, qb = t * sgn[k][side][1] * hb;
        const double c = 1.0 / (count * pa * qb);
        m.samples.push_back({smp[k][side], c});
        m.w0 -= c;
        m.row[0] -= c * pa;
        m.row[1] -= c * qb;
        m.row[2] -= c * 0.5 * pa * pa;
        m.row[3] -= c * 0.5 * qb * qb;
      }
  }
  m.found = true;
  return m;
}

}  // namespace kanpde::solver::fd::Impl
