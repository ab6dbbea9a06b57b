// Residual assembler: residuals against a plain host evaluation from the jet
// launcher, the loss gradient against finite differences, the Gauss-Newton
// pieces against the gradient and against a finite-difference Jacobian, and
// the hard-constraint ansatz.
#include <gtest/gtest.h>

#include <cmath>

#include "AssemblerChecks.hpp"
#include "Helpers.hpp"
#include "solver/pde/Assembler.hpp"

namespace {

using namespace kanpde;
using Asm = solver::Assembler<test::Exec>;

}  // namespace

namespace kanpde::test {

// D(x, y) = (1 - x^2)(1 - y^2) and its jets (vanishes on the square's boundary).
std::vector<double> square_distance_jets(const std::vector<double>& x) {
  std::vector<double> dj;
  for (std::size_t p = 0; p < x.size() / 2; ++p) {
    const double a = x[2 * p], b = x[2 * p + 1];
    const double fa = 1 - a * a, fb = 1 - b * b;
    dj.insert(dj.end(), {fa * fb, -2 * a * fb, -2 * b * fa, -2 * fb - 2 * fa});
  }
  return dj;
}

// G(x, y) = 0.25 + 0.3 x y^2 + sin x and its jets (a varying boundary extension).
std::vector<double> varying_g_jets(const std::vector<double>& x) {
  std::vector<double> gj;
  for (std::size_t p = 0; p < x.size() / 2; ++p) {
    const double a = x[2 * p], b = x[2 * p + 1];
    gj.insert(gj.end(), {0.25 + 0.3 * a * b * b + std::sin(a), 0.3 * b * b + std::cos(a),
                         0.6 * a * b, -std::sin(a) + 0.6 * a});
  }
  return gj;
}

}  // namespace kanpde::test

namespace {
using test::square_distance_jets;
using test::varying_g_jets;

std::vector<solver::PointTerm> make_terms(std::uint64_t seed) {
  const auto xi = test::random_points(60, 2, -1, 1, seed);
  std::vector<double> f(60);
  for (std::size_t p = 0; p < 60; ++p) f[p] = std::sin(xi[2 * p]) + xi[2 * p + 1];
  std::vector<double> xb, nb, g;
  for (int q = 0; q < 20; ++q) {
    const double s = -1 + 2.0 * (q + 0.5) / 20;
    xb.insert(xb.end(), {1.0, s});
    nb.insert(nb.end(), {1.0, 0.0});
    g.push_back(0.3 * s);
  }
  std::vector<double> xd = {-1, 0.2, -1, -0.7, 0.4, -1, 0.1, 1}, gd = {0.1, -0.2, 0.0, 0.5};
  std::vector<solver::PointTerm> terms;
  terms.push_back(solver::interior_term("pde", 0.7, 2, xi, f, -2.5));
  terms.push_back(solver::dirichlet_term("dirichlet", 3.0, 2, xd, gd));
  terms.push_back(solver::neumann_term("neumann", 1.5, 2, xb, nb, g));
  terms.push_back(solver::robin_term("robin", 0.9, 2, xb, nb, 2.0, -0.5, g));
  return terms;
}

TEST(Assembler, ResidualsMatchAPlainEvaluation) {
  const auto net = test::random_network({2, 4, 1}, 5, 3, 21);
  const auto terms = make_terms(22);
  const Asm as(test::Exec(), terms);
  const auto r = as.residuals(net);
  std::size_t p = 0;
  double total = 0.0;
  for (const auto& t : terms) {
    const auto j = test::jets(net, t.x, kan::JetMode::laplacian);
    double sum = 0.0;
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      double ref = -t.rhs[q];
      for (int c = 0; c < 4; ++c) ref += t.coef[q * 4 + c] * j[q * 4 + c];
      EXPECT_NEAR(r[p], ref, 1e-13 * (1 + std::abs(ref)));
      sum += ref * ref;
    }
    total += t.weight * sum / static_cast<double>(t.size());
  }
  EXPECT_NEAR(as.loss(net).total, total, 1e-12 * total);
}

