// The symbolic model as a trial function: its jets against finite
// differences of its values, its parameter Jacobian against finite
// differences of its jets, and its printed formula, parsed back by the case
// files' expression parser, against its values.
#include <gtest/gtest.h>

#include <cmath>

#include "solver/case/Expression.hpp"
#include "solver/symbolic/Library.hpp"
#include "solver/symbolic/SymbolicModel.hpp"

namespace sym = kanpde::solver::symbolic;

namespace {

sym::EdgeFormula edge(const char* name, double a, double b, double c, double d) {
  return {sym::library_index(name), a, b, c, d};
}

// A [2, 3, 2, 1] model that uses many library functions, including one on a
// composite argument in every layer.
sym::SymbolicModel mixed_model() {
  sym::SymbolicModel m({2, 3, 2, 1});
  m.edge(0, 0, 0) = edge("sin", 1.3, 0.2, 0.8, 0.1);
  m.edge(0, 0, 1) = edge("x", 1, 0, -0.7, 0.3);
  m.edge(0, 0, 2) = edge("x^2", 1, 0.4, 0.5, 0.0);
  m.edge(0, 1, 0) = edge("exp", 0.6, 0, 0.4, -0.2);
  m.edge(0, 1, 1) = edge("tanh", 1.7, -0.3, 1.1, 0.0);
  m.edge(0, 1, 2) = edge("0", 1, 0, 0, 0.25);
  m.edge(1, 0, 0) = edge("cos", 0.9, 0.1, 1.2, 0.0);
  m.edge(1, 0, 1) = edge("gauss", 0.8, 0.2, -0.6, 0.1);
  m.edge(1, 1, 0) = edge("arctan", 1.4, 0.0, 0.5, 0.0);
  m.edge(1, 1, 1) = edge("x^3", 1, -0.1, 0.3, 0.0);
  m.edge(1, 2, 0) = edge("sinh", 0.7, 0.1, 0.9, 0.0);
  m.edge(1, 2, 1) = edge("x^4", 1, 0.2, 0.2, -0.1);
  m.edge(2, 0, 0) = edge("sin", 1.1, 0.3, 1.0, 0.05);
  m.edge(2, 1, 0) = edge("x", 1, 0, 0.8, 0.0);
  return m;
}

// A [2, 2, 1] model of composed forms c f(a g(v) + b) + d in both layers
// (sqrt on a node kept positive by its d).
sym::SymbolicModel composed_model() {
  sym::SymbolicModel m({2, 2, 1});
  m.edge(0, 0, 0) = edge("sin(x^2)", 1.3, 0.2, 0.8, 0.1);
  m.edge(0, 0, 1) = edge("cos(x^3)", 0.9, -0.4, 0.6, 0.0);
  m.edge(0, 1, 0) = edge("exp(x^2)", -0.7, 0, 0.5, 0.2);
  m.edge(0, 1, 1) = edge("exp(x^3)", 0.6, 0, 0.4, 1.5);
  m.edge(1, 0, 0) = edge("cos(x^2)", 1.1, 0.3, 1.2, 0.0);
  m.edge(1, 1, 0) = edge("sin(sqrt(x))", 1.4, -0.2, 0.7, 0.05);
  return m;
}

const double points[][2] = {{0.3, -0.2}, {-0.7, 0.55}, {0.05, 0.9}, {-0.4, -0.8}};

void expect_jets_match_finite_differences(const sym::SymbolicModel& m) {
  for (const auto& p : points) {
    double jet[4];
    m.evaluate(p, jet);
    auto u = [&](double dx, double dy) {
      const double q[2] = {p[0] + dx, p[1] + dy};
      double j[4];
      m.evaluate(q, j);
      return j[0];
    };
    // Central differences: h = 1e-5 for the gradient (error ~h^2 |D3 u| / 6
    // + eps/h, about 1e-10 per unit of the third derivative, which reaches
    // tens in the composed model), h = 1e-4 for the Laplacian (~h^2 +
    // eps/h^2, about 1e-8): relative to the size of the jet.
    const double h = 1e-5, H = 1e-4;
    EXPECT_NEAR(jet[1], (u(h, 0) - u(-h, 0)) / (2 * h), 1e-9 * std::max(1.0, std::abs(jet[1])));
    EXPECT_NEAR(jet[2], (u(0, h) - u(0, -h)) / (2 * h), 1e-9 * std::max(1.0, std::abs(jet[2])));
    const double lap = (u(H, 0) + u(-H, 0) + u(0, H) + u(0, -H) - 4 * u(0, 0)) / (H * H);
    EXPECT_NEAR(jet[3], lap, 1e-6 * std::max(1.0, std::abs(jet[3])));
  }
}

void expect_jacobian_matches_finite_differences(sym::SymbolicModel m) {
  const std::size_t P = m.num_params();
  const std::vector<double> p0 = m.params();
  for (const auto& x : points) {
    std::vector<double> jet(4), jac(4 * P);
    m.evaluate(x, jet.data(), jac.data());
    for (std::size_t q = 0; q < P; ++q) {
      const double h = 1e-6 * std::max(1.0, std::abs(p0[q]));
      std::vector<double> pp = p0, pm = p0;
      pp[q] += h;
      pm[q] -= h;
      double jp[4], jm[4];
      m.set_params(pp);
      m.evaluate(x, jp);
      m.set_params(pm);
      m.evaluate(x, jm);
      m.set_params(p0);
      for (int c = 0; c < 4; ++c) {
        const double fd = (jp[c] - jm[c]) / (2 * h);
        // Central differences of the jets: truncation ~h^2 |d3|, rounding
        // ~eps |jet| / h: about 1e-9 here.
        EXPECT_NEAR(jac[static_cast<std::size_t>(c) * P + q], fd,
                    1e-7 * std::max(1.0, std::abs(fd)))
            << "component " << c << " parameter " << q;
      }
    }
  }
}

}  // namespace

