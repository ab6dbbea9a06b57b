// Unknown coefficient fields (issue 16): a second network a(x) evaluated in
// the assembler's point kernel. Its residuals against a slow host reference
// (both networks' jets from kan::evaluate, the operator written out by hand,
// the softplus map from std::log1p), its Jacobian columns against central
// differences of that reference, its gradient entries against 2 J^T R, the
// Gauss-Newton blocks against J^T J, and the objective's [theta_u, theta_a, s]
// vector against finite differences of its value; Laplacian and Hessian jets,
// with and without positivity.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "Helpers.hpp"
#include "common/Error.hpp"
#include "solver/pde/Assembler.hpp"
#include "solver/pde/impl/AssemblerKernels.hpp"
#include "solver/train/PinnObjective.hpp"
#include "solver/train/UnknownSet.hpp"

namespace {

using namespace kanpde;
using Asm = solver::Assembler<test::Exec>;
using solver::expr::Coefficient;
using solver::expr::Equation;
using solver::expr::EquationOptions;

struct Setup {
  std::shared_ptr<solver::expr::UnknownValues> k;
  std::vector<solver::PointTerm> terms;
};

std::shared_ptr<const Equation> equation(const std::string& text, const Setup& s) {
  EquationOptions o;
  o.dim = 2;
  o.coefficients.push_back(Coefficient::compile("f", "sin(x) + y", 2));
  o.unknowns = s.k;
  o.fields = {"a"};
  return std::make_shared<const Equation>(Equation::compile(text, o));
}

// The PDE, a Dirichlet term (no field), and two regularisation terms that
// read the field only: dx(a) = 0 and a = 1.
Setup setup(bool hessian) {
  Setup s;
  s.k = std::make_shared<solver::expr::UnknownValues>();
  s.k->names = {"k"};
  s.k->values = {0.8};
  const std::string pde =
      hessian ? "-a*(dxx(u) + 2*dyy(u)) - dx(a)*dx(u) + k*u = f" : "-div(a*grad(u)) + k*u = f";
  s.terms.push_back(
      solver::equation_term("pde", 0.7, 2, test::random_points(40, 2, -1, 1, 3), equation(pde, s)));
  s.terms.push_back(
      solver::dirichlet_term("dirichlet", 2.0, 2, {-1, 0.2, 0.4, -1, 0.1, 1}, {0.1, -0.2, 0.3}));
  const auto xr = test::random_points(30, 2, -1, 1, 4);
  s.terms.push_back(solver::equation_term("reg_grad", 0.3, 2, xr, equation("dx(a) = 0", s)));
  s.terms.push_back(solver::equation_term("reg_value", 0.2, 2, xr, equation("a = 1", s)));
  return s;
}

// The slow reference: sqrt(w_p) r_p of every point, from both networks' jets.
std::vector<double> reference(const Setup& s, const test::Net& net, const test::Net& field,
                              bool positive, bool hessian) {
  std::vector<double> R;
  const double k = s.k->values[0];
  const kan::JetMode mode = hessian ? kan::JetMode::hessian : kan::JetMode::laplacian;
  for (std::size_t t = 0; t < s.terms.size(); ++t) {
    const solver::PointTerm& term = s.terms[t];
    const std::size_t n = term.size(), nc = hessian ? 6 : 4;
    const auto uj = test::jets(net, term.x, mode);
    const auto nj = test::jets(field, term.x, kan::JetMode::laplacian);
    for (std::size_t p = 0; p < n; ++p) {
      const double* u = &uj[p * nc];
      const double* m = &nj[p * 4];
      const double x = term.x[2 * p], y = term.x[2 * p + 1];
      double a = m[0], ax = m[1], ay = m[2];
      if (positive) {
        const double sg = 1.0 / (1.0 + std::exp(-m[0]));
        a = std::log1p(std::exp(m[0]));
        ax = sg * m[1];
        ay = sg * m[2];
      }
      double r = 0.0;
      if (t == 0) {
        const double f = std::sin(x) + y;
        r = hessian ? -a * (u[3] + 2 * u[5]) - ax * u[1] + k * u[0] - f
                    : -(a * u[3] + ax * u[1] + ay * u[2]) + k * u[0] - f;
      } else if (t == 1) {
        r = u[0] - term.rhs[p];
      } else if (t == 2) {
        r = ax;
      } else {
        r = a - 1.0;
      }
      R.push_back(std::sqrt(term.weight / static_cast<double>(n)) * r);
    }
  }
  return R;
}

void check(bool positive, bool hessian) {
  const Setup s = setup(hessian);
  Asm as(test::Exec(), s.terms);
  EXPECT_EQ(as.field_name(), "a");
  EXPECT_EQ(as.jet_mode(), hessian ? kan::JetMode::hessian : kan::JetMode::laplacian);
  auto net = test::random_network({2, 4, 1}, 5, 3, 21);
  auto field = test::random_network({2, 3, 1}, 4, 3, 22);
  // Evaluating without the field's network is a programming error.
  EXPECT_THROW(as.residuals(net), Error);
  as.set_field(&field, positive);
  const auto P = static_cast<Eigen::Index>(net.num_params());
  const auto Pa = static_cast<Eigen::Index>(field.num_params());
  ASSERT_EQ(as.num_field_params(), Pa);
  ASSERT_EQ(as.num_extra(), Pa + 1);

  // Residuals against the slow reference (round-off of two evaluations of
  // the same sums in different order: 1e-12).
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  const double L = as.jacobian(net, J, R).total;
  ASSERT_EQ(J.cols(), P + Pa + 1);
  const std::vector<double> ref = reference(s, net, field, positive, hessian);
  ASSERT_EQ(R.size(), static_cast<Eigen::Index>(ref.size()));
  for (Eigen::Index i = 0; i < R.size(); ++i)
    EXPECT_NEAR(R(i), ref[std::size_t(i)], 1e-12 * (1 + std::abs(ref[std::size_t(i)]))) << i;
  EXPECT_NEAR(L, R.squaredNorm(), 1e-12 * L);

  // The field's columns against central differences of the reference
  // (h = 1e-5: truncation ~1e-10 relative, round-off ~1e-11).
  const std::vector<double> theta_a = field.params_host();
  double max_col = 0.0, max_err = 0.0;
  for (Eigen::Index j = 0; j < Pa; ++j) {
    const double h = 1e-5;
    std::vector<double> tp = theta_a, tm = theta_a;
    tp[std::size_t(j)] += h;
    tm[std::size_t(j)] -= h;
    field.set_params(tp);
    const auto rp = reference(s, net, field, positive, hessian);
    field.set_params(tm);
    const auto rm = reference(s, net, field, positive, hessian);
    for (Eigen::Index i = 0; i < R.size(); ++i) {
      const double fd = (rp[std::size_t(i)] - rm[std::size_t(i)]) / (2 * h);
      max_err = std::max(max_err, std::abs(J(i, P + j) - fd));
      max_col = std::max(max_col, std::abs(J(i, P + j)));
    }
  }
  field.set_params(theta_a);
  EXPECT_GT(max_col, 1e-3);  // the field matters
  EXPECT_LT(max_err, 1e-7 * (1 + max_col));
  // Dirichlet rows do not read the field; the regularisation rows read no u.
  for (Eigen::Index i = 40; i < 43; ++i) EXPECT_EQ(J.row(i).segment(P, Pa).norm(), 0.0);
  for (Eigen::Index i = 43; i < R.size(); ++i) EXPECT_EQ(J.row(i).head(P).norm(), 0.0);
  // The scalar's column follows the field's: dr/dk = u on the PDE rows.
  const auto uj =
      test::jets(net, s.terms[0].x, hessian ? kan::JetMode::hessian : kan::JetMode::laplacian);
  const std::size_t nc = hessian ? 6 : 4;
  for (Eigen::Index i = 0; i < 40; ++i)
    EXPECT_NEAR(J(i, P + Pa), std::sqrt(0.7 / 40) * uj[std::size_t(i) * nc], 1e-14);

  // Gradient entries: 2 J^T R (the same per-point rows summed through the
  // block tree: 1e-12).
  Kokkos::View<double*, test::Mem> g("g", net.num_params());
  as.loss_and_gradient(net, g);
  ASSERT_EQ(as.unknown_gradient().size(), std::size_t(Pa + 1));
  const Eigen::VectorXd jtr = 2 * J.transpose() * R;
  for (Eigen::Index j = 0; j < Pa + 1; ++j)
    EXPECT_NEAR(as.unknown_gradient()[std::size_t(j)], jtr(P + j), 1e-12 * (1 + jtr.norm())) << j;
  // Gauss-Newton: J^T J and J^T R with the field's blocks.
  Eigen::MatrixXd JtJ;
  Eigen::VectorXd Jtr;
  as.gauss_newton(net, JtJ, Jtr);
  ASSERT_EQ(JtJ.rows(), P + Pa + 1);
  const Eigen::MatrixXd G = J.transpose() * J;
  EXPECT_LT((JtJ - G).cwiseAbs().maxCoeff(), 1e-11 * (1 + G.cwiseAbs().maxCoeff()));
  EXPECT_LT((Jtr - J.transpose() * R).cwiseAbs().maxCoeff(), 1e-11 * (1 + Jtr.norm()));

  // The objective over [theta_u, theta_a, s]: its gradient against central
  // differences of its value (h = 1e-5), on entries of all three blocks.
  solver::UnknownSet set(s.k, {{0.0, std::numeric_limits<double>::infinity()}});
  solver::PinnObjective<test::Exec> obj(as, net, &set, &field);
  const solver::optim::Vector theta = obj.parameters();
  ASSERT_EQ(theta.size(), P + Pa + 1);
  solver::optim::Vector grad;
  obj.value_and_gradient(theta, grad);
  solver::optim::Matrix OJ;
  solver::optim::Vector OR;
  obj.jacobian(theta, OJ, OR);
  for (Eigen::Index j : {Eigen::Index(0), P - 1, P, P + Pa / 2, P + Pa - 1, P + Pa}) {
    const double h = 1e-5;
    solver::optim::Vector tp = theta, tm = theta;
    tp(j) += h;
    tm(j) -= h;
    const double fd = (obj.value(tp) - obj.value(tm)) / (2 * h);
    EXPECT_NEAR(grad(j), fd, 1e-6 * (1 + std::abs(fd))) << j;
    EXPECT_NEAR(grad(j), 2 * OJ.col(j).dot(OR), 1e-10 * (1 + std::abs(fd))) << j;
  }
  obj.load(theta);
}

TEST(UnknownField, LaplacianJets) {
  check(false, false);
}
TEST(UnknownField, LaplacianJetsPositive) {
  check(true, false);
}
TEST(UnknownField, HessianJetsPositive) {
  check(true, true);
}

TEST(UnknownField, SoftplusIsPositiveAndSmoothFarOut) {
  using M = solver::Impl::FieldMap;
  for (double n : {-700.0, -40.0, -1.0, 0.0, 2.0, 40.0, 800.0}) {
    const double a = M::softplus(n);
    EXPECT_GT(a, 0.0) << n;
    EXPECT_TRUE(std::isfinite(a)) << n;
    if (std::abs(n) < 700) {
      EXPECT_NEAR(a, std::log1p(std::exp(n)), 1e-15 * (1 + a)) << n;
    }
  }
}

}  // namespace
