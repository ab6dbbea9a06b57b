// The parser: error positions and messages, vectors and their types,
// equations.
#include <gtest/gtest.h>

#include <cmath>

#include "solver/expr/Field.hpp"
#include "solver/expr/Parse.hpp"

namespace {

using kanpde::solver::expr::ExpressionError;
using kanpde::solver::expr::Field;
using kanpde::solver::expr::parse;
using kanpde::solver::expr::parse_equation;
using kanpde::solver::expr::Scope;

struct Bad {
  const char* text;
  int dim;
  int pos;
  const char* message;  // a part of the message
};

TEST(ExprParse, ErrorsCarryPositionAndWhatWasExpected) {
  const Bad bad[] = {
      {"x + * y", 2, 4, "expected a number, a name, \"(\" or \"[\", found \"*\""},
      {"sin(x", 2, 5, "expected \",\" or \")\" closing the arguments of sin(, found the end"},
      {"(x + y", 2, 6, "expected \")\" closing the \"(\" at character 1"},
      {"x + y)", 2, 5, "a \")\" without its \"(\""},
      {"sinn(x)", 2, 0, "unknown function \"sinn\" in \"sinn(x)\" (did you mean \"sin\"?)"},
      {"x + alpah", 2, 4, "unknown variable \"alpah\" in \"x + alpah\" (did you mean \"alpha\"?)"},
      {"x + q", 2, 4, "(known names: x, y, pi, e, alpha)"},
      {"x + z", 2, 4, "unknown variable \"z\" in \"x + z\" (a 2-dimensional case has x and y)"},
      {"y", 1, 0, "(a 1-dimensional case has only x)"},
      {"x1 + z", 5, 5, "unknown variable \"z\" in \"x1 + z\" (a 5-dimensional case has x1 .. x5)"},
      {"x4", 3, 0, "(a 3-dimensional case has x, y and z)"},
      {"x", 0, 0, "(a constant expression uses no coordinates)"},
      {"2x", 2, 1, "expected an operator or the end of the expression, found \"x\""},
      {"x = 1", 2, 2, "\"=\" is not an operator of an expression (did you mean \"==\"?)"},
      {"1e+", 2, 1, "expected the digits of the exponent"},
      {"1e400*x", 2, 0, "the number 1e400 is out of range"},
      {"x # y", 2, 2, "unexpected character \"#\""},
      {"", 2, -1, "the expression is empty"},
      {"   ", 2, -1, "the expression is empty"},
      {"min()", 2, 0, "min() takes at least 1 argument, found 0"},
      {"atan2(x)", 2, 0, "atan2() takes 2 arguments, found 1"},
      {"x > 0 ? 1", 2, 9, "expected \":\" of \"c ? a : b\", found the end"},
      {"sin", 2, 0, "\"sin\" is a function: write sin(...)"},
      {"x(2)", 2, 0, "\"x\" is not a function"},
      {"1, 2", 2, 1, "a \",\" outside a function call or vector"},
      {"[x, y]", 2, 0, "expected a scalar expression, found a 2-vector"},
      {"sin([x, y])", 2, 4, "sin(): expected a scalar, found a 2-vector"},
      {"[x, y] + 1", 2, 9, "\"+\": cannot add a scalar to a 2-vector"},
      {"[x, y]*[1, 2]", 2, 7, "write dot(V, W)"},
      {"1/[x, y]", 2, 2, "expected a scalar divisor"},
      {"[x]", 2, 0, "a vector has 2 or 3 components, found 1"},
      {"[x, y, x, y]", 2, 0, "a vector has 2 or 3 components, found 4"},
      {"[[x, y], y]", 2, 1, "a vector's component: expected a scalar"},
      {"dot([x, y], [x, y, 1])", 2, 0, "dot(V, W): expected two vectors of one size"},
      {"[x, y] < 1", 2, 0, "\"<\": expected a scalar on the left"},
      {"x > 0 ? [x, y] : 1", 2, 17, "the two branches of \"c ? a : b\" differ"},
      {"x^[1, 2]", 2, 2, "\"^\": expected a scalar on the right"},
  };
  for (const auto& b : bad) {
    try {
      Field::compile(b.text, b.dim, {{"alpha", 1.0}});
      ADD_FAILURE() << "\"" << b.text << "\" compiled";
    } catch (const ExpressionError& e) {
      EXPECT_EQ(e.pos(), b.pos) << b.text << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos)
          << b.text << ": " << e.what();
      EXPECT_EQ(e.exit_status(), 2);
    }
  }
}