TEST(SymbolicModel, JetsMatchFiniteDifferences) {
  expect_jets_match_finite_differences(mixed_model());
}

TEST(SymbolicModel, ComposedJetsMatchFiniteDifferences) {
  expect_jets_match_finite_differences(composed_model());
}

TEST(SymbolicModel, ParameterJacobianMatchesFiniteDifferences) {
  expect_jacobian_matches_finite_differences(mixed_model());
}

TEST(SymbolicModel, ComposedParameterJacobianMatchesFiniteDifferences) {
  expect_jacobian_matches_finite_differences(composed_model());
}

TEST(SymbolicModel, ComposedJetsMatchTheClosedForm) {
  // Independent reference, written out by hand: node 0 = pi x - sin(pi y^2),
  // node 1 = pi x + cos(pi y^2), u = 0.5 cos(node 0) - 0.5 sin(node 1), with
  // the chain rule done on paper.
  sym::SymbolicModel m({2, 2, 1});
  m.edge(0, 0, 0) = edge("x", 1, 0, M_PI, 0.0);
  m.edge(0, 1, 0) = edge("sin(x^2)", M_PI, 0, -1.0, 0.0);
  m.edge(0, 0, 1) = edge("x", 1, 0, M_PI, 0.0);
  m.edge(0, 1, 1) = edge("cos(x^2)", M_PI, 0, 1.0, 0.0);
  m.edge(1, 0, 0) = edge("cos", 1, 0, 0.5, 0.0);
  m.edge(1, 1, 0) = edge("sin", 1, 0, -0.5, 0.0);
  for (const auto& p : points) {
    const double x = p[0], y = p[1], s = std::sin(M_PI * y * y), c = std::cos(M_PI * y * y);
    const double n0 = M_PI * x - s, n1 = M_PI * x + c;
    const double n0x = M_PI, n0y = -c * 2 * M_PI * y, n1x = M_PI, n1y = -s * 2 * M_PI * y;
    const double n0yy = s * 4 * M_PI * M_PI * y * y - c * 2 * M_PI;
    const double n1yy = -c * 4 * M_PI * M_PI * y * y - s * 2 * M_PI;
    const double u = 0.5 * std::cos(n0) - 0.5 * std::sin(n1);
    const double ux = -0.5 * std::sin(n0) * n0x - 0.5 * std::cos(n1) * n1x;
    const double uy = -0.5 * std::sin(n0) * n0y - 0.5 * std::cos(n1) * n1y;
    const double lap = -0.5 * std::cos(n0) * (n0x * n0x + n0y * n0y) - 0.5 * std::sin(n0) * n0yy +
                       0.5 * std::sin(n1) * (n1x * n1x + n1y * n1y) - 0.5 * std::cos(n1) * n1yy;
    double jet[4];
    m.evaluate(p, jet);
    // The same quantities in another order: agreement to round-off.
    EXPECT_NEAR(jet[0], u, 1e-14);
    EXPECT_NEAR(jet[1], ux, 1e-13);
    EXPECT_NEAR(jet[2], uy, 1e-13);
    EXPECT_NEAR(jet[3], lap, 1e-12);
  }
}

