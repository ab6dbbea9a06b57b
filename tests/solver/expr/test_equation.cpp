// Equations: the residual against hand-written formulas and against finite
// differences of independently written flux fields, its partials in the jet
// components against finite differences, the jet mode, the device program
// against the host, and the errors.
#include <gtest/gtest.h>

#include <Kokkos_Core.hpp>

#include <cmath>

#include "Cases.hpp"
#include "solver/expr/DeviceProgram.hpp"
#include "solver/expr/Equation.hpp"

namespace {

using namespace kanpde::solver::expr;
using kanpde::solver::expr::test::random_points;

EquationOptions options(int dim, std::vector<std::pair<std::string, std::string>> coefs = {},
                        std::vector<std::pair<std::string, double>> constants = {},
                        bool boundary = false) {
  EquationOptions o;
  o.dim = dim;
  o.constants = constants;
  o.boundary = boundary;
  for (const auto& c : coefs)
    o.coefficients.push_back(Coefficient::compile(c.first, c.second, dim, constants));
  return o;
}

// The inputs [jet, aux] at point p of xs, with u's jets from the field u
// (its exact value, gradient and Hessian).
std::vector<double> inputs_at(const Equation& e, const Field& u, const std::vector<double>& xs,
                              std::size_t p, const std::vector<double>& normals = {}) {
  const int d = e.dim();
  std::vector<double> x(xs.begin() + std::ptrdiff_t(p) * d, xs.begin() + std::ptrdiff_t(p + 1) * d);
  std::vector<double> nn;
  if (!normals.empty())
    nn.assign(normals.begin() + std::ptrdiff_t(p) * d, normals.begin() + std::ptrdiff_t(p + 1) * d);
  std::vector<double> j(std::size_t(1 + d + d * d));
  u.jet(x.data(), j.data());
  std::vector<double> in;
  for (int c = 0; c <= d; ++c) in.push_back(j[std::size_t(c)]);
  if (e.mode() == JetMode::laplacian) {
    double lap = 0.0;
    for (int a = 0; a < d; ++a) lap += j[std::size_t(1 + d + a * d + a)];
    in.push_back(lap);
  } else {
    for (int a = 0; a < d; ++a)
      for (int b = a; b < d; ++b) in.push_back(j[std::size_t(1 + d + a * d + b)]);
  }
  const auto aux = e.tabulate(x, nn);
  in.insert(in.end(), aux.begin(), aux.end());
  return in;
}

double residual(const Equation& e, const std::vector<double>& in) {
  std::vector<double> out(std::size_t(1 + e.jet_size()));
  e.eval(in.data(), out.data());
  return out[0];
}

TEST(ExprEquation, AdvectionDiffusionReactionAgainstItsFormula) {
  const auto o = options(2, {{"a", "1 + x^2*y"}, {"b", "[1, 0.5]"}, {"f", "sin(x)"}});
  const Equation e = Equation::compile("-div(a*grad(u)) + dot(b, grad(u)) + sinh(u) = f", o);
  EXPECT_EQ(e.mode(), JetMode::laplacian);
  EXPECT_EQ(e.jet_size(), 4);
  EXPECT_FALSE(e.linear());
  const Field u = Field::compile("x*y + sin(x)*cos(2*y)", 2);
  const auto xs = random_points(20, 2);
  for (std::size_t p = 0; p < 20; ++p) {
    const double x = xs[2 * p], y = xs[2 * p + 1];
    const auto in = inputs_at(e, u, xs, p);
    const double a = 1 + x * x * y, ax = 2 * x * y, ay = x * x;
    const double ref = -(a * in[3] + ax * in[1] + ay * in[2]) + in[1] + 0.5 * in[2] +
                       std::sinh(in[0]) - std::sin(x);
    EXPECT_NEAR(residual(e, in), ref, 1e-13 * (1 + std::abs(ref)));
  }
}

// -div(F(u, grad u)) with F written out as fields of x for a known u, so the
// divergence by central differences is an independent reference for the
// compiler's total derivatives.
void check_divergence(const std::string& equation, const std::string& u_text,
                      const std::vector<std::string>& flux, JetMode mode) {
  const int d = static_cast<int>(flux.size());
  const Equation e = Equation::compile(equation, options(d));
  EXPECT_EQ(e.mode(), mode) << equation;
  const Field u = Field::compile(u_text, d);
  std::vector<Field> F;
  for (const auto& t : flux) F.push_back(Field::compile(t, d));
  const auto xs = random_points(15, d, 9);
  const double h = 1e-5;
  for (std::size_t p = 0; p < 15; ++p) {
    const auto in = inputs_at(e, u, xs, p);
    double div = 0.0;
    for (int a = 0; a < d; ++a) {
      double xp[3], xm[3];
      for (int b = 0; b < d; ++b) xp[b] = xm[b] = xs[p * std::size_t(d) + std::size_t(b)];
      xp[a] += h;
      xm[a] -= h;
      div += (F[std::size_t(a)].value(xp) - F[std::size_t(a)].value(xm)) / (2 * h);
    }
    // Central differences of smooth fluxes: truncation ~h^2, round-off ~1e-11.
    EXPECT_NEAR(residual(e, in), -div, 1e-8 * (1 + std::abs(div))) << equation << " at " << p;
  }
}

TEST(ExprEquation, TotalDerivativesAgainstFluxDifferences) {
  // u = x*y + sin(x), grad u = (y + cos(x), x).
  const std::string u = "x*y + sin(x)";
  const std::string ux = "(y + cos(x))", uy = "x";
  check_divergence("-div((1 + u^2)*grad(u)) = 0", u,
                   {"(1 + (" + u + ")^2)*" + ux, "(1 + (" + u + ")^2)*" + uy}, JetMode::laplacian);
  check_divergence("-div(grad(u)/sqrt(1 + dot(grad(u), grad(u)))) = 0", u,
                   {ux + "/sqrt(1 + " + ux + "^2 + " + uy + "^2)",
                    uy + "/sqrt(1 + " + ux + "^2 + " + uy + "^2)"},
                   JetMode::hessian);
  check_divergence("-div([2*dx(u) + dy(u), dy(u)]) = 0", u, {"2*" + ux + " + " + uy, uy},
                   JetMode::hessian);
  check_divergence("-div([x*u, exp(y)*dy(u)]) = 0", u, {"x*(" + u + ")", "exp(y)*" + uy},
                   JetMode::hessian);
  check_divergence("-div([x*u + dx(u), dy(u)]) = 0", u, {"x*(" + u + ") + " + ux, uy},
                   JetMode::laplacian);
  check_divergence("-lap(u^2)/2 = 0", u, {"(" + u + ")*" + ux, "(" + u + ")*" + uy},
                   JetMode::laplacian);
  // 3D and 1D.
  check_divergence("-div(sin(z)*grad(u)) = 0", "x*y*z + z^2",
                   {"sin(z)*y*z", "sin(z)*x*z", "sin(z)*(x*y + 2*z)"}, JetMode::laplacian);
  check_divergence("-div(exp(u)*grad(u)) = 0", "x^3", {"exp(x^3)*3*x^2"}, JetMode::laplacian);
}

TEST(ExprEquation, SecondDerivativesChooseHessianMode) {
  const Equation e = Equation::compile("-dxx(u) - 2*dyy(u) + dxy(u) = 1", options(2));
  EXPECT_EQ(e.mode(), JetMode::hessian);
  EXPECT_EQ(e.jet_size(), 6);
  EXPECT_TRUE(e.linear());
  EXPECT_EQ(e.num_aux(), 0);
  const double in[6] = {0.0, 0.0, 0.0, 2.0, 3.0, 5.0};  // u, u_x, u_y, H00, H01, H11
  double out[7];
  e.eval(in, out);
  EXPECT_EQ(out[0], -2.0 - 10.0 + 3.0 - 1.0);
  EXPECT_EQ(out[4], -1.0);  // dr/dH00 (out[1 + c]: dr/djet_c)
  EXPECT_EQ(out[5], 1.0);   // dr/dH01
  EXPECT_EQ(out[6], -2.0);  // dr/dH11
  // lap(u) with a single second derivative elsewhere: lap becomes H00 + H11.
  const Equation m = Equation::compile("-lap(u) + dxy(u) = 0", options(2));
  EXPECT_EQ(m.mode(), JetMode::hessian);
  m.eval(in, out);
  EXPECT_EQ(out[0], -7.0 + 3.0);
  const Equation l = Equation::compile("-lap(u) + 3*u = x", options(2));
  EXPECT_EQ(l.mode(), JetMode::laplacian);
  EXPECT_TRUE(l.linear());
  EXPECT_EQ(l.describe(), "(((-lap_u) + (3 * u)) - x)");
}

// Partials of the residual in the jet components against central differences.
TEST(ExprEquation, PartialsMatchFiniteDifferences) {
  struct Case {
    const char* eq;
    int dim;
    bool boundary;
  };
  const Case cases[] = {
      {"-div((1 + u^2)*grad(u)) = f", 2, false},
      {"-div(grad(u)/sqrt(1 + norm(grad(u))^2)) = 0", 2, false},
      {"-lap(u) = lambda*exp(u)", 2, false},
      {"-div(a*grad(u)) + dot(b, grad(u)) + sinh(u) = f", 3, false},
      {"dot(grad(u), n) + u^4 = f", 2, true},
      {"u < 0 ? u^2 : -dxy(u)*u = 1", 2, false},
      {"-dxx(u) + abs(u)*dx(u) = f", 1, false},
  };
  for (const auto& c : cases) {
    const auto o = options(c.dim,
                           {{"a", "1 + x^2"},
                            {"b", c.dim == 3   ? "[1, y, 0.5]"
                                  : c.dim == 2 ? "[1, y]"
                                               : "x"},
                            {"f", "x"}},
                           {{"lambda", 0.5}}, c.boundary);
    const Equation e = Equation::compile(c.eq, o);
    const int nc = e.jet_size();
    const auto xs = random_points(10, c.dim, 4);
    std::vector<double> normals(xs.size(), 1.0 / std::sqrt(double(c.dim)));
    const Field u = Field::compile(c.dim == 1 ? "x^2 - 0.3" : "x*y - 0.2 + sin(x)", c.dim);
    for (std::size_t p = 0; p < 10; ++p) {
      auto in = inputs_at(e, u, xs, p, c.boundary ? normals : std::vector<double>{});
      std::vector<double> out(std::size_t(1 + nc));
      e.eval(in.data(), out.data());
      for (int k = 0; k < nc; ++k) {
        const double h = 1e-6, keep = in[std::size_t(k)];
        in[std::size_t(k)] = keep + h;
        const double rp = residual(e, in);
        in[std::size_t(k)] = keep - h;
        const double rm = residual(e, in);
        in[std::size_t(k)] = keep;
        const double fd = (rp - rm) / (2 * h);
        EXPECT_NEAR(out[std::size_t(1 + k)], fd, 1e-7 * (1 + std::abs(fd)))
            << c.eq << " component " << k << " at " << p;
      }
    }
  }
}

TEST(ExprEquation, NormSquaredIsSmoothAtZero) {
  // norm(V)^2 is the sum of squares, not sqrt(...)^2, whose derivative is
  // 0 * inf at V = 0.
  const Equation e = Equation::compile("-div(grad(u)/sqrt(1 + norm(grad(u))^2)) = 0", options(2));
  const double in[6] = {0.0, 0.0, 0.0, 1.0, 0.5, 2.0};
  double out[7];
  e.eval(in, out);
  for (double v : out) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(out[0], -3.0);  // -lap u at grad u = 0
  EXPECT_EQ(Field::compile("norm([x, y])^2", 2).value(in + 3), 1.25);
}

TEST(ExprEquation, TabulatesCoefficientsAndTheirDerivatives) {
  const auto o = options(2, {{"a", "x^2*y"}, {"k", "3"}});
  const Equation e = Equation::compile("-div(a*grad(u)) + k*u = 0", o);
  // k is constant: folded, not tabulated. a and its first derivatives are.
  ASSERT_EQ(e.num_aux(), 3);
  EXPECT_EQ(e.aux()[0].name, "a");
  EXPECT_EQ(e.aux()[1].name, "da/dx");
  EXPECT_EQ(e.aux()[2].name, "da/dy");
  const std::vector<double> x = {0.5, 2.0, 1.0, 3.0};
  const auto t = e.tabulate(x);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0], 0.5);
  EXPECT_EQ(t[1], 2.0);
  EXPECT_EQ(t[2], 0.25);
  EXPECT_EQ(t[3], 3.0);
  EXPECT_EQ(t[4], 6.0);
  EXPECT_EQ(t[5], 1.0);
  // A second derivative of a coefficient (lap of a coefficient times u).
  const Equation s = Equation::compile("-lap(a*u) = 0", o);
  EXPECT_EQ(s.aux().back().name, "d2a/dydy");
}

