// Fields: values against plain C++ arithmetic and equal to the case's
// Expression bit for bit, exact jets against
// central finite differences, the Laplacian jets, constants.
#include <gtest/gtest.h>

#include <cmath>

#include "Cases.hpp"
#include "solver/case/Expression.hpp"
#include "solver/expr/DeviceProgram.hpp"
#include "solver/expr/Diff.hpp"
#include "solver/expr/Field.hpp"
#include "solver/expr/Parse.hpp"

namespace {

using kanpde::solver::Constant;
using kanpde::solver::Expression;
using kanpde::solver::expr::Field;
using kanpde::solver::expr::test::expressions;
using kanpde::solver::expr::test::random_points;
using kanpde::solver::expr::test::references;

TEST(ExprField, ValuesEqualPlainCppOnRandomPoints) {
  const auto x = random_points(200, 3);
  for (const auto& c : references()) {
    const Field f = Field::compile(c.text, 3);
    const Expression e = Expression::compile(c.text, 3);
    std::vector<double> many(200);
    e.eval_many(x.data(), 200, 3, many.data());
    for (std::size_t i = 0; i < 200; ++i) {
      const double* p = x.data() + 3 * i;
      const double v = f.value(p), r = c.value(p[0], p[1], p[2]);
      // The same operations in the same order: equal up to the compiler's
      // freedom to contract a*b + c.
      ASSERT_NEAR(v, r, 1e-15 * std::abs(r) + 1e-300) << c.text << " at point " << i;
      // One language: the case's Expression is the Field's program, bit for bit.
      ASSERT_EQ(e.eval(p, 3), v) << c.text << " at point " << i;
      ASSERT_EQ(many[i], v) << c.text << " at point " << i;
    }
  }
}

TEST(ExprField, InverseHyperbolicsAreTheLibraryOnes) {
  for (double v : {-0.3, -1e-4, 1e-8, 0.014, 0.9}) {
    const double p[1] = {v}, q[1] = {1.0 + std::abs(v)};
    EXPECT_EQ(Field::compile("asinh(x)", 1).value(p), std::asinh(v));
    EXPECT_EQ(Field::compile("atanh(x)", 1).value(p), std::atanh(v));
    EXPECT_EQ(Field::compile("acosh(x)", 1).value(q), std::acosh(q[0]));
  }
}

TEST(ExprField, ValuesEqualPlainCppInLowerDimensions) {
  using F = double (*)(const double*);
  const std::vector<std::pair<std::string, F>> e1 = {
      {"sin(pi*x)", [](const double* p) { return std::sin(M_PI * p[0]); }},
      {"x^2 - 2*x", [](const double* p) { return std::pow(p[0], 2.0) - 2.0 * p[0]; }},
      {"x < 0.5 ? exp(x) : log(x)",
       [](const double* p) { return p[0] < 0.5 ? std::exp(p[0]) : std::log(p[0]); }}};
  const std::vector<std::pair<std::string, F>> e2 = {
      {"x*y", [](const double* p) { return p[0] * p[1]; }},
      {"sin(pi*x)*sinh(y)",
       [](const double* p) { return std::sin(M_PI * p[0]) * std::sinh(p[1]); }},
      {"hypot(x - 0.5, y - 0.5)",
       [](const double* p) { return std::hypot(p[0] - 0.5, p[1] - 0.5); }}};
  for (int dim : {1, 2}) {
    const auto x = random_points(50, dim);
    for (const auto& c : dim == 1 ? e1 : e2) {
      const Field f = Field::compile(c.first, dim);
      const Expression e = Expression::compile(c.first, dim);
      for (std::size_t i = 0; i < 50; ++i) {
        const double* p = x.data() + std::size_t(dim) * i;
        ASSERT_NEAR(f.value(p), c.second(p), 1e-15 * std::abs(c.second(p)) + 1e-300) << c.first;
        ASSERT_EQ(e.eval(p, dim), f.value(p)) << c.first;
      }
    }
  }
}

TEST(ExprField, ConstantsAndFolding) {
  const Field c = Field::compile("2*pi*k^2", 2, {{"k", 3.0}});
  EXPECT_TRUE(c.is_constant());
  const double p[2] = {0.3, 0.4};
  EXPECT_EQ(c.value(p), 2 * M_PI * 9.0);
  const Expression ref = Expression::compile("2*pi*k^2", 2, {Constant{"k", "3", 3.0}});
  EXPECT_EQ(c.value(p), ref.eval(p, 2));
  EXPECT_FALSE(Field::compile("x - x", 2).is_constant());
  EXPECT_FALSE(Field::compile("k*y", 2, {{"k", 1.0}}).is_constant());
  EXPECT_EQ(Field::compile("k*y", 2, {{"k", 2.0}}).value(p), 0.8);
  const Field f = Field::compile(" x*y ", 2);
  EXPECT_EQ(f.text(), " x*y ");
  EXPECT_EQ(f.dim(), 2);
  EXPECT_TRUE(Field().empty());
  EXPECT_FALSE(f.empty());
}

TEST(ExprField, PrecedenceAndBuiltIns) {
  const double p[1] = {0.0};
  auto v = [&](const char* t) { return Field::compile(t, 1).value(p); };
  EXPECT_EQ(v("-2^2"), -4.0);
  EXPECT_EQ(v("2^3^2"), 512.0);
  EXPECT_EQ(v("2^-1"), 0.5);
  EXPECT_EQ(v("2*-2^2"), -8.0);
  EXPECT_EQ(v("1-2-3"), -4.0);
  EXPECT_EQ(v("8/2/2"), 2.0);
  EXPECT_EQ(v("3>2>1"), 0.0);
  EXPECT_EQ(v("1||0&&0"), 1.0);
  EXPECT_EQ(v("0?2:0?3:4"), 4.0);
  EXPECT_EQ(v("1+1?5:6"), 5.0);
  EXPECT_EQ(v("rint(2.5)"), 3.0);
  EXPECT_EQ(v("rint(-2.5)"), -2.0);
  EXPECT_EQ(v("sign(0)"), 0.0);
  EXPECT_EQ(v("log(e)"), 1.0);
  EXPECT_EQ(v("dot([1, 2], [3, 4])"), 11.0);
  EXPECT_EQ(v("norm([3, 4])"), 5.0);
  EXPECT_EQ(v("dot(2*[1, 2, 3] - [1, 1, 1]/2, x < 1 ? [1, 0, 0] : [0, 1, 0])"), 1.5);
}

// The jet of f at p, with the gradient and Hessian also by central
// differences: of the value for the gradient, of the exact gradient for the
// Hessian.
void check_jet(const Field& f, const double* p, const std::string& what) {
  const int d = f.dim();
  std::vector<double> j(std::size_t(1 + d + d * d)), jp(j.size()), jm(j.size());
  f.jet(p, j.data());
  EXPECT_EQ(j[0], f.value(p)) << what;
  const double h = 1e-5;
  for (int a = 0; a < d; ++a) {
    std::vector<double> xp(p, p + d), xm(p, p + d);
    xp[std::size_t(a)] += h;
    xm[std::size_t(a)] -= h;
    const double fd = (f.value(xp.data()) - f.value(xm.data())) / (2 * h);
    // Central differences: truncation h^2 f''' / 6 and round-off
    // eps |f| / h, both below 1e-9 for these expressions on the cube.
    const double g = j[std::size_t(1 + a)];
    EXPECT_NEAR(g, fd, 2e-7 * (1.0 + std::abs(g))) << what << " d/dx" << a;
    f.jet(xp.data(), jp.data());
    f.jet(xm.data(), jm.data());
    for (int b = 0; b < d; ++b) {
      const double hfd = (jp[std::size_t(1 + b)] - jm[std::size_t(1 + b)]) / (2 * h);
      const double hx = j[std::size_t(1 + d + a * d + b)];
      EXPECT_NEAR(hx, hfd, 2e-6 * (1.0 + std::abs(hx))) << what << " H" << a << b;
      EXPECT_EQ(hx, j[std::size_t(1 + d + b * d + a)]) << what << " symmetric";
    }
  }
}

TEST(ExprField, JetsMatchFiniteDifferences) {
  const auto x = random_points(20, 3, 7);
  for (const auto& text : expressions()) {
    const Field f = Field::compile(text, 3);
    for (std::size_t i = 0; i < 20; ++i) {
      const double* p = x.data() + 3 * i;
      // Steps: skip points within the differencing step of a jump.
      bool near_jump = false;
      for (int a = 0; a < 3; ++a)
        for (double s : {-2e-5, 2e-5}) {
          double q[3] = {p[0], p[1], p[2]};
          q[a] += s;
          const double jump = std::abs(f.value(q) - f.value(p));
          near_jump = near_jump || jump > 1e-3;
        }
      if (near_jump) continue;
      check_jet(f, p, text + " at point " + std::to_string(i));
    }
  }
}

// Above three dimensions the coordinates are x1 .. xd: values equal the
// plain C++ arithmetic's, jets match differences (as above) in 6D.
TEST(ExprField, HighDimensionalCoordinates) {
  const std::string text = "sin(x1)*x2^2 + exp(0.3*x3*x4) - x5*cos(x6) + x1*x6";
  const Field f = Field::compile(text, 6);
  const Expression e = Expression::compile(text, 6);
  const auto x = random_points(10, 6, 11);
  for (std::size_t i = 0; i < 10; ++i) {
    const double* p = x.data() + 6 * i;
    const double r = std::sin(p[0]) * std::pow(p[1], 2.0) + std::exp(0.3 * p[2] * p[3]) -
                     p[4] * std::cos(p[5]) + p[0] * p[5];
    EXPECT_NEAR(f.value(p), r, 1e-15 * (1.0 + std::abs(r)));
    EXPECT_EQ(e.eval(p, 6), f.value(p));
    check_jet(f, p, "6D point " + std::to_string(i));
  }
  EXPECT_THROW(Field::compile("x + x1", 6), kanpde::solver::expr::ExpressionError);
  EXPECT_THROW(Expression::compile("y", 4), kanpde::solver::ExpressionError);
  EXPECT_THROW(Field::compile("x1", 3), kanpde::solver::expr::ExpressionError);
}

TEST(ExprField, PiecewiseDerivatives) {
  const double p[2] = {0.25, 0.5};
  double j[7];
  Field::compile("abs(x - 0.5)*y", 2).jet(p, j);
  EXPECT_EQ(j[1], -0.5);  // d/dx = sign(x - 0.5) y
  EXPECT_EQ(j[2], 0.25);
  Field::compile("floor(4*x)*y + sign(y)", 2).jet(p, j);
  EXPECT_EQ(j[1], 0.0);  // floor and sign are steps: derivative 0
  EXPECT_EQ(j[2], 1.0);
  Field::compile("x < 0.3 ? x^2 : y^2", 2).jet(p, j);
  EXPECT_EQ(j[1], 0.5);  // the branch taken
  EXPECT_EQ(j[3], 2.0);
  EXPECT_EQ(j[6], 0.0);
  Field::compile("max(x, y)", 2).jet(p, j);
  EXPECT_EQ(j[1], 0.0);
  EXPECT_EQ(j[2], 1.0);
  // x^2 at x = 0: the exponent does not vary, so no log(0) enters.
  const double o[2] = {0.0, 0.0};
  Field::compile("x^2 + 2^y", 2).jet(o, j);
  EXPECT_EQ(j[0], 1.0);
  EXPECT_EQ(j[1], 0.0);
  EXPECT_EQ(j[2], std::log(2.0));
  EXPECT_EQ(j[3], 2.0);
  EXPECT_EQ(j[6], std::log(2.0) * std::log(2.0));
}

TEST(ExprField, LaplacianJetsAreValueGradientAndTrace) {
  const auto x = random_points(30, 3, 5);
  for (const auto& text :
       {"sin(pi*x)*sin(pi*y)*sin(pi*z)", "x^2*y + y^2*z + z^2*x", "exp(-x*y)*z"}) {
    const Field f = Field::compile(text, 3);
    const auto lj = f.laplacian_jets(x);
    ASSERT_EQ(lj.size(), 30u * 5u);
    for (std::size_t i = 0; i < 30; ++i) {
      double j[13];
      f.jet(x.data() + 3 * i, j);
      for (int k = 0; k < 4; ++k) EXPECT_EQ(lj[5 * i + std::size_t(k)], j[k]) << text;
      EXPECT_NEAR(lj[5 * i + 4], j[4] + j[8] + j[12], 1e-15 * (1 + std::abs(j[4]))) << text;
    }
  }
  // A known Laplacian: sin(pi x) sin(pi y) in 2D has lap = -2 pi^2 u.
  const Field s = Field::compile("sin(pi*x)*sin(pi*y)", 2);
  const auto pts = random_points(10, 2, 3);
  const auto lj = s.laplacian_jets(pts);
  for (std::size_t i = 0; i < 10; ++i)
    EXPECT_NEAR(lj[4 * i + 3], -2 * M_PI * M_PI * lj[4 * i], 1e-12);
}

// Every function of the operations' table (Op.hpp), whatever it holds: a
// function added there has its value on the host equal to its device
// program's, its jets equal to central differences, and its symbolic
// derivatives equal to its jets (so a row without its partials in
// impl/Math.hpp or its derivative in Diff.cpp fails here).
TEST(ExprField, EveryFunctionOfTheTableHasItsDerivatives) {
  using namespace kanpde::solver::expr;
  const Scope scope = Scope::coordinates(2);
  int checked = 0;
  for (const OpInfo& o : kOps) {
    if (o.function[0] == '\0') continue;
    const std::string name = o.function;
    const std::string text = o.arity == 1 ? name + "(x)" : name + "(x, y)";
    const Field f = Field::compile(text, 2);
    const NodePtr tree = parse(text, scope).c[0];
    std::vector<NodePtr> outs{tree, diff(tree, 0), diff(tree, 1)};
    const Program sym = Program::compile(outs);
    const Program one = Program::compile({tree});
    const DeviceProgram<Kokkos::HostSpace> dev(one);
    int points = 0;
    for (const double a : {0.35, 0.62, 1.7, 2.4})
      for (const double b : {0.45, 0.8, 2.2}) {
        const double p[2] = {a, b};
        const double v = f.value(p);
        if (!std::isfinite(v)) continue;  // outside the function's domain
        double d = 0.0;
        dev(p, &d);
        EXPECT_EQ(d, v) << text;
        double j[7], s3[3];
        f.jet(p, j);
        std::vector<double> scratch;
        sym.eval(p, s3, scratch);
        for (int k = 0; k < 3; ++k)
          EXPECT_NEAR(s3[k], j[k], 1e-12 * (1.0 + std::abs(j[k]))) << text << " component " << k;
        bool near_jump = false;  // fmod(2.4, 0.8): differences straddle its jump
        for (int k = 0; k < 2; ++k)
          for (const double step : {-2e-5, 2e-5}) {
            double q[2] = {a, b};
            q[k] += step;
            near_jump = near_jump || std::abs(f.value(q) - v) > 1e-3;
          }
        if (o.step) {
          for (int k = 1; k < 7; ++k) EXPECT_EQ(j[k], 0.0) << text;
        } else if (!near_jump) {
          check_jet(f, p, text + " at (" + std::to_string(a) + ", " + std::to_string(b) + ")");
          EXPECT_TRUE(j[1] != 0.0 || j[2] != 0.0) << text << ": no derivative";
        }
        ++points;
      }
    EXPECT_GT(points, 0) << text << " is finite nowhere tried";
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

}  // namespace