TEST(SymbolicModel, EdgeJetsOfEveryComposedFormMatchFiniteDifferences) {
  // Each derivative order of edge_jets against central differences of the
  // order below, for every composed library entry, at points inside its
  // inner form's domain; the value against edge_value.
  const double h = 1e-5;
  int composed = 0;
  for (const sym::LibraryFunction& f : sym::library()) {
    if (!f.inner) continue;
    ++composed;
    SCOPED_TRACE(f.name);
    for (double v : {0.35, 0.8, 1.3}) {
      const double a = 0.9, b = 0.15, c = 1.1, d = -0.2;
      double p[4], dp[3][4], pp[4], pm[4];
      sym::edge_jets(f, a, b, c, d, v, p, dp);
      sym::edge_jets(f, a, b, c, d, v + h, pp, dp);
      sym::edge_jets(f, a, b, c, d, v - h, pm, dp);
      // Truncation ~h^2 |next order| ~ 1e-9, rounding ~eps/h ~ 1e-11.
      for (int r = 0; r < 3; ++r)
        EXPECT_NEAR(p[r + 1], (pp[r] - pm[r]) / (2 * h), 1e-7 * std::max(1.0, std::abs(p[r + 1])))
            << "order " << r + 1 << " at " << v;
      const sym::EdgeFormula e{sym::library_index(f.name), a, b, c, d};
      EXPECT_NEAR(p[0], sym::edge_value(e, v), 1e-14);
    }
  }
  EXPECT_EQ(composed, 9);
}

