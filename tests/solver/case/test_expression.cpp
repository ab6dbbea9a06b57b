// Expressions: values, constants, functions, batch evaluation, and errors that
// name the problem and its position.
#include <gtest/gtest.h>

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
  EXPECT_NE(e4.second.find("missing parenthesis"), std::string::npos) << e4.second;
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

TEST(CaseExpression, CopiesShareTheCompiledForm) {
  const auto e = Expression::compile("x + 1", 1);
  const Expression copy = e;
  const double p = 2.0;
  EXPECT_EQ(copy.eval(&p, 1), 3.0);
  EXPECT_TRUE(copy == e);
  EXPECT_TRUE(Expression() == Expression());
  EXPECT_FALSE(Expression() == e);
}
