// Unknown fields in equations (issue 16): the program's inputs and outputs
// for a field a (value and first derivatives after the unknown scalars), the
// residual and every partial against a hand-written formula and central
// differences, field-only equations (regularisation terms), the jet mode and
// the located errors.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "solver/expr/Equation.hpp"

namespace {

using namespace kanpde::solver::expr;

EquationOptions options() {
  EquationOptions o;
  o.dim = 2;
  o.coefficients.push_back(Coefficient::compile("f", "sin(x) + y", 2));
  auto k = std::make_shared<UnknownValues>();
  k->names = {"k"};
  k->values = {0.5};
  o.unknowns = k;
  o.fields = {"a"};
  return o;
}

TEST(ExprEquationFields, DivergenceFormReadsTheFieldAndItsGradient) {
  const Equation e = Equation::compile("-div(a*grad(u)) + k*a^2*u = f", options());
  EXPECT_EQ(e.mode(), JetMode::laplacian);  // a lap u + grad a . grad u
  EXPECT_EQ(e.num_fields(), 1);
  ASSERT_EQ(e.num_field_inputs(), 3);
  EXPECT_TRUE(e.flux_terms().empty());  // a field is no tabulated flux coefficient
  // Inputs [u, u_x, u_y, lap u, (aux: x, y, f, ..), k, a, da/dx, da/dy].
  const std::vector<std::string> names = e.input_names();
  ASSERT_EQ(static_cast<int>(names.size()), e.num_inputs());
  EXPECT_EQ(names[names.size() - 3], "a");
  EXPECT_EQ(names[names.size() - 2], "da/dx");
  EXPECT_EQ(names[names.size() - 1], "da/dy");
  EXPECT_EQ(names[names.size() - 4], "k");
  const int nc = e.jet_size(), na = e.num_aux();
  std::vector<double> in(std::size_t(e.num_inputs()));
  const double u[4] = {0.3, -0.7, 1.1, 2.5}, x = 0.2, y = -0.4;
  for (int c = 0; c < 4; ++c) in[std::size_t(c)] = u[c];
  const std::vector<double> aux = e.tabulate({x, y});
  ASSERT_EQ(static_cast<int>(aux.size()), na);
  for (int i = 0; i < na; ++i) in[std::size_t(nc + i)] = aux[std::size_t(i)];
  const double k = 0.5, a = 1.3, ax = -0.6, ay = 0.9;
  in[std::size_t(nc + na)] = k;
  in[std::size_t(nc + na + 1)] = a;
  in[std::size_t(nc + na + 2)] = ax;
  in[std::size_t(nc + na + 3)] = ay;
  // Outputs [r, dr/djet (4), dr/dk, dr/da, dr/da_x, dr/da_y].
  std::vector<double> out(1 + 4 + 1 + 3);
  e.eval(in.data(), out.data());
  const double f = std::sin(x) + y;
  const double r = -(a * u[3] + ax * u[1] + ay * u[2]) + k * a * a * u[0] - f;
  EXPECT_NEAR(out[0], r, 1e-14);
  EXPECT_NEAR(out[1], k * a * a, 1e-14);                 // dr/du
  EXPECT_NEAR(out[4], -a, 1e-14);                        // dr/dlap u
  EXPECT_NEAR(out[5], a * a * u[0], 1e-14);              // dr/dk
  EXPECT_NEAR(out[6], -u[3] + 2 * k * a * u[0], 1e-14);  // dr/da
  EXPECT_NEAR(out[7], -u[1], 1e-14);                     // dr/da_x
  EXPECT_NEAR(out[8], -u[2], 1e-14);                     // dr/da_y
  // Every partial against central differences (h = 1e-6, r is a polynomial
  // of degree 3 in the inputs: truncation ~1e-12, round-off ~1e-10).
  const int ins[] = {0, 1, 2, 3, nc + na, nc + na + 1, nc + na + 2, nc + na + 3};
  const int outs[] = {1, 2, 3, 4, 5, 6, 7, 8};
  for (int q = 0; q < 8; ++q) {
    std::vector<double> ip = in, im = in, op(out.size()), om(out.size());
    const double h = 1e-6;
    ip[std::size_t(ins[q])] += h;
    im[std::size_t(ins[q])] -= h;
    e.eval(ip.data(), op.data());
    e.eval(im.data(), om.data());
    EXPECT_NEAR(out[std::size_t(outs[q])], (op[0] - om[0]) / (2 * h), 1e-8) << q;
  }
  // In Hessian jets the field inputs move with the rest.
  const Equation h = e.with_mode(JetMode::hessian);
  EXPECT_EQ(h.num_inputs(), e.num_inputs() + 2);
  EXPECT_EQ(h.input_names().back(), "da/dy");
}

TEST(ExprEquationFields, RegularisationTermsReadTheFieldOnly) {
  const Equation g = Equation::compile("dy(a) = 0", options());
  EXPECT_FALSE(g.uses_u());
  const Equation v = Equation::compile("a = 1", options());
  EXPECT_FALSE(v.uses_u());
  EXPECT_TRUE(Equation::compile("-lap(u) = a", options()).uses_u());
  std::vector<double> in(std::size_t(g.num_inputs()), 0.0), out(9);
  in.back() = 0.25;  // da/dy
  g.eval(in.data(), out.data());
  EXPECT_EQ(out[0], 0.25);
  EXPECT_EQ(out[8], 1.0);
}

TEST(ExprEquationFields, ErrorsAtTheirPosition) {
  struct Bad {
    const char* text;
    int pos;
    const char* message;
  };
  const Bad bad[] = {
      {"-lap(u) + lap(a)*u = f", 10, "a second derivative of the unknown field \"a\""},
      {"-lap(u) + dx(dy(a)) = f", 10, "a second derivative of the unknown field \"a\""},
      {"x = 1", -1, "does not involve u or an unknown field"},
  };
  for (const auto& b : bad) {
    try {
      Equation::compile(b.text, options());
      ADD_FAILURE() << "\"" << b.text << "\" compiled";
    } catch (const ExpressionError& e) {
      EXPECT_EQ(e.pos(), b.pos) << b.text << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos)
          << b.text << ": " << e.what();
    }
  }
}

}  // namespace