TEST(SymbolicModel, FixedParametersFollowTheFunction) {
  const sym::SymbolicModel m = mixed_model();
  const std::vector<bool> f = m.free_mask();
  // Edge 0 (sin): all four free; edge 1 (x): only c, d; edge 5 (constant): only d.
  EXPECT_EQ(std::vector<bool>(f.begin(), f.begin() + 4),
            (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(std::vector<bool>(f.begin() + 4, f.begin() + 8),
            (std::vector<bool>{false, false, true, true}));
  EXPECT_EQ(std::vector<bool>(f.begin() + 20, f.begin() + 24),
            (std::vector<bool>{false, false, false, true}));
}

TEST(SymbolicModel, PrintedFormulaParsesBackToTheSameValues) {
  const sym::SymbolicModel m = mixed_model();
  const std::string text = m.text(0, 17);
  const auto e = kanpde::solver::Expression::compile(text, 2);
  for (const auto& p : points) {
    double jet[4];
    m.evaluate(p, jet);
    // 17 significant digits: the parsed formula agrees to round-off.
    EXPECT_NEAR(e.eval(p, 2), jet[0], 1e-13 * std::max(1.0, std::abs(jet[0]))) << text;
  }
  // Rounded to 6 digits, the formula stays close (each constant off by at
  // most 5e-7 relative).
  const auto r = kanpde::solver::Expression::compile(m.text(0, 6, true), 2);
  for (const auto& p : points) {
    double jet[4];
    m.evaluate(p, jet);
    EXPECT_NEAR(r.eval(p, 2), jet[0], 1e-4);
  }
  EXPECT_NE(m.latex(0).find("\\sin"), std::string::npos);
}

TEST(SymbolicModel, ComposedFormulaParsesBackToTheSameValues) {
  const sym::SymbolicModel m = composed_model();
  const std::string text = m.text(0, 17);
  EXPECT_NE(text.find("sqrt("), std::string::npos) << text;
  const auto e = kanpde::solver::Expression::compile(text, 2);
  for (const auto& p : points) {
    double jet[4];
    m.evaluate(p, jet);
    EXPECT_NEAR(e.eval(p, 2), jet[0], 1e-13 * std::max(1.0, std::abs(jet[0]))) << text;
  }
  // The KAN paper's solution sin(pi x) sin(pi y^2) as the product form the
  // pruned networks learn: (s + t)^2 / 4 - (s - t)^2 / 4.
  sym::SymbolicModel q({2, 2, 1});
  q.edge(0, 0, 0) = edge("sin", M_PI, 0, 1.0, 0.0);
  q.edge(0, 1, 0) = edge("sin(x^2)", M_PI, 0, 1.0, 0.0);
  q.edge(0, 0, 1) = edge("sin", M_PI, 0, 1.0, 0.0);
  q.edge(0, 1, 1) = edge("sin(x^2)", M_PI, 0, -1.0, 0.0);
  q.edge(1, 0, 0) = edge("x^2", 1, 0, 0.25, 0.0);
  q.edge(1, 1, 0) = edge("x^2", 1, 0, -0.25, 0.0);
  const std::string t = q.text(0, 6, true);
  EXPECT_EQ(t, "0.25*(sin(pi*x) + sin(pi*(y)^2))^2 - 0.25*(sin(pi*x) - sin(pi*(y)^2))^2");
  const auto qe = kanpde::solver::Expression::compile(t, 2);
  for (const auto& p : points) {
    double jq[4];
    q.evaluate(p, jq);
    const double u = std::sin(M_PI * p[0]) * std::sin(M_PI * p[1] * p[1]);
    EXPECT_NEAR(jq[0], u, 1e-14);
    EXPECT_NEAR(qe.eval(p, 2), u, 1e-14);
  }
}

TEST(SymbolicModel, AffineInnerEdgesAreWrittenAsOneLinearForm) {
  // sin(pi x) sin(pi y) = 1/2 cos(pi x - pi y) - 1/2 cos(pi x + pi y).
  sym::SymbolicModel m({2, 2, 1});
  m.edge(0, 0, 0) = edge("x", 1, 0, M_PI, 0.0);
  m.edge(0, 1, 0) = edge("x", 1, 0, -M_PI, 0.0);
  m.edge(0, 0, 1) = edge("x", 1, 0, M_PI, 0.0);
  m.edge(0, 1, 1) = edge("x", 1, 0, M_PI, 0.0);
  m.edge(1, 0, 0) = edge("cos", 1, 0, 0.5, 0.0);
  m.edge(1, 1, 0) = edge("cos", 1, 0, -0.5, 0.0);
  EXPECT_EQ(m.text(0, 6, true), "0.5*cos(pi*x - pi*y) - 0.5*cos(pi*x + pi*y)");
  const auto e = kanpde::solver::Expression::compile(m.text(0, 17), 2);
  const double p[2] = {0.3, 0.6};
  EXPECT_NEAR(e.eval(p, 2), std::sin(M_PI * 0.3) * std::sin(M_PI * 0.6), 1e-15);
}