// u = G + D N written out by hand (not through solver/pde/TrialFunction.hpp).
TEST(Assembler, HardConstraintResidualsMatchAPlainEvaluation) {
  const auto net = test::random_network({2, 4, 1}, 5, 3, 23);
  const auto terms = make_terms(24);
  solver::HardConstraint hc;
  for (const auto& t : terms) {
    hc.djet.push_back(square_distance_jets(t.x));
    hc.gjet.push_back(varying_g_jets(t.x));
  }
  const Asm as(test::Exec(), terms, &hc);
  const auto r = as.residuals(net);
  std::size_t p = 0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const auto& t = terms[ti];
    const auto j = test::jets(net, t.x, kan::JetMode::laplacian);
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      const double* N = &j[q * 4];
      const double* D = &hc.djet[ti][q * 4];
      const double* G = &hc.gjet[ti][q * 4];
      const double u[4] = {G[0] + D[0] * N[0], G[1] + D[1] * N[0] + D[0] * N[1],
                           G[2] + D[2] * N[0] + D[0] * N[2],
                           G[3] + D[3] * N[0] + 2 * (D[1] * N[1] + D[2] * N[2]) + D[0] * N[3]};
      double ref = -t.rhs[q];
      for (int c = 0; c < 4; ++c) ref += t.coef[q * 4 + c] * u[c];
      EXPECT_NEAR(r[p], ref, 1e-13 * (1 + std::abs(ref))) << t.name;
    }
  }
}

// A constant G = g0 (the only hard data before the transfinite blend): the
// residuals are bitwise those of the former kernel, r = sum_c coef_c u_c - f
// with u = g0 + D N, grad u = N grad D + D grad N,
// lap u = N lap D + 2 grad D . grad N + D lap N, in that order of operations.
TEST(Assembler, ConstantDataResidualsAreBitwiseTheFormerOnes) {
  const auto net = test::random_network({2, 4, 1}, 5, 3, 25);
  const auto terms = make_terms(26);
  const double g0 = 0.37;
  solver::HardConstraint hc;
  for (const auto& t : terms) {
    hc.djet.push_back(square_distance_jets(t.x));
    std::vector<double> gj;
    for (std::size_t q = 0; q < t.size(); ++q) gj.insert(gj.end(), {g0, 0.0, 0.0, 0.0});
    hc.gjet.push_back(gj);
  }
  const Asm as(test::Exec(), terms, &hc);
  const auto r = as.residuals(net);
  std::size_t p = 0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const auto& t = terms[ti];
    const auto j = test::jets(net, t.x, kan::JetMode::laplacian);
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      const double* N = &j[q * 4];
      const double* D = &hc.djet[ti][q * 4];
      double u[4];
      u[0] = g0 + D[0] * N[0];
      double gdgn = 0.0;
      for (int a = 0; a < 2; ++a) {
        u[1 + a] = N[0] * D[1 + a] + D[0] * N[1 + a];
        gdgn += D[1 + a] * N[1 + a];
      }
      u[3] = N[0] * D[3] + 2.0 * gdgn + D[0] * N[3];
      double ref = -t.rhs[q];
      for (int c = 0; c < 4; ++c) ref += t.coef[q * 4 + c] * u[c];
      EXPECT_EQ(r[p], ref) << t.name;
    }
  }
}

}  // namespace

