#include "solver/run/Evaluation.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>

#include "common/Coordinates.hpp"
#include "common/Error.hpp"
#include "geometry/Samplers.hpp"
#include "kan/Evaluate.hpp"
#include "solver/pde/TrialFunction.hpp"

namespace kanpde::solver {

Field evaluate_solution(const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                        const std::vector<double>& x, int d, const geometry::Domain& domain,
                        const HardDirichlet& hard) {
  using Exec = Kokkos::DefaultExecutionSpace;
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  Field f;
  f.u.resize(n);
  f.grad.resize(n * static_cast<std::size_t>(d));
  f.lap.resize(n);
  if (n == 0) return f;
  Kokkos::View<double**, Exec::memory_space> xv("kanpde::solver::eval_x", n,
                                                static_cast<std::size_t>(d));
  auto hx = Kokkos::create_mirror_view(xv);
  for (std::size_t p = 0; p < n; ++p)
    for (int a = 0; a < d; ++a) hx(p, a) = x[p * d + a];
  Kokkos::deep_copy(xv, hx);
  const int nc = d + 2;
  // One output, or 1 + m with m interfaces (u += sum_i E_i N_i).
  const std::size_t nout = static_cast<std::size_t>(net.layout().output_dim());
  const std::size_t m = hard.interfaces ? static_cast<std::size_t>(hard.interfaces->size()) : 0;
  KANPDE_VERIFY(nout == 1 + m, "the network has " << nout << " outputs, the trial function "
                                                  << "needs " << 1 + m);
  Kokkos::View<double***, Exec::memory_space> jv("kanpde::solver::eval_jets", n, nout,
                                                 static_cast<std::size_t>(nc));
  kan::evaluate(Exec(), net, xv, kan::JetMode::laplacian, jv);
  auto hj = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), jv);
  TrialJets tj;
  if (hard.active()) tj = trial_jets(domain, hard, x);
  // Without a hard constraint D = 1, G = 0 (u = N exactly).
  const auto unc = static_cast<std::size_t>(nc);
  std::vector<double> one(unc, 0.0), zero(unc, 0.0), nj(unc), uj(unc);
  one[0] = 1.0;
  for (std::size_t p = 0; p < n; ++p) {
    for (int c = 0; c < nc; ++c) nj[static_cast<std::size_t>(c)] = hj(p, 0, c);
    const double* D = hard.active() ? &tj.d[p * unc] : one.data();
    const double* G = hard.active() ? &tj.g[p * unc] : zero.data();
    trial_compose_laplacian(d, G, D, nj.data(), uj.data());
    for (std::size_t i = 0; i < m; ++i) {
      const std::vector<double> base = uj;
      for (int c = 0; c < nc; ++c) nj[static_cast<std::size_t>(c)] = hj(p, 1 + i, c);
      trial_compose_laplacian(d, base.data(), &tj.k[(p * m + i) * unc], nj.data(), uj.data());
    }
    f.u[p] = uj[0];
    for (int a = 0; a < d; ++a) f.grad[p * d + a] = uj[static_cast<std::size_t>(1 + a)];
    f.lap[p] = uj[static_cast<std::size_t>(d + 1)];
  }
  return f;
}

Field evaluate_exact(const Expression& exact, const std::vector<double>& x,
                     const geometry::Domain& domain) {
  const int d = domain.dim();
  const geometry::BoundingBox bb = domain.bounding_box();
  double scale = 0.0;
  for (int a = 0; a < d; ++a) scale = std::max(scale, bb.extent(a));
  Field f;
  f.u = exact.eval_many(x, d);
  const std::size_t n = f.u.size();
  f.grad.resize(n * static_cast<std::size_t>(d));
  const double h = 1e-5 * scale;
  for (std::size_t p = 0; p < n; ++p)
    for (int a = 0; a < d; ++a) {
      double y[max_space_dim] = {};
      for (int b = 0; b < d; ++b) y[b] = x[p * d + b];
      y[a] += h;
      const bool plus = domain.contains(y);
      const double up = plus ? exact.eval(y, d) : f.u[p];
      y[a] -= 2 * h;
      const bool minus = domain.contains(y);
      const double um = minus ? exact.eval(y, d) : f.u[p];
      // Both sides outside (a sliver thinner than 2h): central differences.
      if (!plus && !minus) {
        y[a] += 2 * h;
        const double up2 = exact.eval(y, d);
        f.grad[p * d + a] = (up2 - um) / (2 * h);
        continue;
      }
      f.grad[p * d + a] = (up - um) / ((plus ? h : 0.0) + (minus ? h : 0.0));
    }
  return f;
}

