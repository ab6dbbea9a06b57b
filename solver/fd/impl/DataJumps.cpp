#include "solver/fd/impl/DataJumps.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "solver/fd/impl/AssemblyTools.hpp"

namespace kanpde::solver::fd::Impl {

namespace {

using Point = std::array<double, 3>;
using Fn = std::function<double(const double*)>;

struct Jump {
  double size = 0.0;
  Point at{0.0, 0.0, 0.0};
  std::string what;
};

std::string where(const Point& x, int dim) {
  char buf[96];
  if (dim == 1) std::snprintf(buf, sizeof buf, "(%.4g)", x[0]);
  if (dim == 2) std::snprintf(buf, sizeof buf, "(%.4g, %.4g)", x[0], x[1]);
  if (dim == 3) std::snprintf(buf, sizeof buf, "(%.4g, %.4g, %.4g)", x[0], x[1], x[2]);
  return buf;
}

// Bisection along [a, b]: the jump's size and position when F jumps there.
bool bisect_jump(const Fn& F, Point a, Point b, Jump& out) {
  double fa = F(a.data()), fb = F(b.data());
  const double d0 = std::abs(fa - fb);
  if (!(d0 > 1e-12 * (1.0 + std::abs(fa) + std::abs(fb)))) return false;
  for (int k = 0; k < 40; ++k) {
    Point m;
    for (int i = 0; i < 3; ++i) m[i] = 0.5 * (a[i] + b[i]);
    const double fm = F(m.data());
    if (std::abs(fa - fm) >= std::abs(fm - fb)) {
      b = m;
      fb = fm;
    } else {
      a = m;
      fa = fm;
    }
  }
  const double d = std::abs(fa - fb);
  if (!(d > 0.25 * d0)) return false;
  out.size = d;
  for (int i = 0; i < 3; ++i) out.at[i] = 0.5 * (a[i] + b[i]);
  return true;
}

struct Link {
  double change;
  Point a, b;
};

// The first jump among the `keep` links of largest change.
bool jump_on_links(std::vector<Link>& links, const Fn& F, std::size_t keep, Jump& out) {
  const std::size_t k = std::min(keep, links.size());
  std::partial_sort(links.begin(), links.begin() + static_cast<long>(k), links.end(),
                    [](const Link& x, const Link& y) { return x.change > y.change; });
  for (std::size_t i = 0; i < k; ++i)
    if (bisect_jump(F, links[i].a, links[i].b, out)) return true;
  return false;
}

double grad_norm(const Fn& F, const Point& x, const FdGrid& g) {
  double s = 0.0;
  for (int a = 0; a < g.dim; ++a) {
    Point p = x, m = x;
    p[static_cast<std::size_t>(a)] += 0.5 * g.h[a];
    m[static_cast<std::size_t>(a)] -= 0.5 * g.h[a];
    const double d = (F(p.data()) - F(m.data())) / g.h[a];
    s += d * d;
  }
  return std::sqrt(s);
}

Point node_point(const FdGrid& g, std::size_t node) {
  int ijk[3];
  Point x;
  g.ijk(node, ijk);
  g.point(ijk, x.data());
  return x;
}

}  // namespace

bool find_field_jump(const FdSystem& s, const std::vector<double>& fv,
                     const std::function<double(const double*)>& F, double& size, std::string& at) {
  const FdGrid& g = s.grid;
  std::vector<Link> links;
  int ijk[3];
  for (std::size_t n = 0; n < g.nodes; ++n) {
    if (!s.active[n]) continue;
    g.ijk(n, ijk);
    for (int a = 0; a < g.dim; ++a) {
      if (ijk[a] == g.n[a] || !s.active[n + g.stride[a]]) continue;
      const double c = std::abs(fv[n] - fv[n + g.stride[a]]);
      if (c > 0.0) links.push_back({c, node_point(g, n), node_point(g, n + g.stride[a])});
    }
  }
  Jump j;
  if (!jump_on_links(links, F, 16, j)) return false;
  size = j.size;
  at = where(j.at, g.dim);
  return true;
}

std::vector<std::string> find_data_jumps(const FdProblem& p, const FdSystem& s,
                                         std::size_t max_notes) {
  const FdGrid& g = s.grid;
  const int dim = g.dim;
  const std::vector<Bc> bcs = normal_forms(p);
  std::vector<Jump> found;
  const std::size_t keep = 16;
  auto name = [&](int part) {
    return static_cast<std::size_t>(part) < p.part_names.size()
               ? p.part_names[static_cast<std::size_t>(part)]
               : "boundary part " + std::to_string(part);
  };

  // 1. The source, along links between active nodes.
  if (p.f) {
    std::vector<double> fv(g.nodes, 0.0);
    for (std::size_t n = 0; n < g.nodes; ++n)
      if (s.active[n]) fv[n] = p.f(node_point(g, n).data());
    Jump j;
    if (find_field_jump(s, fv, p.f, j.size, j.what)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.3g", j.size);
      j.what = "the source f jumps by " + std::string(buf) + " near " + j.what;
      found.push_back(j);
    }
  }

  auto value_fn = [&](int part) -> Fn {
    const Bc bc = bcs[static_cast<std::size_t>(part)];
    return [bc](const double* x) { return bc.value(x); };
  };
  auto part_jump = [&](int part, std::vector<Link>& links) {
    Jump j;
    if (!jump_on_links(links, value_fn(part), keep, j)) return;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3g", j.size);
    j.what =
        "the Dirichlet data of " + name(part) + " jump by " + buf + " near " + where(j.at, dim);
    found.push_back(j);
  };
  auto between = [&](int pa, int pb, double size, const Point& at) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3g", size);
    found.push_back({size, at,
                     "the Dirichlet data jump by " + std::string(buf) + " between " + name(pa) +
                         " and " + name(pb) + " near " + where(at, dim)});
  };

