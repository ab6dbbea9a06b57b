// The sparsity penalty (solver/train/Sparsity.hpp): the edge magnitudes
// against an independent host evaluation of the edges (the symbolic module's
// sample_edges), the penalty against its formula, the exact gradient against
// central finite differences of both the penalty and the independent
// reference, |.| at 0, and the penalty's effect in training.
#include <gtest/gtest.h>

#include <cmath>

#include "kan/Network.hpp"
#include "solver/symbolic/KanEdges.hpp"
#include "solver/train/Sparsity.hpp"
#include "solver/train/SparsityObjective.hpp"
#include "solver/train/Trainer.hpp"

namespace {

using namespace kanpde;
using Net = solver::Trainer::Net;

Net make_net(std::vector<int> widths, int order, std::uint64_t seed) {
  kan::NetworkSpec s;
  s.widths = std::move(widths);
  s.grid_size = 4;
  s.order = order;
  s.seed = seed;
  s.coef_noise = 0.5;
  s.input_ranges = {{-1.0, 1.0}, {-1.0, 1.0}};
  return Net(s);
}

std::vector<double> points(int n) {
  std::vector<double> x;
  for (int p = 0; p < n; ++p)
    x.insert(x.end(), {std::sin(1.3 * p + 0.2), std::cos(0.7 * p * p + 0.1) * 0.95});
  return x;
}

// The slow reference: magnitudes from symbolic::sample_edges.
std::vector<double> reference_magnitudes(const kan::Layout& L, const std::vector<double>& params,
                                         const std::vector<double>& knots,
                                         const std::vector<double>& x) {
  const solver::symbolic::KanModel m{L, params, knots};
  const auto s = solver::symbolic::sample_edges(m, x);
  std::vector<double> a;
  for (const auto& out : s.out) {
    double v = 0.0;
    for (double o : out) v += std::abs(o);
    a.push_back(v / static_cast<double>(out.size()));
  }
  return a;
}

double reference_penalty(const kan::Layout& L, const std::vector<double>& params,
                         const std::vector<double>& knots, const std::vector<double>& x,
                         const solver::SparsityOptions& o) {
  const std::vector<double> a = reference_magnitudes(L, params, knots, x);
  // The formula written out per layer.
  double total = 0.0;
  std::size_t e0 = 0;
  for (int l = 0; l < L.num_layers(); ++l) {
    double S = 0.0, H = 0.0;
    for (int e = 0; e < L.edges(l); ++e) S += a[e0 + static_cast<std::size_t>(e)];
    for (int e = 0; e < L.edges(l); ++e) {
      const double p = a[e0 + static_cast<std::size_t>(e)] / S;
      if (p > 0) H -= p * std::log(p);
    }
    total += o.l1 * S + o.entropy * H;
    e0 += static_cast<std::size_t>(L.edges(l));
  }
  return o.weight * total;
}

TEST(Sparsity, MagnitudesAndPenaltyMatchTheReference) {
  for (int order : {1, 3}) {
    const Net net = make_net({2, 3, 2, 1}, order, 5);
    const std::vector<double> x = points(40), params = net.params_host(), knots = net.knots_host();
    const solver::HostKan h{net.layout(), params, knots};
    const std::vector<double> a = solver::edge_magnitudes(h, x);
    const std::vector<double> ref = reference_magnitudes(net.layout(), params, knots, x);
    ASSERT_EQ(a.size(), ref.size());
    // Two evaluations of the same sums in a different order: round-off.
    for (std::size_t e = 0; e < a.size(); ++e) EXPECT_NEAR(a[e], ref[e], 1e-14 * (1 + ref[e]));
    for (const solver::SparsityOptions o :
         {solver::SparsityOptions{0.3, 1.0, 0.0}, solver::SparsityOptions{0.3, 0.0, 1.0},
          solver::SparsityOptions{0.01, 1.0, 2.0}}) {
      const double p = solver::sparsity_penalty(net.layout(), a, o);
      EXPECT_NEAR(p, reference_penalty(net.layout(), params, knots, x, o), 1e-13 * p);
      std::vector<double> g;
      EXPECT_EQ(solver::sparsity_penalty_and_gradient(h, x, o, g), p);
    }
    // l1 and entropy each change the penalty.
    const double only_l1 = solver::sparsity_penalty(net.layout(), a, {1.0, 1.0, 0.0});
    const double only_h = solver::sparsity_penalty(net.layout(), a, {1.0, 0.0, 1.0});
    EXPECT_GT(only_l1, 0.0);
    EXPECT_GT(only_h, 0.0);
    EXPECT_NEAR(solver::sparsity_penalty(net.layout(), a, {1.0, 1.0, 2.0}), only_l1 + 2 * only_h,
                1e-14 * (only_l1 + only_h));
  }
}

TEST(Sparsity, GradientMatchesFiniteDifferencesAndTheReference) {
  for (int order : {2, 3}) {
    SCOPED_TRACE("order " + std::to_string(order));
    const Net net = make_net({2, 3, 2, 1}, order, 11);
    const std::vector<double> x = points(30), knots = net.knots_host();
    std::vector<double> params = net.params_host();
    const solver::SparsityOptions o{0.7, 1.0, 2.0};
    std::vector<double> g;
    solver::sparsity_penalty_and_gradient({net.layout(), params, knots}, x, o, g);
    ASSERT_EQ(g.size(), params.size());
    double gmax = 0.0;
    for (double v : g) gmax = std::max(gmax, std::abs(v));
    ASSERT_GT(gmax, 1e-3);
    const double h = 1e-6;
    for (std::size_t k = 0; k < params.size(); ++k) {
      const double keep = params[k];
      params[k] = keep + h;
      const solver::HostKan hk{net.layout(), params, knots};
      const double fp = solver::sparsity_penalty(net.layout(), solver::edge_magnitudes(hk, x), o);
      const double rp = reference_penalty(net.layout(), params, knots, x, o);
      params[k] = keep - h;
      const double fm = solver::sparsity_penalty(net.layout(), solver::edge_magnitudes(hk, x), o);
      const double rm = reference_penalty(net.layout(), params, knots, x, o);
      params[k] = keep;
      // Central differences: O(h^2) truncation (smooth away from sign
      // changes of an edge, none of which lies within h of these points)
      // plus O(eps/h) round-off on O(1) values.
      const double tol = 1e-7 * (1 + gmax);
      EXPECT_NEAR(g[k], (fp - fm) / (2 * h), tol) << "parameter " << k;
      EXPECT_NEAR(g[k], (rp - rm) / (2 * h), tol) << "parameter " << k << " (reference)";
    }
  }
}

TEST(Sparsity, AnEdgeAtZeroTakesTheZeroSubgradient) {
  // An edge identically zero: |phi| has a kink at every point. Its magnitude
  // is 0, the entropy skips it (0 ln 0 = 0) and nothing is non-finite; an
  // output-layer edge's own parameters get gradient 0 (sign(0) = 0 and the
  // output node carries no seed).
  const Net net = make_net({2, 3, 1}, 3, 2);
  const kan::Layout& L = net.layout();
  std::vector<double> params = net.params_host();
  for (int m = 0; m < L.basis_per_edge(); ++m) params[L.coef_index(1, 1, 0, m)] = 0.0;
  params[L.w_base_index(1, 1, 0)] = 0.0;
  const std::vector<double> x = points(25), knots = net.knots_host();
  const solver::HostKan h{L, params, knots};
  const std::vector<double> a = solver::edge_magnitudes(h, x);
  EXPECT_EQ(a[6 + 1], 0.0);  // layer 1 edges follow the 6 of layer 0
  std::vector<double> g;
  const double p = solver::sparsity_penalty_and_gradient(h, x, {1.0, 1.0, 2.0}, g);
  EXPECT_TRUE(std::isfinite(p));
  for (double v : g) ASSERT_TRUE(std::isfinite(v));
  for (int m = 0; m < L.basis_per_edge(); ++m) EXPECT_EQ(g[L.coef_index(1, 1, 0, m)], 0.0);
  EXPECT_EQ(g[L.w_base_index(1, 1, 0)], 0.0);
  EXPECT_EQ(g[L.w_spline_index(1, 1, 0)], 0.0);
  // The other edges still feel the penalty.
  EXPECT_NE(g[L.w_base_index(1, 0, 0)], 0.0);
}

// A loss of 0 with gradient 0: the objective is then the penalty alone.
class Zero : public solver::optim::Objective {
 public:
  explicit Zero(std::size_t n) : n_(n) {}
  std::size_t size() const override { return n_; }
  double value(const solver::optim::Vector&) override { return 0.0; }
  double value_and_gradient(const solver::optim::Vector& t, solver::optim::Vector& g) override {
    g = solver::optim::Vector::Zero(t.size());
    return 0.0;
  }