namespace kanpde::test {

void check_gradient_and_gauss_newton(bool hard, const std::vector<solver::PointTerm>& terms) {
  auto net = test::random_network({2, 3, 2, 1}, 4, 3, 31);
  solver::HardConstraint hc;
  for (const auto& t : terms) {
    hc.djet.push_back(square_distance_jets(t.x));
    hc.gjet.push_back(varying_g_jets(t.x));
  }
  const Asm as(test::Exec(), terms, hard ? &hc : nullptr);
  const std::size_t P = net.num_params();
  Kokkos::View<double*, test::Mem> g("g", P);
  const double L = as.loss_and_gradient(net, g).total;
  auto hg = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  const auto p0 = net.params_host();
  const double h = 1e-6;
  for (std::size_t j = 0; j < P; ++j) {
    auto pp = p0, pm = p0;
    pp[j] += h;
    pm[j] -= h;
    net.set_params(pp);
    const double lp = as.loss(net).total;
    net.set_params(pm);
    const double lm = as.loss(net).total;
    const double fd = (lp - lm) / (2 * h);
    EXPECT_NEAR(hg(j), fd, 1e-6 * (1 + std::abs(fd))) << "parameter " << j;
  }
  net.set_params(p0);
  // Gauss-Newton: loss = |R|^2, so grad = 2 J^T R; and J^T J against a
  // finite-difference Jacobian of R.
  Eigen::MatrixXd JtJ;
  Eigen::VectorXd Jtr;
  // Rows of at most max_nnz non-zeros take 36 bytes per non-zero: 7-row chunks.
  const kan::Layout& lay = net.layout();
  std::size_t max_nnz = 0;
  for (int l = 0; l < lay.num_layers(); ++l)
    max_nnz += static_cast<std::size_t>(lay.edges(l) * (lay.order() + 3));
  const double Lgn = as.gauss_newton(net, JtJ, Jtr, 36 * max_nnz * 7).total;
  EXPECT_NEAR(Lgn, L, 1e-14 * L);
  // Every entry is summed in point order whatever the chunking, and the
  // buffers kept between calls change nothing: bitwise the same.
  for (const std::size_t chunk_rows : {std::size_t(1), std::size_t(7), std::size_t(1000)}) {
    for (int call = 0; call < 2; ++call) {
      Eigen::MatrixXd JtJ2;
      Eigen::VectorXd Jtr2;
      EXPECT_EQ(as.gauss_newton(net, JtJ2, Jtr2, 36 * max_nnz * chunk_rows).total, Lgn);
      EXPECT_TRUE(JtJ2 == JtJ) << chunk_rows << "-row chunks, call " << call;
      EXPECT_TRUE(Jtr2 == Jtr) << chunk_rows << "-row chunks, call " << call;
    }
  }
  // The device path (solver/pde/DeviceGram.hpp): the same additions, so the
  // same bits, for both kernel shapes.
  {
    Asm dev(as);
    dev.set_gram_path(solver::GramPath::device);
    for (const auto kernel : {solver::GramKernel::flat, solver::GramKernel::team}) {
      dev.set_device_gram(std::size_t(256) << 20, kernel);
      Eigen::MatrixXd JtJ2;
      Eigen::VectorXd Jtr2;
      EXPECT_EQ(dev.gauss_newton(net, JtJ2, Jtr2).total, Lgn);
      EXPECT_TRUE(JtJ2 == JtJ) << "device Gram, kernel " << static_cast<int>(kernel);
      EXPECT_TRUE(Jtr2 == Jtr) << "device Gram, kernel " << static_cast<int>(kernel);
    }
  }
  for (std::size_t j = 0; j < P; ++j)
    EXPECT_NEAR(2 * Jtr(static_cast<Eigen::Index>(j)), hg(j), 1e-10 * (1 + std::abs(hg(j))));
  std::vector<double> w;
  for (const auto& t : terms)
    for (std::size_t q = 0; q < t.size(); ++q)
      w.push_back(t.weight * (t.quad_weight.empty() ? 1.0 : t.quad_weight[q]) /
                  static_cast<double>(t.size()));
  Eigen::MatrixXd J(static_cast<Eigen::Index>(w.size()), static_cast<Eigen::Index>(P));
  for (std::size_t j = 0; j < P; ++j) {
    auto pp = p0, pm = p0;
    pp[j] += h;
    pm[j] -= h;
    net.set_params(pp);
    const auto rp = as.residuals(net);
    net.set_params(pm);
    const auto rm = as.residuals(net);
    for (std::size_t p = 0; p < w.size(); ++p)
      J(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(j)) =
          std::sqrt(w[p]) * (rp[p] - rm[p]) / (2 * h);
  }
  net.set_params(p0);
  const Eigen::MatrixXd ref = J.transpose() * J;
  EXPECT_LT((JtJ - ref).cwiseAbs().maxCoeff(), 1e-6 * (1 + ref.cwiseAbs().maxCoeff()));
  EXPECT_LT((JtJ - JtJ.transpose()).cwiseAbs().maxCoeff(), 1e-15 * (1 + ref.cwiseAbs().maxCoeff()));
  // The dense Jacobian: against the finite-difference one (truncation error
  // h^2 ~ 1e-12, times the size of third derivatives), and its Gram matrix and
  // J^T R against gauss_newton's (the same numbers summed in another order:
  // round-off only).
  Eigen::MatrixXd Jd;
  Eigen::VectorXd Rd;
  EXPECT_NEAR(as.jacobian(net, Jd, Rd).total, L, 1e-14 * L);
  ASSERT_EQ(Jd.rows(), J.rows());
  EXPECT_LT((Jd - J).cwiseAbs().maxCoeff(), 1e-6 * (1 + J.cwiseAbs().maxCoeff()));
  EXPECT_NEAR(Rd.squaredNorm(), L, 1e-14 * L);
  const Eigen::MatrixXd gram = Jd.transpose() * Jd;
  EXPECT_LT((gram - JtJ).cwiseAbs().maxCoeff(), 1e-13 * (1 + JtJ.cwiseAbs().maxCoeff()));
  EXPECT_LT((Jd.transpose() * Rd - Jtr).cwiseAbs().maxCoeff(),
            1e-13 * (1 + Jtr.cwiseAbs().maxCoeff()));
}

}  // namespace kanpde::test

