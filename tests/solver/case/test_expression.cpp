// Expressions: values, constants, functions, batch evaluation, and errors that
// name the problem and its position.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "solver/case/Expression.hpp"

using kanpde::solver::Constant;
using kanpde::solver::Expression;
using kanpde::solver::ExpressionError;

TEST(CaseExpression, EvaluatesWithVariablesAndConstants) {
  const std::vector<Constant> c = {{"k", "2", 2.0}, {"a", "k*pi", 2.0 * M_PI}};
  const auto e = Expression::compile("sin(a*x) + k*y^2 + e", 2, c);
  const double p[2] = {0.3, -0.7};
  EXPECT_DOUBLE_EQ(e.eval(p, 2), std::sin(2 * M_PI * 0.3) + 2 * 0.49 + M_E);
  EXPECT_FALSE(e.is_constant());
  EXPECT_EQ(e.text(), "sin(a*x) + k*y^2 + e");
  // A 3D point evaluates a 2D expression (extra coordinates are ignored).
  const double q[3] = {0.3, -0.7, 5.0};
  EXPECT_DOUBLE_EQ(e.eval(q, 3), e.eval(p, 2));
}

TEST(CaseExpression, FunctionsOfTheLibrary) {
  const double p[3] = {0.5, -2.0, 3.0};
  auto ev = [&](const char* text) { return Expression::compile(text, 3).eval(p, 3); };
  EXPECT_DOUBLE_EQ(ev("pow(x, 3)"), 0.125);
  EXPECT_DOUBLE_EQ(ev("atan2(y, x)"), std::atan2(-2.0, 0.5));
  EXPECT_DOUBLE_EQ(ev("hypot(y, z)"), std::hypot(-2.0, 3.0));
  EXPECT_DOUBLE_EQ(ev("fmod(z, 2)"), 1.0);
  EXPECT_DOUBLE_EQ(ev("abs(y) + sqrt(z*z) + exp(0) + log(e)"), 2.0 + 3.0 + 1.0 + 1.0);
  EXPECT_DOUBLE_EQ(ev("floor(y/3) + ceil(x)"), -1.0 + 1.0);
  EXPECT_DOUBLE_EQ(ev("y < 0 ? 10 : 20"), 10.0);
  EXPECT_DOUBLE_EQ(ev("tanh(0) + cosh(0) + sinh(0) + erf(0)"), 1.0);
  EXPECT_DOUBLE_EQ(ev("cbrt(-8)"), -2.0);
}

TEST(CaseExpression, ConstantExpressions) {
  const auto e = Expression::compile("2*pi", 0);
  EXPECT_TRUE(e.is_constant());
  EXPECT_DOUBLE_EQ(e.eval(), 2 * M_PI);
  const auto f = Expression::compile("3", 2);
  EXPECT_TRUE(f.is_constant());
  EXPECT_TRUE(f.variables().empty());
  const auto g = Expression::compile("x*z", 3);
  EXPECT_EQ(g.variables().size(), 2u);
}

TEST(CaseExpression, BatchEvaluationMatchesPointwise) {
  const auto e = Expression::compile("x*y + sin(x)", 2);
  std::vector<double> pts;
  for (int i = 0; i < 50; ++i) {
    pts.push_back(0.1 * i);
    pts.push_back(-0.05 * i);
  }
  const auto v = e.eval_many(pts, 2);
  ASSERT_EQ(v.size(), 50u);
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(v[i], e.eval(&pts[2 * i], 2));
}

TEST(CaseExpression, ErrorsNameTheProblemAndItsPosition) {
  auto error = [](const char* text, int dim) -> std::pair<int, std::string> {
    try {
      Expression::compile(text, dim);
    } catch (const ExpressionError& e) {
      return {e.pos(), e.what()};
    }
    return {-2, ""};
  };
  auto e1 = error("sin(pi*w)", 2);
  EXPECT_EQ(e1.first, 7);
  EXPECT_NE(e1.second.find("unknown variable \"w\""), std::string::npos) << e1.second;
  auto e2 = error("x + z", 2);
  EXPECT_EQ(e2.first, 4);
  EXPECT_NE(e2.second.find("2-dimensional case has x and y"), std::string::npos) << e2.second;
  auto e3 = error("coss(x)", 1);
  EXPECT_EQ(e3.first, 0);
  EXPECT_NE(e3.second.find("unknown function \"coss\""), std::string::npos) << e3.second;
  EXPECT_NE(e3.second.find("did you mean \"cos\""), std::string::npos) << e3.second;
  auto e4 = error("(x + 1", 1);
  EXPECT_EQ(e4.first, 6);  // the end, where ")" was expected
  EXPECT_NE(e4.second.find("expected \")\" closing the \"(\" at character 1"), std::string::npos)
      << e4.second;
  auto e5 = error("  ", 1);
  EXPECT_EQ(e5.first, -1);
  EXPECT_NE(e5.second.find("empty"), std::string::npos);
  auto e7 = error("x1 + x7", 6);
  EXPECT_EQ(e7.first, 5);
  EXPECT_NE(e7.second.find("6-dimensional case has x1 .. x6"), std::string::npos) << e7.second;
  auto e8 = error("x1", 2);
  EXPECT_NE(e8.second.find("2-dimensional case has x and y"), std::string::npos) << e8.second;
  auto e6 = error("x", 0);
  EXPECT_NE(e6.second.find("constant expression uses no coordinates"), std::string::npos)
      << e6.second;
}

