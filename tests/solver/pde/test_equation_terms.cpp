// Equation terms in the assembler: residuals against the host evaluation of
// the equation on the network's jets, a linear equation against the
// hard-wired term, and gradients and Gauss-Newton pieces against finite
// differences for nonlinear equations (Laplacian and Hessian jets).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "AssemblerChecks.hpp"
#include "Helpers.hpp"
#include "solver/pde/Assembler.hpp"

namespace {

using namespace kanpde;
using Asm = solver::Assembler<test::Exec>;
using solver::expr::Coefficient;
using solver::expr::Equation;
using solver::expr::EquationOptions;

std::shared_ptr<const Equation> equation(const std::string& text, bool boundary = false) {
  EquationOptions o;
  o.dim = 2;
  o.boundary = boundary;
  o.constants = {{"lambda", 0.7}};
  o.coefficients.push_back(Coefficient::compile("a", "1 + x^2*y^2", 2));
  o.coefficients.push_back(Coefficient::compile("b", "[1, 0.5*x]", 2));
  o.coefficients.push_back(Coefficient::compile("f", "sin(x) + y", 2));
  o.coefficients.push_back(Coefficient::compile("g", "0.3*y", 2));
  return std::make_shared<const Equation>(Equation::compile(text, o));
}

std::vector<solver::PointTerm> equation_terms(const std::string& interior, std::uint64_t seed) {
  const auto xi = test::random_points(50, 2, -1, 1, seed);
  std::vector<double> xb, nb;
  for (int q = 0; q < 20; ++q) {
    const double s = -1 + 2.0 * (q + 0.5) / 20;
    xb.insert(xb.end(), {1.0, s});
    nb.insert(nb.end(), {1.0, 0.0});
  }
  std::vector<double> xd = {-1, 0.2, -1, -0.7, 0.4, -1, 0.1, 1}, gd = {0.1, -0.2, 0.0, 0.5};
  std::vector<solver::PointTerm> terms;
  terms.push_back(solver::equation_term("pde", 0.7, 2, xi, equation(interior)));
  terms.push_back(solver::dirichlet_term("dirichlet", 3.0, 2, xd, gd));
  terms.push_back(solver::equation_term("radiation", 1.5, 2, xb,
                                        equation("dot(grad(u), n) + u^4 = g", true), nb));
  return terms;
}

// r at every point from the network's jets and the host evaluation.
void check_residuals(const std::string& interior, kan::JetMode mode) {
  const auto net = test::random_network({2, 4, 1}, 5, 3, 21);
  const auto terms = equation_terms(interior, 5);
  const Asm as(test::Exec(), terms);
  EXPECT_EQ(as.jet_mode(), mode);
  const auto r = as.residuals(net);
  std::size_t p = 0;
  for (const auto& t : terms) {
    const auto j = test::jets(net, t.x, mode);
    const int nc = kan::jet_size(mode, 2);
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      double ref = -t.rhs[q];
      if (t.equation) {
        const Equation e =
            t.equation->with_mode(mode == kan::JetMode::hessian ? solver::expr::JetMode::hessian
                                                                : solver::expr::JetMode::laplacian);
        std::vector<double> in(j.begin() + std::ptrdiff_t(q) * nc,
                               j.begin() + std::ptrdiff_t(q + 1) * nc);
        const std::size_t na = std::size_t(e.num_aux());
        in.insert(in.end(), t.aux.begin() + std::ptrdiff_t(q * na),
                  t.aux.begin() + std::ptrdiff_t((q + 1) * na));
        std::vector<double> out(std::size_t(1 + nc));
        e.eval(in.data(), out.data());
        ref = out[0];
      } else {
        double lap = 0.0;
        if (mode == kan::JetMode::laplacian) {
          lap = j[q * std::size_t(nc) + 3];
        } else {
          lap = j[q * std::size_t(nc) + 3] + j[q * std::size_t(nc) + 5];
        }
        ref += t.coef[q * 4] * j[q * std::size_t(nc)] + t.coef[q * 4 + 3] * lap;
        for (int a = 0; a < 2; ++a)
          ref += t.coef[q * 4 + 1 + std::size_t(a)] * j[q * std::size_t(nc) + 1 + std::size_t(a)];
      }
      EXPECT_NEAR(r[p], ref, 1e-12 * (1 + std::abs(ref))) << t.name << " point " << q;
    }
  }
}

TEST(AssemblerEquation, ResidualsMatchTheHostEvaluation) {
  check_residuals("-div(a*grad(u)) + dot(b, grad(u)) + sinh(u) = f", kan::JetMode::laplacian);
  check_residuals("-div(grad(u)/sqrt(1 + norm(grad(u))^2)) + dxy(u) = f", kan::JetMode::hessian);
}

TEST(AssemblerEquation, LinearEquationEqualsTheHardWiredTerm) {
  const auto net = test::random_network({2, 4, 1}, 5, 3, 8);
  const auto x = test::random_points(40, 2, -1, 1, 9);
  std::vector<double> f;
  for (std::size_t p = 0; p < 40; ++p) f.push_back(std::sin(x[2 * p]) + x[2 * p + 1]);
  const Asm fixed(test::Exec(), {solver::interior_term("pde", 1.0, 2, x, f, -2.5)});
  const Asm general(test::Exec(),
                    {solver::equation_term("pde", 1.0, 2, x, equation("-lap(u) - 2.5*u = f"))});
  const auto r1 = fixed.residuals(net), r2 = general.residuals(net);
  // The same sum in another order: round-off only.
  for (std::size_t p = 0; p < 40; ++p) EXPECT_NEAR(r2[p], r1[p], 1e-13 * (1 + std::abs(r1[p])));
}

TEST(AssemblerEquation, NonlinearGradientAndGaussNewtonMatchFiniteDifferences) {
  for (const char* eq : {"-div((1 + u^2)*grad(u)) + sinh(u) = f", "-lap(u) = lambda*exp(u)",
                         "-div(a*grad(u)) + dot(b, grad(u)) + u^3 = f"}) {
    SCOPED_TRACE(eq);
    test::check_gradient_and_gauss_newton(false, equation_terms(eq, 11));
    test::check_gradient_and_gauss_newton(true, equation_terms(eq, 12));
  }
}

TEST(AssemblerEquation, HessianModeGradientAndGaussNewtonMatchFiniteDifferences) {
  test::check_gradient_and_gauss_newton(
      false, equation_terms("-div(grad(u)/sqrt(1 + norm(grad(u))^2)) = f", 13));
  test::check_gradient_and_gauss_newton(
      false, equation_terms("-dxx(u) - 2*dyy(u) + 0.5*dxy(u)*u = f", 14));
}

TEST(AssemblerEquation, HessianJetsWithAHardConstraintAreRejected) {
  const auto terms = equation_terms("-dxx(u) - dyy(u) + dxy(u) = f", 3);
  solver::HardConstraint hc;
  for (const auto& t : terms) {
    hc.djet.push_back(test::square_distance_jets(t.x));
    hc.gjet.push_back(test::varying_g_jets(t.x));
  }
  EXPECT_THROW(Asm(test::Exec(), terms, &hc), InputError);
}

}  // namespace
