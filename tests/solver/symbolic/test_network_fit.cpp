// Edges of a KAN as sampled functions: the host edge evaluation reproduces
// the device kernels' network output, and a KAN built to hold
// 1/2 cos(pi x - pi y) - 1/2 cos(pi x + pi y) is read back as that formula.
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>

#include "Helpers.hpp"
#include "solver/symbolic/Library.hpp"
#include "solver/symbolic/NetworkFit.hpp"
#include "solver/symbolic/Refit.hpp"

namespace sym = kanpde::solver::symbolic;
namespace kan = kanpde::kan;
using kanpde::test::Net;

namespace {

sym::KanModel host_model(const Net& net) {
  return {net.layout(), net.params_host(), net.knots_host()};
}

std::vector<double> device_values(const Net& net, const std::vector<double>& x) {
  const int d = net.layout().input_dim();
  const auto xv = kanpde::test::to_view(x, d);
  Kokkos::View<double***, kanpde::test::Mem> out("out", xv.extent(0), 1, 1);
  kan::evaluate(kanpde::test::Exec(), net, xv, kan::JetMode::value, out);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  std::vector<double> u(xv.extent(0));
  for (std::size_t p = 0; p < u.size(); ++p) u[p] = h(p, 0, 0);
  return u;
}

// A [2, 2, 1] KAN (identity base function) whose inner edges are exactly
// +-pi x and whose outer edges are cubic splines fitted by least squares to
// +-1/2 cos on the hidden range [-2 pi, 2 pi], G = 40.
Net cosine_kan() {
  kan::NetworkSpec spec;
  spec.widths = {2, 2, 1};
  spec.grid_size = 40;
  spec.order = 3;
  spec.base = kan::BaseFunction::identity;
  spec.input_ranges = {{-1.0, 1.0}, {-1.0, 1.0}};
  spec.hidden_range = {-2 * M_PI, 2 * M_PI};
  Net net(spec);
  const kan::Layout& L = net.layout();
  std::vector<double> p(L.num_params(), 0.0);
  const double inner[2][2] = {{M_PI, M_PI}, {-M_PI, M_PI}};  // [i][o]
  for (int i = 0; i < 2; ++i)
    for (int o = 0; o < 2; ++o) p[L.w_base_index(0, i, o)] = inner[i][o];
  // Basis matrix of a hidden input on sample points.
  const int nb = L.basis_per_edge();
  std::vector<double> v;
  for (int k = 0; k < 400; ++k) v.push_back(-2 * M_PI + 4 * M_PI * k / 399.0);
  sym::KanModel probe{L, std::vector<double>(L.num_params(), 0.0), net.knots_host()};
  Eigen::MatrixXd B(static_cast<Eigen::Index>(v.size()), nb);
  for (int m = 0; m < nb; ++m) {
    std::fill(probe.params.begin(), probe.params.end(), 0.0);
    probe.params[L.coef_index(1, 0, 0, m)] = 1.0;
    probe.params[L.w_spline_index(1, 0, 0)] = 1.0;
    for (std::size_t k = 0; k < v.size(); ++k)
      B(static_cast<Eigen::Index>(k), m) = sym::kan_edge_value(probe, 1, 0, 0, v[k]);
  }
  Eigen::VectorXd y(static_cast<Eigen::Index>(v.size()));
  for (std::size_t k = 0; k < v.size(); ++k) y(static_cast<Eigen::Index>(k)) = std::cos(v[k]);
  const Eigen::VectorXd c = B.colPivHouseholderQr().solve(y);
  for (int i = 0; i < 2; ++i) {
    const double sign = i == 0 ? 0.5 : -0.5;
    p[L.w_spline_index(1, i, 0)] = 1.0;
    for (int m = 0; m < nb; ++m) p[L.coef_index(1, i, 0, m)] = sign * c(m);
  }
  net.set_params(p);
  return net;
}

}  // namespace