struct DeviceRun {
  Kokkos::View<double**> in, out;
  DeviceProgram<Kokkos::DefaultExecutionSpace::memory_space> prog;
  KOKKOS_INLINE_FUNCTION void operator()(const int p) const {
    double a[32], b[32];
    for (int k = 0; k < prog.num_inputs(); ++k) a[k] = in(p, k);
    prog(a, b);
    for (int k = 0; k < prog.num_outputs(); ++k) out(p, k) = b[k];
  }
};

std::vector<double> run_on_device(const Program& program, const std::vector<double>& in, int n_in,
                                  int n) {
  DeviceRun run;
  run.prog = DeviceProgram<Kokkos::DefaultExecutionSpace::memory_space>(program);
  run.in = Kokkos::View<double**>("in", n, n_in);
  run.out = Kokkos::View<double**>("out", n, run.prog.num_outputs());
  auto hin = Kokkos::create_mirror_view(run.in);
  for (int p = 0; p < n; ++p)
    for (int k = 0; k < n_in; ++k) hin(p, k) = in[std::size_t(p * n_in + k)];
  Kokkos::deep_copy(run.in, hin);
  Kokkos::parallel_for("test_equation_device", Kokkos::RangePolicy<>(0, n), run);
  auto hout = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), run.out);
  std::vector<double> out;
  for (int p = 0; p < n; ++p)
    for (int k = 0; k < run.prog.num_outputs(); ++k) out.push_back(hout(p, k));
  return out;
}