// The syntax errors of the grammar, each at the offending token.
TEST(CaseExpression, SyntaxErrorsPointAtTheToken) {
  auto error = [](const char* text, int dim) -> std::pair<int, std::string> {
    try {
      Expression::compile(text, dim, {Constant{"k", "2", 2.0}});
    } catch (const ExpressionError& e) {
      return {e.pos(), e.what()};
    }
    return {-2, ""};
  };
  const struct {
    const char* text;
    int dim, pos;
    const char* fragment;
  } cases[] = {
      {"x + ", 1, 4, "expected a number, a name, \"(\" or \"[\", found the end"},
      {"x * * y", 2, 4, "found \"*\""},
      {"sin(x", 1, 5, "closing the arguments of sin("},
      {"x + 1)", 1, 5, "a \")\" without its \"(\""},
      {"x # 2", 1, 2, "unexpected character \"#\""},
      {"x = 1", 1, 2, "(did you mean \"==\"?)"},
      {"2 x", 1, 2, "expected an operator or the end of the expression, found \"x\""},
      {"atan2(y)", 2, 0, "atan2() takes 2 arguments, found 1"},
      {"sin(x, y)", 2, 0, "sin() takes 1 argument, found 2"},
      {"min()", 1, 0, "min() takes at least 1 argument, found 0"},
      {"k(x)", 1, 0, "\"k\" is not a function"},
      {"sin + 1", 1, 0, "\"sin\" is a function: write sin(...)"},
      {"x < 1 ? 2", 1, 9, "expected \":\" of \"c ? a : b\""},
      {"1e+", 0, 1, "expected the digits of the exponent"},
      {"[x, y]", 2, 0, "expected a scalar expression, found a 2-vector"},
      {"[x, y] + 1", 2, 9, "cannot add a scalar to a 2-vector"},
      {"dot([x, y], [x, y, 1])", 2, 0, "dot(V, W): expected two vectors of one size"},
  };
  for (const auto& c : cases) {
    const auto e = error(c.text, c.dim);
    EXPECT_EQ(e.first, c.pos) << c.text << ": " << e.second;
    EXPECT_NE(e.second.find(c.fragment), std::string::npos) << c.text << ": " << e.second;
    EXPECT_NE(e.second.find(std::string("in \"") + c.text + "\""), std::string::npos) << e.second;
  }
  // A case constant may not take a function's or a built-in constant's name.
  EXPECT_THROW(Expression::compile("x", 1, {Constant{"dot", "1", 1.0}}), ExpressionError);
  EXPECT_THROW(Expression::compile("x", 1, {Constant{"pi", "1", 1.0}}), ExpressionError);
  const auto& reserved = Expression::reserved_names();
  for (const char* n : {"x", "pi", "e", "_pi", "_e", "sin", "ln", "sum", "avg", "dot", "norm"})
    EXPECT_NE(std::find(reserved.begin(), reserved.end(), n), reserved.end()) << n;
}

