#include "geometry/CornerFunction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/Error.hpp"

namespace kanpde::geometry {

namespace {

using P2 = std::array<double, 2>;

// Distance from p to the segment ab.
double segment_distance(const P2& p, const P2& a, const P2& b) {
  const double ux = b[0] - a[0], uy = b[1] - a[1];
  const double len2 = ux * ux + uy * uy;
  double t = len2 > 0 ? ((p[0] - a[0]) * ux + (p[1] - a[1]) * uy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p[0] - a[0] - t * ux, p[1] - a[1] - t * uy);
}

}  // namespace

double CornerSite::exponent() const {
  return kind == CornerKind::mixed ? 0.5 * M_PI / omega : M_PI / omega;
}

CornerSite with_kind(const CornerSite& site, CornerKind kind, int dirichlet_edge) {
  CornerSite s = site;
  s.kind = kind;
  s.flip = false;
  if (kind == CornerKind::mixed) {
    KANPDE_ASSERT(dirichlet_edge == site.edges[0] || dirichlet_edge == site.edges[1],
                  "mixed corner at vertex " << site.vertex << ": edge " << dirichlet_edge
                                            << " is not one of its edges");
    s.flip = dirichlet_edge != site.zero_edge;
  }
  return s;
}

const char* to_string(CornerKind kind) {
  switch (kind) {
    case CornerKind::mixed:
      return "Dirichlet-Neumann";
    case CornerKind::neumann:
      return "Neumann";
    default:
      return "Dirichlet";
  }
}

std::vector<CornerSite> reentrant_corners(const std::vector<P2>& v) {
  const int n = static_cast<int>(v.size());
  double area2 = 0.0;
  for (int i = 0; i < n; ++i) {
    const P2& a = v[std::size_t(i)];
    const P2& b = v[std::size_t((i + 1) % n)];
    area2 += a[0] * b[1] - b[0] * a[1];
  }
  const double orientation = area2 >= 0 ? 1.0 : -1.0;  // +1: counter-clockwise
  std::vector<CornerSite> out;
  for (int i = 0; i < n; ++i) {
    const P2& a = v[std::size_t((i + n - 1) % n)];
    const P2& b = v[std::size_t(i)];
    const P2& c = v[std::size_t((i + 1) % n)];
    const double ux = b[0] - a[0], uy = b[1] - a[1], wx = c[0] - b[0], wy = c[1] - b[1];
    const double turn = std::atan2(ux * wy - uy * wx, ux * wx + uy * wy);  // left turn > 0
    const double omega = M_PI - orientation * turn;
    if (!(omega > M_PI * (1.0 + 1e-12))) continue;
    CornerSite s;
    s.vertex = i;
    s.at = b;
    s.omega = omega;
    s.edges[0] = (i + n - 1) % n;
    s.edges[1] = i;
    // The interior lies counter-clockwise of the next edge (counter-clockwise
    // polygon) or of the previous one (clockwise).
    s.theta0 = orientation > 0 ? std::atan2(wy, wx) : std::atan2(-uy, -ux);
    s.zero_edge = orientation > 0 ? s.edges[1] : s.edges[0];
    double reach = std::min(std::hypot(ux, uy), std::hypot(wx, wy));
    for (int e = 0; e < n; ++e) {
      if (e == s.edges[0] || e == s.edges[1]) continue;
      reach = std::min(reach, segment_distance(b, v[std::size_t(e)], v[std::size_t((e + 1) % n)]));
    }
    s.reach = reach;
    s.radius = reach;
    s.core = 0.5 * reach;
    out.push_back(s);
  }
  return out;
}

CornerSite widen(const CornerSite& site, const std::vector<P2>& v) {
  const int n = static_cast<int>(v.size());
  // The cut ray from the vertex along the exterior angle's bisector.
  const double phi = site.theta0 + 0.5 * site.omega + M_PI;
  const double dx = std::cos(phi), dy = std::sin(phi);
  double t_min = std::numeric_limits<double>::infinity();
  for (int e = 0; e < n; ++e) {
    if (e == site.edges[0] || e == site.edges[1]) continue;
    const P2& a = v[std::size_t(e)];
    const P2& b = v[std::size_t((e + 1) % n)];
    // site.at + t (dx, dy) = a + s (b - a), t > 0, s in [0, 1].
    const double ex = b[0] - a[0], ey = b[1] - a[1];
    const double det = ex * dy - ey * dx;
    if (det == 0.0) continue;  // parallel
    const double wx = a[0] - site.at[0], wy = a[1] - site.at[1];
    const double t = (ex * wy - ey * wx) / det;
    const double s = (dx * wy - dy * wx) / det;
    if (t > 0 && s >= 0 && s <= 1) t_min = std::min(t_min, t);
  }
  CornerSite w = site;
  w.radius = t_min;
  w.core = std::isfinite(t_min) ? 0.5 * t_min : t_min;
  return w;
}

LaplacianJet corner_function(const CornerSite& s, const double* x) {
  LaplacianJet j;
  const double dx = x[0] - s.at[0], dy = x[1] - s.at[1];
  const double r = std::hypot(dx, dy);
  if (!(r >= 1e-14 * s.reach) || r >= s.radius) return j;  // at the vertex, or outside the support
  const double alpha = s.exponent();
  const double phi = std::atan2(dy, dx);
  double theta = std::fmod(phi - s.theta0, 2.0 * M_PI);
  if (theta < 0) theta += 2.0 * M_PI;
  if (theta > 0.5 * (s.omega + 2.0 * M_PI)) theta -= 2.0 * M_PI;  // past the exterior bisector
  if (s.flip) theta = s.omega - theta;  // from the other edge (the cut stays where it is)
  const double ra = std::pow(r, alpha);
  // T(alpha theta) = sin, or cos for a Neumann corner, and its derivative.
  const bool cosine = s.kind == CornerKind::neumann;
  const double sn = std::sin(alpha * theta), cs = std::cos(alpha * theta);
  const double T = cosine ? cs : sn, dT = cosine ? -sn : cs;
  const double H = ra * T;
  const double Hr = alpha * ra / r * T;  // dH/dr
  // (1/r) dH/dtheta, theta counted from theta0 (a flipped angle runs backwards).
  const double Ht = (s.flip ? -1.0 : 1.0) * alpha * ra / r * dT;
  // The cutoff and its first two derivatives in r.
  double chi = 1.0, chi1 = 0.0, chi2 = 0.0;
  if (r > s.core) {
    const double w = s.radius - s.core, t = (r - s.core) / w;
    chi = 1.0 - t * t * t * (10.0 + t * (-15.0 + 6.0 * t));
    chi1 = -30.0 * t * t * (1.0 - t) * (1.0 - t) / w;
    chi2 = -60.0 * t * (1.0 - t) * (1.0 - 2.0 * t) / (w * w);
  }
  const double er[2] = {dx / r, dy / r}, et[2] = {-dy / r, dx / r};
  const double gr = chi * Hr + chi1 * H, gt = chi * Ht;
  j.v = chi * H;
  for (int a = 0; a < 2; ++a) j.g[a] = gr * er[a] + gt * et[a];
  j.lap = 2.0 * chi1 * Hr + H * (chi2 + chi1 / r);  // lap H = 0
  return j;
}

}  // namespace kanpde::geometry
