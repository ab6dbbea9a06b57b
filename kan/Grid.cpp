#include "kan/Grid.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "kan/BSpline.hpp"
#include "kan/Evaluate.hpp"

namespace kanpde::kan {
namespace {

using HostNet = Network<Kokkos::HostSpace>;
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Values of the nb basis functions of one knot vector at points xs.
template <int K>
Matrix design_matrix_k(const double* t, int n, double inv_h, const std::vector<double>& xs,
                       int nb) {
  Matrix A = Matrix::Zero(static_cast<Eigen::Index>(xs.size()), nb);
  for (std::size_t p = 0; p < xs.size(); ++p) {
    double B[1][K + 1];
    const int span = bspline_eval<K, 0>(t, n, inv_h, xs[p], B);
    if (span < 0) continue;
    for (int a = 0; a <= K; ++a) {
      const int m = span - K + a;
      if (m >= 0 && m < nb) A(static_cast<Eigen::Index>(p), m) = B[0][a];
    }
  }
  return A;
}

Matrix design_matrix(const double* t, int order, int grid_size, const std::vector<double>& xs) {
  const int n = grid_size + 2 * order, nb = grid_size + order;
  switch (order) {
    case 1:
      return design_matrix_k<1>(t, n, 0.0, xs, nb);
    case 2:
      return design_matrix_k<2>(t, n, 0.0, xs, nb);
    case 3:
      return design_matrix_k<3>(t, n, 0.0, xs, nb);
    case 4:
      return design_matrix_k<4>(t, n, 0.0, xs, nb);
    case 5:
      return design_matrix_k<5>(t, n, 0.0, xs, nb);
  }
  KANPDE_VERIFY(false, "spline order " << order << " unsupported");
}

// Least squares min |A X - Y| + ridge |X|, the ridge tiny relative to A's
// scale: it only decides coefficients the samples do not determine.
Matrix ridge_least_squares(const Matrix& A, const Matrix& Y) {
  const Eigen::Index n = A.rows(), nb = A.cols();
  const double scale = A.norm() / std::sqrt(static_cast<double>(std::max<Eigen::Index>(nb, 1)));
  const double mu = 1e-8 * (scale > 0.0 ? scale : 1.0);
  Matrix As(n + nb, nb);
  As.topRows(n) = A;
  As.bottomRows(nb) = mu * Matrix::Identity(nb, nb);
  Matrix Ys = Matrix::Zero(n + nb, Y.cols());
  Ys.topRows(n) = Y;
  Matrix X = Eigen::ColPivHouseholderQR<Matrix>(As).solve(Ys);
  KANPDE_VERIFY(X.allFinite(), "least-squares refit produced non-finite coefficients");
  return X;
}

// Refits the spline coefficients of every edge leaving input i of layer l from
// old knots to new knots, on points xs.
void refit_input(const Layout& old_lay, const std::vector<double>& old_params, const double* old_t,
                 const Layout& new_lay, std::vector<double>& new_params, const double* new_t, int l,
                 int i, const std::vector<double>& xs) {
  const Matrix A_old = design_matrix(old_t, old_lay.order(), old_lay.grid_size(), xs);
  const Matrix A_new = design_matrix(new_t, new_lay.order(), new_lay.grid_size(), xs);
  const int nout = old_lay.width(l + 1);
  Matrix C_old(old_lay.basis_per_edge(), nout);
  for (int o = 0; o < nout; ++o)
    for (int m = 0; m < old_lay.basis_per_edge(); ++m)
      C_old(m, o) = old_params[old_lay.coef_index(l, i, o, m)];
  const Matrix C_new = ridge_least_squares(A_new, A_old * C_old);
  for (int o = 0; o < nout; ++o)
    for (int m = 0; m < new_lay.basis_per_edge(); ++m)
      new_params[new_lay.coef_index(l, i, o, m)] = C_new(m, o);
}

}  // namespace

namespace Impl {

std::vector<double> knots_from_samples(const std::vector<double>& sorted, int grid_size, int order,
                                       const GridUpdateOptions& options) {
  KANPDE_REQUIRE(!sorted.empty(), "grid update needs at least one sample");
  KANPDE_REQUIRE(options.grid_eps >= 0.0 && options.grid_eps <= 1.0,
                 "grid_eps must be in [0, 1], found " << options.grid_eps);
  KANPDE_REQUIRE(options.margin >= 0.0, "grid margin must be >= 0, found " << options.margin);
  for (double x : sorted)
    KANPDE_VERIFY(std::isfinite(x),
                  "grid update: a layer input is not finite (NaN or inf); "
                  "the network has diverged");
  const int G = grid_size, k = order;
  double lo = sorted.front(), hi = sorted.back();
  const double scale = std::max({1.0, std::abs(lo), std::abs(hi)});
  if (hi - lo < 1e-6 * scale) {  // a single value: any small interval around it
    const double c = 0.5 * (lo + hi);
    lo = c - 1e-3 * scale;
    hi = c + 1e-3 * scale;
  }
  const double pad = options.margin * (hi - lo);
  lo -= pad;
  hi += pad;
  const std::size_t N = sorted.size();
  std::vector<double> g(static_cast<std::size_t>(G) + 1);
  for (int s = 0; s <= G; ++s) {
    const double u = lo + (hi - lo) * s / G;
    const std::size_t idx = static_cast<std::size_t>(
        std::floor(static_cast<double>(s) * static_cast<double>(N - 1) / G));
    const double a = std::clamp(sorted[std::min(idx, N - 1)], lo, hi);
    g[static_cast<std::size_t>(s)] = options.grid_eps * u + (1.0 - options.grid_eps) * a;
  }
  g.front() = lo;
  g.back() = hi;
  // Strictly increasing with a minimum spacing, then mapped back onto [lo, hi].
  const double delta = 1e-3 * (hi - lo) / G;
  for (std::size_t s = 1; s < g.size(); ++s) g[s] = std::max(g[s], g[s - 1] + delta);
  const double g0 = g.front(), gG = g.back();
  for (double& v : g) v = lo + (v - g0) * (hi - lo) / (gG - g0);
  g.back() = hi;
  const double h = (hi - lo) / G;
  std::vector<double> t(static_cast<std::size_t>(G + 2 * k + 1));
  for (int s = 0; s < k; ++s) {
    t[static_cast<std::size_t>(s)] = lo - (k - s) * h;
    t[static_cast<std::size_t>(G + k + 1 + s)] = hi + (s + 1) * h;
  }
  for (int s = 0; s <= G; ++s) t[static_cast<std::size_t>(k + s)] = g[static_cast<std::size_t>(s)];
  return t;
}

std::vector<double> refined_knots(const double* old_t, int old_grid_size, int order,
                                  int new_grid_size) {
  const int G = old_grid_size, Gn = new_grid_size, k = order;
  const double lo = old_t[k], hi = old_t[G + k];
  std::vector<double> t(static_cast<std::size_t>(Gn + 2 * k + 1));
  for (int s = 0; s <= Gn; ++s) {
    const double u = static_cast<double>(s) * G / Gn;  // fractional old interval index
    const int j = std::min(static_cast<int>(std::floor(u)), G - 1);
    const double f = u - j;
    t[static_cast<std::size_t>(k + s)] = old_t[k + j] + f * (old_t[k + j + 1] - old_t[k + j]);
  }
  t[static_cast<std::size_t>(k)] = lo;
  t[static_cast<std::size_t>(k + Gn)] = hi;
  const double h = (hi - lo) / Gn;
  for (int s = 0; s < k; ++s) {
    t[static_cast<std::size_t>(s)] = lo - (k - s) * h;
    t[static_cast<std::size_t>(Gn + k + 1 + s)] = hi + (s + 1) * h;
  }
  return t;
}

}  // namespace Impl

template <class MemorySpace>
void update_grid(Network<MemorySpace>& net, const std::vector<double>& samples,
                 const GridUpdateOptions& options) {
  const Layout& lay = net.layout();
  const int d = lay.input_dim();
  KANPDE_REQUIRE(!samples.empty() && samples.size() % static_cast<std::size_t>(d) == 0,
                 "grid update: samples must be N x " << d << " values, found " << samples.size());
  const std::size_t N = samples.size() / static_cast<std::size_t>(d);
  HostNet host = net.template clone<Kokkos::HostSpace>();
  Kokkos::View<double**, Kokkos::HostSpace> x("kanpde::kan::grid_samples", N,
                                              static_cast<std::size_t>(d));
  for (std::size_t p = 0; p < N; ++p)
    for (int a = 0; a < d; ++a) x(p, static_cast<std::size_t>(a)) = samples[p * d + a];
  Kokkos::View<double**, Kokkos::HostSpace> nodes("kanpde::kan::grid_nodes", N,
                                                  static_cast<std::size_t>(lay.num_nodes()));
  for (int l = 0; l < lay.num_layers(); ++l) {
    evaluate_nodes(Kokkos::DefaultHostExecutionSpace(), host, x, nodes);
    Kokkos::fence();
    std::vector<double> params = host.params_host(), knots = host.knots_host();
    const std::vector<double> old_params = params, old_knots = knots;
    for (int i = 0; i < lay.width(l); ++i) {
      std::vector<double> xs(N);
      for (std::size_t p = 0; p < N; ++p)
        xs[p] = nodes(p, static_cast<std::size_t>(lay.node_offset(l) + i));
      std::vector<double> sorted = xs;
      std::sort(sorted.begin(), sorted.end());
      const std::vector<double> t =
          Impl::knots_from_samples(sorted, lay.grid_size(), lay.order(), options);
      std::copy(t.begin(), t.end(), knots.begin() + static_cast<long>(lay.knot_index(l, i, 0)));
      refit_input(lay, old_params, old_knots.data() + lay.knot_index(l, i, 0), lay, params,
                  t.data(), l, i, xs);
    }
    host.set_knots(knots);
    host.set_params(params);
  }
  net.set_knots(host.knots_host());
  net.set_params(host.params_host());
}

template <class MemorySpace>
Network<MemorySpace> extend_grid(const Network<MemorySpace>& net, int new_grid_size) {
  const Layout& old_lay = net.layout();
  KANPDE_REQUIRE(new_grid_size >= 1,
                 "grid extension needs a grid size >= 1, found " << new_grid_size);
  const Layout new_lay(old_lay.widths(), new_grid_size, old_lay.order(), old_lay.base());
  const std::vector<double> old_params = net.params_host(), old_knots = net.knots_host();
  std::vector<double> params(new_lay.num_params()), knots(new_lay.num_knots());
  const int k = old_lay.order();
  const int per_interval = std::max(4, k + 2);
  for (int l = 0; l < old_lay.num_layers(); ++l) {
    for (int i = 0; i < old_lay.width(l); ++i) {
      const double* ot = old_knots.data() + old_lay.knot_index(l, i, 0);
      const std::vector<double> t = Impl::refined_knots(ot, old_lay.grid_size(), k, new_grid_size);
      std::copy(t.begin(), t.end(), knots.begin() + static_cast<long>(new_lay.knot_index(l, i, 0)));
      // Fit points: per_interval points inside each new interval.
      std::vector<double> xs;
      for (int s = 0; s < new_grid_size; ++s) {
        const double a = t[static_cast<std::size_t>(k + s)],
                     b = t[static_cast<std::size_t>(k + s + 1)];
        for (int q = 0; q < per_interval; ++q) xs.push_back(a + (b - a) * (q + 0.5) / per_interval);
      }
      refit_input(old_lay, old_params, ot, new_lay, params, t.data(), l, i, xs);
      for (int o = 0; o < old_lay.width(l + 1); ++o) {
        params[new_lay.w_base_index(l, i, o)] = old_params[old_lay.w_base_index(l, i, o)];
        params[new_lay.w_spline_index(l, i, o)] = old_params[old_lay.w_spline_index(l, i, o)];
      }
    }
  }
  return Network<MemorySpace>(new_lay, params, knots);
}

template void update_grid(Network<Kokkos::DefaultExecutionSpace::memory_space>&,
                          const std::vector<double>&, const GridUpdateOptions&);
template Network<Kokkos::DefaultExecutionSpace::memory_space> extend_grid(
    const Network<Kokkos::DefaultExecutionSpace::memory_space>&, int);
#if defined(KOKKOS_ENABLE_CUDA) || defined(KOKKOS_ENABLE_HIP) || defined(KOKKOS_ENABLE_SYCL) || \
    defined(KOKKOS_ENABLE_OPENMPTARGET)
template void update_grid(Network<Kokkos::HostSpace>&, const std::vector<double>&,
                          const GridUpdateOptions&);
template Network<Kokkos::HostSpace> extend_grid(const Network<Kokkos::HostSpace>&, int);
#endif

}  // namespace kanpde::kan
