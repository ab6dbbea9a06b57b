// Symbolic derivatives against the forward-mode jets (two independent
// computations of the same derivatives) and a compiled program against the
// tree it came from.
#include <gtest/gtest.h>

#include <cmath>

#include "Cases.hpp"
#include "solver/expr/Diff.hpp"
#include "solver/expr/Parse.hpp"
#include "solver/expr/Program.hpp"

namespace {

using namespace kanpde::solver::expr;
using kanpde::solver::expr::test::expressions;
using kanpde::solver::expr::test::random_points;

TEST(ExprDiff, SymbolicDerivativesEqualForwardJets) {
  const Scope s = Scope::coordinates(3);
  const auto x = random_points(25, 3, 11);
  for (const auto& text : expressions()) {
    const NodePtr f = parse(text, s).c[0];
    std::vector<NodePtr> outs{f};
    for (int a = 0; a < 3; ++a) outs.push_back(diff(f, a));
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) outs.push_back(diff(outs[std::size_t(1 + a)], b));
    const Program sym = Program::compile(outs);
    const Program fwd = Program::compile({f});
    std::vector<double> scratch, v(13), j(13);
    for (std::size_t i = 0; i < 25; ++i) {
      const double* p = x.data() + 3 * i;
      sym.eval(p, v.data(), scratch);
      fwd.eval_jets(p, 3, j.data(), scratch);
      for (std::size_t k = 0; k < 13; ++k) {
        if (std::isnan(j[k])) continue;  // a jump's far side: both formulas may disagree
        // Same derivative through differently ordered operations.
        EXPECT_NEAR(v[k], j[k], 1e-12 * (1.0 + std::abs(j[k]))) << text << " component " << k;
      }
    }
  }
}

TEST(ExprDiff, ProgramEqualsTreeEvaluation) {
  const Scope s = Scope::coordinates(3);
  const auto x = random_points(10, 3, 2);
  for (const auto& text : expressions()) {
    const NodePtr f = parse(text, s).c[0];
    const NodePtr g = diff(f, 0);
    const Program prog = Program::compile({f, g});
    std::vector<double> scratch, out(2);
    for (std::size_t i = 0; i < 10; ++i) {
      const double* p = x.data() + 3 * i;
      prog.eval(p, out.data(), scratch);
      EXPECT_EQ(out[0], evaluate(f, p)) << text;
      EXPECT_EQ(out[1], evaluate(g, p)) << text;
    }
  }
}

TEST(ExprDiff, SimplifiesAndShares) {
  const Scope s = Scope::coordinates(2);
  const NodePtr f = parse("x^2*y", s).c[0];
  EXPECT_EQ(to_string(diff(f, 1), {"x", "y"}), "(x ^ 2)");
  EXPECT_TRUE(diff(parse("sin(y)", s).c[0], 0)->is_const(0.0));
  EXPECT_TRUE(diff(parse("floor(x)", s).c[0], 0)->is_const(0.0));
  // The common sub-expression sin(x*y) is computed once.
  const NodePtr g = parse("sin(x*y)*cos(x*y) + sin(x*y)", s).c[0];
  const Program p = Program::compile({g, diff(g, 0)});
  int sines = 0;
  for (const auto& in : p.code()) sines += in.op == Op::Sin;
  EXPECT_EQ(sines, 1);
}

TEST(ExprDiff, TotalDerivativeChainsThroughSlots) {
  // u in slot 2 with du/dx in slot 3: d/dx (x u^2) = u^2 + 2 x u u_x.
  Scope s = Scope::coordinates(2);
  s.add("u", {variable(2)});
  const NodePtr f = parse("x*u^2", s).c[0];
  const NodePtr d = total_derivative(f, [](int slot) -> NodePtr {
    if (slot == 0) return constant(1.0);
    if (slot == 2) return variable(3);
    return nullptr;
  });
  const double v[4] = {0.5, 0.0, 3.0, 7.0};
  EXPECT_DOUBLE_EQ(evaluate(d, v), 9.0 + 2 * 0.5 * 3.0 * 7.0);
}

}  // namespace