 private:
  std::size_t n_;
};

TEST(Sparsity, TheObjectiveAddsThePenaltyAndItsGradient) {
  const Net net = make_net({2, 2, 1}, 3, 8);
  const std::vector<double> x = points(20), params = net.params_host(), knots = net.knots_host();
  Zero zero(params.size() + 1);  // one unknown scalar after the network's parameters
  const solver::SparsityOptions o{0.5, 1.0, 2.0};
  solver::SparsityObjective f(zero, net.layout(), knots, x, o);
  solver::optim::Vector theta(static_cast<Eigen::Index>(params.size() + 1)), grad;
  for (std::size_t k = 0; k < params.size(); ++k) theta(static_cast<Eigen::Index>(k)) = params[k];
  theta(theta.size() - 1) = 3.0;
  std::vector<double> g;
  const double p = solver::sparsity_penalty_and_gradient({net.layout(), params, knots}, x, o, g);
  EXPECT_EQ(f.value(theta), p);
  EXPECT_EQ(f.value_and_gradient(theta, grad), p);
  EXPECT_EQ(f.last_penalty(), p);
  for (std::size_t k = 0; k < g.size(); ++k) EXPECT_EQ(grad(static_cast<Eigen::Index>(k)), g[k]);
  EXPECT_EQ(grad(grad.size() - 1), 0.0);  // the unknown carries no penalty
}

}  // namespace
