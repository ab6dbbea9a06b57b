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

const double points[][2] = {{0.3, -0.2}, {-0.7, 0.55}, {0.05, 0.9}, {-0.4, -0.8}};

}  // namespace

TEST(SymbolicModel, JetsMatchFiniteDifferences) {
  const sym::SymbolicModel m = mixed_model();
  for (const auto& p : points) {
    double jet[4];
    m.evaluate(p, jet);
    auto u = [&](double dx, double dy) {
      const double q[2] = {p[0] + dx, p[1] + dy};
      double j[4];
      m.evaluate(q, j);
      return j[0];
    };
    // Central differences: h = 1e-5 for the gradient (error ~h^2 + eps/h,
    // about 1e-10), h = 1e-4 for the Laplacian (~h^2 + eps/h^2, about 1e-8).
    const double h = 1e-5, H = 1e-4;
    EXPECT_NEAR(jet[1], (u(h, 0) - u(-h, 0)) / (2 * h), 1e-9);
    EXPECT_NEAR(jet[2], (u(0, h) - u(0, -h)) / (2 * h), 1e-9);
    const double lap = (u(H, 0) + u(-H, 0) + u(0, H) + u(0, -H) - 4 * u(0, 0)) / (H * H);
    EXPECT_NEAR(jet[3], lap, 1e-6);
  }
}

TEST(SymbolicModel, ParameterJacobianMatchesFiniteDifferences) {
  sym::SymbolicModel m = mixed_model();
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