// Every function, constant and operator of the case language, against the
// same arithmetic in plain C++ (bit for bit: the same operations in the same
// order).
TEST(CaseExpression, EveryBuiltInAgainstPlainCpp) {
  // volatile: the compiler would fold the library calls below with its own
  // (correctly rounded) arithmetic, not the C library's the program calls.
  volatile double vp[3] = {0.37, -1.25, 2.5};
  const double p[3] = {vp[0], vp[1], vp[2]};
  const double x = p[0], y = p[1], z = p[2];
  auto ev = [&](const char* text) { return Expression::compile(text, 3).eval(p, 3); };
  EXPECT_EQ(ev("_pi + _e"), M_PI + M_E);
  EXPECT_EQ(ev("pi*e"), M_PI * M_E);
  EXPECT_EQ(ev("sum(x)"), x);
  EXPECT_EQ(ev("sum(x, y, z, 1)"), x + y + z + 1.0);
  EXPECT_EQ(ev("avg(x, y, z, 1, 2)"), (x + y + z + 1.0 + 2.0) / 5.0);
  EXPECT_EQ(ev("min(z, x, y, 3)"), y);
  EXPECT_EQ(ev("max(y, x, 0.1, z, 2)"), z);
  EXPECT_EQ(ev("min(x)"), x);
  EXPECT_EQ(ev("rint(2.5) + rint(-2.5) + rint(-2.6) + rint(x)"), 3.0 - 2.0 - 3.0 + 0.0);
  EXPECT_EQ(ev("erf(x) - erfc(y)"), std::erf(x) - std::erfc(y));
  EXPECT_EQ(ev("sign(y) + 2*sign(x) + 4*sign(0)"), -1.0 + 2.0);
  EXPECT_EQ(ev("ln(z) + log(z)"), std::log(z) + std::log(z));
  EXPECT_EQ(ev("log2(z) - log10(x)"), std::log2(z) - std::log10(x));
  EXPECT_EQ(ev("cbrt(y)"), std::cbrt(y));
  EXPECT_EQ(ev("asin(x) + acos(x) + atan(y)"), std::asin(x) + std::acos(x) + std::atan(y));
  EXPECT_EQ(ev("sinh(y) + cosh(y) + tanh(y)"), std::sinh(y) + std::cosh(y) + std::tanh(y));
  EXPECT_EQ(ev("asinh(y) + acosh(z) + atanh(x)"), std::asinh(y) + std::acosh(z) + std::atanh(x));
  EXPECT_EQ(ev("atan2(y, x) + hypot(x, y) + fmod(z, x) + fmod(y, x)"),
            std::atan2(y, x) + std::hypot(x, y) + std::fmod(z, x) + std::fmod(y, x));
  EXPECT_EQ(ev("pow(z, x) + z^x + abs(y) + floor(y) + ceil(y) + sqrt(z) + exp(y)"),
            std::pow(z, x) + std::pow(z, x) + 1.25 + std::floor(y) + std::ceil(y) + std::sqrt(z) +
                std::exp(y));
  EXPECT_EQ(ev("(x < y) + 2*(x <= x) + 4*(y > x) + 8*(z >= z) + 16*(x == x) + 32*(x != y)"),
            1.0 * 0 + 2.0 * 1 + 4.0 * 0 + 8.0 * 1 + 16.0 * 1 + 32.0 * 1);
  EXPECT_EQ(ev("(x > 0 && y > 0) + 2*(x > 0 || y > 0) + 4*(0 || 0) + 8*(2 && -1)"), 2.0 + 8.0);
  EXPECT_EQ(ev("y < 0 ? x : z"), x);
  EXPECT_EQ(ev("y > 0 ? x : x > 1 ? y : z"), z);  // right-associative
  EXPECT_EQ(ev("-z^2"), -std::pow(z, 2.0));       // the power binds tighter
  EXPECT_EQ(ev("2^3^2 + 2^-1"), 512.5);           // right-associative
  EXPECT_EQ(ev("1 + 2 < 3 == 0"), 1.0);           // + before <, < before ==, left to right
  EXPECT_EQ(ev("1 || 0 && 0"), 1.0);              // && before ||
  EXPECT_EQ(ev("-x*+y - -z"), -x * +y - -z);
  EXPECT_EQ(ev("1.5e-1 + .25 + 2. + 3E2"), 0.15 + 0.25 + 2.0 + 300.0);
  EXPECT_EQ(ev("dot([x, y], [1, 2]) + norm([3, 4])"), x * 1.0 + y * 2.0 + 5.0);
}

TEST(CaseExpression, VariablesInCoordinateOrder) {
  EXPECT_EQ(Expression::compile("z + x", 3).variables(), (std::vector<std::string>{"x", "z"}));
  EXPECT_EQ(Expression::compile("x10 + x2*x1", 12).variables(),
            (std::vector<std::string>{"x1", "x2", "x10"}));
  const auto k = Expression::compile("k*x - k*x", 1, {Constant{"k", "2", 2.0}});
  EXPECT_FALSE(k.is_constant());  // x appears, whatever the value
  EXPECT_TRUE(Expression::compile("k*pi", 2, {Constant{"k", "2", 2.0}}).is_constant());
}

TEST(CaseExpression, CopiesShareTheCompiledForm) {
  const auto e = Expression::compile("x + 1", 1);
  const Expression copy = e;
  const double p = 2.0;
  EXPECT_EQ(copy.eval(&p, 1), 3.0);
  EXPECT_TRUE(copy == e);
  EXPECT_TRUE(Expression() == Expression());
  EXPECT_FALSE(Expression() == e);
}