TEST(SymbolicNetworkFit, HostEdgesReproduceTheDeviceNetwork) {
  for (int k : {1, 2, 3, 5}) {
    SCOPED_TRACE(k);
    const Net net = kanpde::test::random_network({2, 4, 3, 1}, 7, k, 11 + k);
    const std::vector<double> x = kanpde::test::random_points(50, 2, -1.0, 1.0, 5);
    const sym::EdgeSamples s = sym::sample_edges(host_model(net), x);
    const std::vector<double> u = device_values(net, x);
    // The same arithmetic in a different order: round-off only.
    for (std::size_t p = 0; p < u.size(); ++p) EXPECT_NEAR(s.u[p], u[p], 1e-12);
    // Node values are sums of edge outputs: edge (1, 0, *) sees node 0 of
    // layer 1 = sum_i phi_{0,i,0}.
    const int n1 = 4;
    for (std::size_t p = 0; p < u.size(); ++p)
      EXPECT_NEAR(s.in[static_cast<std::size_t>(2 * n1)][p], s.out[0][p] + s.out[4][p], 1e-14);
  }
}

TEST(SymbolicNetworkFit, ReadsTheCosineKanAsItsFormula) {
  const Net net = cosine_kan();
  const std::vector<double> x = kanpde::test::random_points(2000, 2, -1.0, 1.0, 21);
  const sym::KanModel km = host_model(net);
  // The constructed KAN is sin(pi x) sin(pi y) up to its spline error.
  const sym::EdgeSamples s = sym::sample_edges(km, x);
  for (std::size_t p = 0; p < s.u.size(); p += 97)
    ASSERT_NEAR(s.u[p], std::sin(M_PI * x[2 * p]) * std::sin(M_PI * x[2 * p + 1]), 1e-4);
  sym::NetworkFit fit = sym::fit_network(km, x);
  const auto& lib = sym::library();
  for (int i = 0; i < 2; ++i)
    for (int o = 0; o < 2; ++o) {
      const sym::EdgeFormula& e = fit.model.edge(0, i, o);
      EXPECT_EQ(lib[static_cast<std::size_t>(e.function)].name, "x");
      EXPECT_GT(e.r2, 1.0 - 1e-14);
    }
  for (int i = 0; i < 2; ++i) {
    const sym::EdgeFormula& e = fit.model.edge(1, i, 0);
    const std::string name = lib[static_cast<std::size_t>(e.function)].name;
    EXPECT_TRUE(name == "cos" || name == "sin") << name;
    EXPECT_GT(e.r2, 1.0 - 1e-8);  // the spline's own error, ~1e-5 relative
  }
  // Refitting the formula to the KAN's values keeps it within the spline
  // error of the network.
  sym::refit_values(fit.model, x, s.u);
  const std::vector<double> us = fit.model.values(x);
  for (std::size_t p = 0; p < us.size(); ++p) EXPECT_NEAR(us[p], s.u[p], 1e-4);
}

TEST(SymbolicNetworkFit, PinnedEdgesUseTheirFunction) {
  const Net net = cosine_kan();
  const std::vector<double> x = kanpde::test::random_points(500, 2, -1.0, 1.0, 22);
  sym::NetworkFitOptions o;
  o.pinned[{1, 0, 0}] = "x^2";
  const sym::NetworkFit fit = sym::fit_network(host_model(net), x, o);
  EXPECT_TRUE(fit.pinned[4]);
  EXPECT_EQ(sym::library()[static_cast<std::size_t>(fit.model.edge(1, 0, 0).function)].name, "x^2");
  EXPECT_LT(fit.model.edge(1, 0, 0).r2, 0.999);  // cos is not a parabola: said so
  o.pinned.clear();
  o.pinned[{2, 0, 0}] = "sin";
  EXPECT_THROW(sym::fit_network(host_model(net), x, o), kanpde::InputError);
  o.pinned.clear();
  o.pinned[{0, 0, 0}] = "bessel";
  EXPECT_THROW(sym::fit_network(host_model(net), x, o), kanpde::InputError);
}
