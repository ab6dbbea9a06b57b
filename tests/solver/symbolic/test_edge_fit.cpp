// Edge fits: every library function's fit recovers known (a, b, c, d) from
// samples, and the ranking puts the generating function first.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "solver/symbolic/EdgeFit.hpp"
#include "solver/symbolic/Library.hpp"

namespace sym = kanpde::solver::symbolic;

namespace {

struct Known {
  const char* name;
  double a, b, c, d;
  double lo, hi;  // sample range (inside f's domain)
  int symmetry;   // 0 none, 1 odd f, 2 even f, 3 sin, 4 cos: how (a, b, c) is normalised
};

// (a, b, c) in a canonical form: a > 0 via f's parity, and for sin/cos also
// c > 0 (b + pi) and b in [-pi, pi).
void canonical(int sym, double& a, double& b, double& c) {
  if (sym == 0) return;
  if (a < 0) {
    a = -a;
    b = -b;
    if (sym == 1 || sym == 3) c = -c;
  }
  if (sym >= 3) {
    if (c < 0) {
      c = -c;
      b += M_PI;
    }
    b = std::remainder(b, 2 * M_PI);
  }
}

std::vector<double> grid(double lo, double hi, int n) {
  std::vector<double> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = lo + (hi - lo) * i / (n - 1);
  return x;
}

const Known cases[] = {
    {"x", 1.0, 0.0, 2.5, -0.75, -1.0, 1.0, 0},
    {"x^2", 1.0, 0.3, -1.5, 0.25, -1.0, 1.0, 0},
    {"x^3", 1.0, -0.2, 0.7, 1.0, -1.0, 1.0, 0},
    {"x^4", 1.0, 0.4, 1.3, -0.5, -1.0, 1.0, 0},
    {"1/x", 1.0, 1.5, 0.8, 0.1, -1.0, 1.0, 0},
    {"exp", 1.7, 0.0, 0.6, -0.3, -1.0, 1.0, 0},
    {"sin", 3.0, 0.5, 1.2, 0.2, -1.0, 1.0, 3},
    {"cos", M_PI, 0.0, 0.5, -0.5, -2.0, 2.0, 4},
    {"tanh", 2.0, -0.5, 1.5, 0.3, -1.0, 1.0, 1},
    {"sinh", 1.5, 0.2, 0.4, -0.1, -1.0, 1.0, 1},
    {"arctan", 2.5, 0.5, -1.1, 0.4, -1.0, 1.0, 1},
    {"gauss", 1.8, 0.4, 2.0, -0.2, -1.0, 1.0, 2},
    // Composed forms c f(a g(x) + b) + d: the KAN paper's sin(pi y^2) and others.
    {"sin(x^2)", M_PI, 0.0, 1.0, 0.0, -1.0, 1.0, 3},
    {"cos(x^2)", 2.0, 0.4, 0.8, -0.1, -1.0, 1.0, 4},
    {"exp(x^2)", -1.2, 0.0, 0.7, 0.2, -1.0, 1.0, 0},
    {"sin(x^3)", 2.5, -0.3, 1.1, 0.1, -1.0, 1.0, 3},
    {"exp(x^3)", 0.8, 0.0, 0.5, -0.4, -1.0, 1.0, 0},
    {"cos(sqrt(x))", 3.0, 0.5, 0.6, 0.3, 0.0, 2.0, 4},
};

// Functions whose parameters trade off against each other (log(a x + b) =
// log|a| + log(x + b/a), sqrt and abs absorb |a| into c): the fit must
// reproduce the function, not a particular (a, b, c, d).
const Known degenerate[] = {
    {"sqrt", 2.0, 2.5, 0.9, -0.4, -1.0, 1.0, 0},
    {"log", 1.5, 2.0, 0.7, 0.3, -1.0, 1.0, 0},
    {"abs", 2.0, 0.3, 1.1, -0.6, -1.0, 1.0, 0},
};

}  // namespace

TEST(SymbolicEdgeFit, RecoversKnownParametersOfEveryFunction) {
  for (const Known& k : cases) {
    SCOPED_TRACE(k.name);
    const int fn = sym::library_index(k.name);
    ASSERT_GE(fn, 0);
    sym::EdgeFormula truth;
    truth.function = fn;
    truth.a = k.a;
    truth.b = k.b;
    truth.c = k.c;
    truth.d = k.d;
    const std::vector<double> x = grid(k.lo, k.hi, 200);
    std::vector<double> y;
    for (double v : x) y.push_back(sym::edge_value(truth, v));
    sym::EdgeFormula e = sym::fit_function(fn, x, y);
    // Exact data: the fit must be exact to round-off (LM converges
    // quadratically from the coarse candidate).
    EXPECT_GT(e.r2, 1.0 - 1e-14);
    double a = e.a, b = e.b, c = e.c, ta = k.a, tb = k.b, tc = k.c;
    canonical(k.symmetry, a, b, c);
    canonical(k.symmetry, ta, tb, tc);
    EXPECT_NEAR(a, ta, 1e-7);
    EXPECT_NEAR(b, tb, 1e-7);
    EXPECT_NEAR(c, tc, 1e-7);
    EXPECT_NEAR(e.d, k.d, 1e-7);
  }
}