TEST(ExprEquation, DeviceProgramEqualsHost) {
  const auto o = options(3, {{"a", "1 + x^2*y"}, {"b", "[1, z, 0.5]"}, {"f", "sin(x)*z"}});
  for (const char* text : {"-div(a*grad(u)) + dot(b, grad(u)) + sinh(u) = f",
                           "-div(grad(u)/sqrt(1 + norm(grad(u))^2)) = f",
                           "-div((1 + u^2)*grad(u)) + (u > 0 ? u : -u^3) = f"}) {
    const Equation e = Equation::compile(text, o);
    const int n = 40, ni = e.num_inputs();
    const auto xs = random_points(std::size_t(n), 3, 21);
    const Field u = Field::compile("x*y*z + cos(x + y) - 0.5", 3);
    std::vector<double> in;
    for (int p = 0; p < n; ++p) {
      const auto v = inputs_at(e, u, xs, std::size_t(p));
      ASSERT_EQ(static_cast<int>(v.size()), ni);
      in.insert(in.end(), v.begin(), v.end());
    }
    const auto dev = run_on_device(e.program(), in, ni, n);
    const int no = 1 + e.jet_size();
    for (int p = 0; p < n; ++p) {
      std::vector<double> host(static_cast<std::size_t>(no));
      e.eval(in.data() + std::size_t(p * ni), host.data());
      for (int k = 0; k < no; ++k)
        EXPECT_EQ(dev[std::size_t(p * no + k)], host[std::size_t(k)]) << text << " " << k;
    }
    // Registers are reused: far fewer than instructions.
    const auto flat = Impl::flatten(e.program(), 1000);
    EXPECT_LT(flat.registers, static_cast<int>(e.program().code().size()) / 2) << text;
  }
}