namespace {

TEST(Assembler, GradientAndGaussNewtonMatchFiniteDifferences) {
  test::check_gradient_and_gauss_newton(false, make_terms(32));
}
TEST(Assembler, HardConstraintGradientMatchesFiniteDifferences) {
  test::check_gradient_and_gauss_newton(true, make_terms(32));
}

TEST(Assembler, HardConstraintHoldsOnTheBoundaryExactly) {
  const auto net = test::random_network({2, 5, 1}, 5, 3, 41);
  std::vector<double> xb;
  for (int q = 0; q <= 40; ++q) {
    const double s = -1 + q / 20.0;
    xb.insert(xb.end(), {-1.0, s, 1.0, s, s, -1.0, s, 1.0});
  }
  const std::size_t n = xb.size() / 2;
  const std::vector<double> gj = varying_g_jets(xb);
  std::vector<double> g(n);
  for (std::size_t p = 0; p < n; ++p) g[p] = gj[4 * p];
  const auto terms =
      std::vector<solver::PointTerm>{solver::dirichlet_term("boundary", 1.0, 2, xb, g)};
  solver::HardConstraint hc;
  hc.djet.push_back(square_distance_jets(xb));
  hc.gjet.push_back(gj);
  const Asm as(test::Exec(), terms, &hc);
  for (double r : as.residuals(net)) EXPECT_EQ(r, 0.0);
}

// Quadrature weights q_p (PointTerm::quad_weight): the loss is
// weight * mean_p q_p r_p^2 (against the plain evaluation's residuals), the
// gradient and the Gauss-Newton pieces stay exact (finite differences and a
// finite-difference Jacobian with rows sqrt(weight q_p / N) r_p), and weights
// of 2 double every loss term bitwise (a power of 2 scales every sum
// exactly; the Gauss-Newton rows carry sqrt(2 w), rounded: to round-off).
std::vector<solver::PointTerm> weighted_terms(std::uint64_t seed) {
  auto terms = make_terms(seed);
  const auto q = test::random_points(static_cast<int>(terms[0].size()), 1, 0.2, 1.8, seed + 1);
  terms[0].quad_weight = q;
  terms[2].quad_weight.assign(terms[2].size(), 0.5);
  return terms;
}

TEST(Assembler, QuadratureWeightsEnterTheLossAndItsDerivatives) {
  const auto net = test::random_network({2, 4, 1}, 5, 3, 23);
  const auto terms = weighted_terms(24);
  const Asm as(test::Exec(), terms);
  const auto r = as.residuals(net);
  std::size_t p = 0;
  double total = 0.0;
  for (const auto& t : terms) {
    double sum = 0.0;
    for (std::size_t q = 0; q < t.size(); ++q, ++p)
      sum += (t.quad_weight.empty() ? 1.0 : t.quad_weight[q]) * r[p] * r[p];
    total += t.weight * sum / static_cast<double>(t.size());
  }
  EXPECT_NEAR(as.loss(net).total, total, 1e-13 * total);
  test::check_gradient_and_gauss_newton(false, terms);
  test::check_gradient_and_gauss_newton(true, terms);

  auto doubled = make_terms(24);
  for (auto& t : doubled) t.quad_weight.assign(t.size(), 2.0);
  const Asm plain(test::Exec(), make_terms(24)), twice(test::Exec(), doubled);
  const auto lp = plain.loss(net), lt = twice.loss(net);
  for (std::size_t t = 0; t < lp.values.size(); ++t) EXPECT_EQ(lt.values[t], 2.0 * lp.values[t]);
  Eigen::MatrixXd A, B;
  Eigen::VectorXd a, b;
  plain.gauss_newton(net, A, a);
  twice.gauss_newton(net, B, b);
  EXPECT_LT((B - 2.0 * A).cwiseAbs().maxCoeff(), 1e-14 * A.cwiseAbs().maxCoeff());
  EXPECT_LT((b - 2.0 * a).cwiseAbs().maxCoeff(), 1e-14 * a.cwiseAbs().maxCoeff());
  // Reweighting keeps the quadrature weights.
  EXPECT_EQ(twice.reweighted({1.0, 1.0, 1.0, 1.0})->loss(net).total, lt.total);
  auto bad = make_terms(24);
  bad[1].quad_weight = {1.0};
  EXPECT_THROW(Asm(test::Exec(), bad), InputError);
}

TEST(Assembler, BadInputIsRejected) {
  EXPECT_THROW(solver::interior_term("pde", 1.0, 2, {0.0, 0.0, 1.0}, {1.0}), InputError);
  EXPECT_THROW(solver::neumann_term("n", 1.0, 2, {0.0, 0.0}, {1.0}, {0.0}), InputError);
  EXPECT_THROW(solver::dirichlet_term("d", -1.0, 2, {0.0, 0.0}, {0.0}), InputError);
  const auto net = test::random_network({3, 2, 1}, 5, 3, 1);
  const Asm as(test::Exec(), make_terms(1));
  EXPECT_THROW(as.loss(net), InputError);
}

}  // namespace