TEST(SymbolicEdgeFit, ReproducesFunctionsWithDegenerateParameters) {
  for (const Known& k : degenerate) {
    SCOPED_TRACE(k.name);
    const int fn = sym::library_index(k.name);
    sym::EdgeFormula truth{fn, k.a, k.b, k.c, k.d};
    const std::vector<double> x = grid(k.lo, k.hi, 200);
    std::vector<double> y;
    for (double v : x) y.push_back(sym::edge_value(truth, v));
    const sym::EdgeFormula e = sym::fit_function(fn, x, y);
    EXPECT_GT(e.r2, 1.0 - 1e-12);
    // Also between the samples (the same function, not an interpolant).
    for (double v : grid(k.lo, k.hi, 77))
      EXPECT_NEAR(sym::edge_value(e, v), sym::edge_value(truth, v), 1e-6);
  }
}

TEST(SymbolicEdgeFit, RankingPutsTheGeneratingFunctionFirst) {
  const std::vector<double> x = grid(-1.0, 1.0, 150);
  auto best = [&](const sym::EdgeFormula& truth) {
    std::vector<double> y;
    for (double v : x) y.push_back(sym::edge_value(truth, v));
    return sym::library()[static_cast<std::size_t>(sym::fit_edge(x, y).front().function)].name;
  };
  EXPECT_EQ(best({sym::library_index("x"), 1, 0, 2.0, 0.5}), "x");
  EXPECT_EQ(best({sym::library_index("x^2"), 1, 0.2, 1.0, 0.0}), "x^2");
  EXPECT_EQ(best({sym::library_index("exp"), 1.3, 0, 1.0, 0.0}), "exp");
  EXPECT_EQ(best({sym::library_index("tanh"), 3.0, 0.1, 1.0, 0.0}), "tanh");
  const std::string s = best({sym::library_index("sin"), 2.0, 0.3, 1.0, 0.0});
  EXPECT_TRUE(s == "sin" || s == "cos") << s;  // c sin(t) = c cos(t - pi/2): equally simple
  // A constant edge is the function 0 (the constant d).
  EXPECT_EQ(best({sym::library_index("0"), 1, 0, 0.0, 0.7}), "0");
  // sin(pi y^2) has no plain form c f(a y + b) + d; its composed form wins.
  EXPECT_EQ(best({sym::library_index("sin(x^2)"), M_PI, 0, 1.0, 0.0}), "sin(x^2)");
  // (The plain forms above stay first with the composed forms in the library.)
}

TEST(SymbolicEdgeFit, ComposedFormsNeedTheirInnerDomain) {
  // sqrt(x) inner forms are not tried on samples with x < 0.
  const std::vector<double> x = grid(-1.0, 1.0, 50);
  const std::vector<double> y(x.size(), 1.0);
  const sym::EdgeFormula e = sym::fit_function(sym::library_index("sin(sqrt(x))"), x, y);
  EXPECT_EQ(e.r2, -std::numeric_limits<double>::infinity());
  // Composed forms cost their inner form's complexity on top of the outer's.
  const auto& lib = sym::library();
  const auto& f = lib[static_cast<std::size_t>(sym::library_index("sin(x^2)"))];
  ASSERT_NE(f.inner, nullptr);
  EXPECT_GT(f.complexity, lib[static_cast<std::size_t>(sym::library_index("sin"))].complexity);
}

TEST(SymbolicEdgeFit, NoisyDataIsRankedHonestly) {
  // sin plus noise of 1e-3: R^2 below 1 but close, and no function is exact.
  const std::vector<double> x = grid(-1.0, 1.0, 300);
  std::vector<double> y;
  for (std::size_t i = 0; i < x.size(); ++i)
    y.push_back(std::sin(2.0 * x[i]) + 1e-3 * std::sin(1234.567 * static_cast<double>(i)));
  const auto r = sym::fit_edge(x, y);
  EXPECT_LT(r.front().r2, 1.0 - 1e-8);
  EXPECT_GT(r.front().r2, 1.0 - 1e-4);
}

TEST(SymbolicEdgeFit, PoorFitsAreRankedByRSquared) {
  // A step is nothing in the library: the constant (simplest) must not win
  // over a function that explains most of it.
  const std::vector<double> x = grid(-1.0, 1.0, 200);
  std::vector<double> y;
  for (double v : x) y.push_back(v < 0.1 ? 0.0 : 1.0);
  const auto r = sym::fit_edge(x, y);
  for (const auto& e : r) EXPECT_LE(e.r2, r.front().r2);
  EXPECT_GT(r.front().r2, 0.5);
}

TEST(SymbolicEdgeFit, RSquaredOfConstantSamples) {
  EXPECT_EQ(sym::r_squared({1.0, 1.0, 1.0}, {1.0, 1.0, 1.0}), 1.0);
  EXPECT_EQ(sym::r_squared({1.0, 1.0, 1.0}, {1.0, 1.5, 1.0}), 0.0);
  EXPECT_NEAR(sym::r_squared({0.0, 1.0, 2.0}, {0.0, 1.0, 1.0}), 0.5, 1e-15);
}