EvalGrid make_eval_grid(const geometry::Domain& domain, std::vector<std::vector<double>> axes) {
  EvalGrid g;
  g.dim = domain.dim();
  g.axes = std::move(axes);
  g.nodes = 1;
  for (const auto& a : g.axes) g.nodes *= a.size();
  const std::size_t nx = g.axes[0].size(), ny = g.dim > 1 ? g.axes[1].size() : 1;
  for (std::size_t node = 0; node < g.nodes; ++node) {
    const std::size_t i = node % nx, j = (node / nx) % ny, k = node / (nx * ny);
    double p[3] = {g.axes[0][i], g.dim > 1 ? g.axes[1][j] : 0.0, g.dim > 2 ? g.axes[2][k] : 0.0};
    if (!domain.contains(p)) continue;
    g.x.insert(g.x.end(), p, p + g.dim);
    g.node.push_back(node);
  }
  return g;
}

EvalGrid make_eval_grid(const geometry::Domain& domain, const std::vector<int>& n) {
  const geometry::BoundingBox bb = domain.bounding_box();
  KANPDE_ASSERT(static_cast<int>(n.size()) == domain.dim(),
                "evaluation grid needs one size per axis");
  std::vector<std::vector<double>> axes;
  for (int a = 0; a < domain.dim(); ++a) {
    const int m = n[static_cast<std::size_t>(a)];
    KANPDE_REQUIRE(m >= 2, "an evaluation grid needs at least 2 points per axis, found " << m);
    std::vector<double> ax(static_cast<std::size_t>(m));
    for (int i = 0; i < m; ++i)
      ax[static_cast<std::size_t>(i)] =
          bb.lo[static_cast<std::size_t>(a)] + bb.extent(a) * i / (m - 1);
    axes.push_back(std::move(ax));
  }
  return make_eval_grid(domain, std::move(axes));
}

EvalGrid make_slice_grid(const geometry::Domain& domain, const std::vector<int>& axes,
                         const std::vector<double>& at, const std::vector<int>& n) {
  const int d = domain.dim();
  KANPDE_ASSERT(axes.size() == 2 && n.size() == 2 && static_cast<int>(at.size()) == d,
                "a slice needs two axes, two sizes and a point");
  const geometry::BoundingBox bb = domain.bounding_box();
  EvalGrid g;
  g.dim = 2;
  for (int k = 0; k < 2; ++k) {
    const int a = axes[static_cast<std::size_t>(k)], m = n[static_cast<std::size_t>(k)];
    KANPDE_REQUIRE(m >= 2, "a slice needs at least 2 points per axis, found " << m);
    std::vector<double> ax(static_cast<std::size_t>(m));
    for (int i = 0; i < m; ++i)
      ax[static_cast<std::size_t>(i)] =
          bb.lo[static_cast<std::size_t>(a)] + bb.extent(a) * i / (m - 1);
    g.axes.push_back(std::move(ax));
  }
  const std::size_t nx = g.axes[0].size();
  g.nodes = nx * g.axes[1].size();
  std::vector<double> p(at);
  for (std::size_t node = 0; node < g.nodes; ++node) {
    p[static_cast<std::size_t>(axes[0])] = g.axes[0][node % nx];
    p[static_cast<std::size_t>(axes[1])] = g.axes[1][node / nx];
    if (!domain.contains(p.data())) continue;
    g.x.insert(g.x.end(), p.begin(), p.end());
    g.node.push_back(node);
  }
  return g;
}

EvalGrid make_eval_points(const geometry::Domain& domain, std::size_t n) {
  geometry::SamplerOptions so;
  so.sequence = geometry::Sequence::Halton;
  const geometry::PointSet ps = geometry::sample_interior(domain, n, so);
  EvalGrid g;
  g.dim = domain.dim();
  g.x = ps.x;
  g.nodes = ps.size();
  for (std::size_t i = 0; i < g.nodes; ++i) g.node.push_back(i);
  return g;
}

}  // namespace kanpde::solver