TEST(ExprParse, ReservedAndRepeatedNamesAreRejected) {
  EXPECT_THROW(Field::compile("x", 2, {{"sin", 1.0}}), kanpde::InputError);
  EXPECT_THROW(Field::compile("x", 2, {{"pi", 1.0}}), kanpde::InputError);
  EXPECT_THROW(Field::compile("x", 2, {{"x", 1.0}}), kanpde::InputError);
  EXPECT_THROW(Field::compile("x", 2, {{"k", 1.0}, {"k", 2.0}}), kanpde::InputError);
  EXPECT_THROW(Field::compile("x", 2, {{"2k", 1.0}}), kanpde::InputError);
}

TEST(ExprParse, VectorsLowerToComponents) {
  const Scope s = Scope::coordinates(3);
  const auto v = parse("2*[x, y, z] - [1, 1, 1]", s);
  ASSERT_EQ(v.size(), 3);
  const double p[3] = {0.5, 1.5, 2.5};
  EXPECT_EQ(kanpde::solver::expr::evaluate(v.c[0], p), 0.0);
  EXPECT_EQ(kanpde::solver::expr::evaluate(v.c[2], p), 4.0);
  const auto w = parse("x > 1 ? [x, y] : [y, x]/2", s);
  ASSERT_EQ(w.size(), 2);
  EXPECT_EQ(kanpde::solver::expr::evaluate(w.c[0], p), 0.75);
}

TEST(ExprParse, Equations) {
  const Scope s = Scope::coordinates(2);
  int eq = -1;
  const auto [l, r] = parse_equation("x*y == 1 ? 2 : 3 = sin(x)", s, &eq);
  EXPECT_EQ(eq, 17);
  const double p[2] = {0.5, 2.0};
  EXPECT_EQ(kanpde::solver::expr::evaluate(l.c[0], p), 2.0);
  EXPECT_EQ(kanpde::solver::expr::evaluate(r.c[0], p), std::sin(0.5));
  auto pos_of = [&](const char* text) {
    try {
      parse_equation(text, s);
    } catch (const ExpressionError& e) {
      return e.pos();
    }
    return -2;
  };
  EXPECT_EQ(pos_of("x + y"), 5);
  EXPECT_EQ(pos_of("x = "), 4);
  EXPECT_EQ(pos_of("x = y = 1"), 6);
  EXPECT_EQ(pos_of("[x, y] = 1"), 0);
  EXPECT_EQ(pos_of("x == y"), 6);
}

TEST(ExprParse, HookedCallsAndSymbols) {
  Scope s = Scope::coordinates(2);
  s.add("u", {kanpde::solver::expr::variable(5)});
  s.hook.names = {"twice"};
  s.hook.call = [](const std::string&, const std::vector<kanpde::solver::expr::Value>& args, int,
                   kanpde::solver::expr::Value& out) {
    out.c = {kanpde::solver::expr::mul(kanpde::solver::expr::constant(2.0), args[0].c[0])};
    return true;
  };
  const auto v = parse("twice(u) + x", s);
  const double slots[6] = {1.0, 0.0, 0.0, 0.0, 0.0, 3.0};
  EXPECT_EQ(kanpde::solver::expr::evaluate(v.c[0], slots), 7.0);
  try {
    parse("twic(u)", s);
    ADD_FAILURE();
  } catch (const ExpressionError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"twice\""), std::string::npos) << e.what();
  }
}

}  // namespace