TEST(ExprEquation, ErrorsAtTheirPosition) {
  struct Bad {
    const char* text;
    int dim;
    bool boundary;
    int pos;
    const char* message;
  };
  const Bad bad[] = {
      {"div(grad(lap(u))) = 0", 2, false, 4, "grad(): a derivative of u above second order"},
      {"-lap(dxx(u)) = 0", 2, false, 1, "lap(): a derivative of u above second order"},
      {"dx(dxy(u)) = 0", 2, false, 0, "dx(): a derivative of u above second order"},
      {"dz(u) = 0", 2, false, 0, "dz(): a 2-dimensional case has no z"},
      {"u + q = 0", 2, false, 4, "unknown variable \"q\""},
      {"-lap(u) = ff", 2, false, 10, "did you mean \"f\"?"},
      {"gard(u) = 0", 2, false, 0, "did you mean \"grad\"?"},
      {"1 = x", 2, false, -1, "does not involve u"},
      {"grad(u) = 1", 2, false, 0, "the two sides of the equation differ"},
      {"grad(u) = [1, 2]", 2, false, 0, "expected a scalar equation"},
      {"div(u) = 0", 2, false, 4, "div(V): expected a vector of 2 components"},
      {"lap([u, u]) = 0", 2, false, 4, "lap(): expected a scalar, found a 2-vector"},
      {"dxx(u) = 0", 2, true, 0, "a boundary equation uses u and grad(u)"},
      {"dot(grad(u), n) = 0", 2, false, 13, "unknown variable \"n\""},
      {"dx(n_x) = 0", 2, true, 3, "unknown variable"},
      {"dx(dot(n, n))*u = 0", 2, true, 0, "the normal n has no derivatives"},
      {"-lap(u) + dxx(dxx(a))*u = 0", 2, false, 10,
       "derivative of the coefficient \"a\" above "
       "second order"},
      {"grad(u, u) = 0", 2, false, 0, "grad() takes 1 argument, found 2"},
      {"-lap(u) = 0 = 1", 2, false, 12, "a second \"=\""},
      {"-lap(u) == 0", 2, false, 12, "expected \"=\" between the two sides"},
  };
  for (const auto& b : bad) {
    try {
      Equation::compile(b.text, options(b.dim, {{"a", "x*y"}, {"f", "1"}}, {}, b.boundary));
      ADD_FAILURE() << "\"" << b.text << "\" compiled";
    } catch (const ExpressionError& e) {
      EXPECT_EQ(e.pos(), b.pos) << b.text << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos)
          << b.text << ": " << e.what();
    }
  }
  // A coefficient may not take a name of the language.
  EXPECT_THROW(Equation::compile("u = 0", options(2, {{"div", "1"}})), ExpressionError);
  EXPECT_THROW(Equation::compile("u = 0", options(2, {{"u", "1"}})), ExpressionError);
}

}  // namespace