  if (!p.contains) {
    // 2. Box: along each Dirichlet face, and where Dirichlet faces meet.
    int ijk[3];
    for (int f = 0; f < 2 * dim; ++f) {
      if (!bcs[static_cast<std::size_t>(f)].dirichlet) continue;
      const int fa = f / 2, side = f % 2 ? g.n[fa] : 0;
      const Fn F = value_fn(f);
      std::vector<Link> links;
      for (std::size_t n = 0; n < g.nodes; ++n) {
        g.ijk(n, ijk);
        if (ijk[fa] != side) continue;
        const Point x = node_point(g, n);
        const double fx = F(x.data());
        for (int a = 0; a < dim; ++a) {
          if (a == fa || ijk[a] == g.n[a]) continue;
          const Point y = node_point(g, n + g.stride[a]);
          links.push_back({std::abs(fx - F(y.data())), x, y});
        }
      }
      part_jump(f, links);
    }
    double worst = 0.0;
    Point at{};
    int wa = -1, wb = -1;
    for (std::size_t n = 0; n < g.nodes; ++n) {
      g.ijk(n, ijk);
      std::vector<int> faces;
      for (int a = 0; a < dim; ++a) {
        if (ijk[a] == 0 && bcs[static_cast<std::size_t>(2 * a)].dirichlet) faces.push_back(2 * a);
        if (ijk[a] == g.n[a] && bcs[static_cast<std::size_t>(2 * a + 1)].dirichlet)
          faces.push_back(2 * a + 1);
      }
      if (faces.size() < 2) continue;
      const Point x = node_point(g, n);
      for (std::size_t i = 1; i < faces.size(); ++i) {
        const double va = bcs[static_cast<std::size_t>(faces[0])].value(x.data());
        const double vb = bcs[static_cast<std::size_t>(faces[i])].value(x.data());
        const double d = std::abs(va - vb);
        if (d > 1e-8 * (1.0 + std::abs(va) + std::abs(vb)) && d > worst) {
          worst = d;
          at = x;
          wa = faces[0];
          wb = faces[i];
        }
      }
    }
    if (wa >= 0) between(wa, wb, worst, at);
  } else {
    // 3. General domains: Dirichlet cut points on one node or on neighbours.
    const std::vector<DirichletSample>& ds = s.dirichlet_samples;
    std::vector<std::vector<std::size_t>> at_node(g.nodes);
    for (std::size_t i = 0; i < ds.size(); ++i) at_node[ds[i].node].push_back(i);
    std::vector<std::vector<Link>> same(bcs.size());
    double worst = 0.0;
    Point worst_at{};
    int wa = -1, wb = -1;
    double h_max = g.h_max();
    int ijk[3];
    auto pair = [&](const DirichletSample& A, const DirichletSample& B) {
      const Bc& ga = bcs[static_cast<std::size_t>(A.part)];
      const Bc& gb = bcs[static_cast<std::size_t>(B.part)];
      const double va = ga.value(A.x.data()), vb = gb.value(B.x.data());
      if (A.part == B.part) {
        same[static_cast<std::size_t>(A.part)].push_back({std::abs(va - vb), A.x, B.x});
        return;
      }
      double dist = std::sqrt(static_cast<double>(dim)) * h_max;
      double sq = 0.0;
      for (int a = 0; a < 3; ++a) sq += (A.x[a] - B.x[a]) * (A.x[a] - B.x[a]);
      dist += std::sqrt(sq);
      const double allowed =
          2.0 * (grad_norm(value_fn(A.part), A.x, g) + grad_norm(value_fn(B.part), B.x, g)) * dist +
          1e-8 * (1.0 + std::abs(va) + std::abs(vb));
      const double d = std::abs(va - vb);
      if (d > allowed && d > worst) {
        worst = d;
        for (int a = 0; a < 3; ++a) worst_at[a] = 0.5 * (A.x[a] + B.x[a]);
        wa = std::min(A.part, B.part);
        wb = std::max(A.part, B.part);
      }
    };
    for (std::size_t n = 0; n < g.nodes; ++n) {
      const std::vector<std::size_t>& here = at_node[n];
      if (here.empty()) continue;
      for (std::size_t i = 0; i < here.size(); ++i)
        for (std::size_t k = i + 1; k < here.size(); ++k) pair(ds[here[i]], ds[here[k]]);
      g.ijk(n, ijk);
      for (int a = 0; a < dim; ++a) {
        if (ijk[a] == g.n[a]) continue;
        for (std::size_t i : here)
          for (std::size_t k : at_node[n + g.stride[a]]) pair(ds[i], ds[k]);
      }
    }
    for (std::size_t part = 0; part < same.size(); ++part)
      if (!same[part].empty()) part_jump(static_cast<int>(part), same[part]);
    if (wa >= 0) between(wa, wb, worst, worst_at);
  }

  std::sort(found.begin(), found.end(),
            [](const Jump& x, const Jump& y) { return x.size > y.size; });
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < found.size() && i < max_notes; ++i) notes.push_back(found[i].what);
  return notes;
}

}  // namespace kanpde::solver::fd::Impl
