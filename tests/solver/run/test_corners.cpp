// The corner enrichment u = G + D N + sum_c a_c S_c (solver/pde/
// CornerEnrichment.hpp, `domain.corners`): which corners the loader enriches,
// the amplitude's Jacobian column and gradient entry against finite
// differences and against the operator applied to S directly (soft and exact
// boundary conditions), a collocation point on the vertex, the folded form
// used for evaluation, and the effect of the key on a solve.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "common/Error.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/Corners.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Problem.hpp"
#include "solver/run/Solve.hpp"
#include "solver/train/PinnObjective.hpp"
#include "solver/train/UnknownSet.hpp"
#include "tests/solver/case/Helpers.hpp"

namespace kanpde::solver {
namespace {

using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;

Net small_network() {
  kan::NetworkSpec ns;
  ns.widths = {2, 3, 1};
  ns.seed = 2;
  ns.coef_noise = 0.5;
  return Net(ns);
}

// The L (-1,1)^2 minus the fourth quadrant (re-entrant vertex 2 at (0,0)).
std::string lshape(const std::string& boundary, const std::string& extra = "") {
  return "domain:\n"
         "  type: polygon\n"
         "  vertices: [[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]]\n" +
         extra +
         "pde: {source: \"1 + x\"}\n"
         "boundary:\n" +
         boundary +
         "sampling: {interior: {count: 40}, boundary: {count: 30}}\n"
         "reference: {enabled: false}\n";
}

std::string load_error(const std::string& text) {
  return test::load_error(text, "c.yaml");
}

// A comb of six teeth on a base: ten re-entrant vertices, two more than the
// kernel's extra scalars; the loader enriches eight and says so.
// The exact solution's gradient for the accuracy table: the L-shape's atan2
// form jumps by 2 pi across the edge y = 0, x > 0, so a central difference at
// a node on that edge steps over the cut; it must difference on the domain's
// side and match the analytic gradient of r^(2/3) sin(2 theta / 3).
TEST(Corners, ExactGradientDifferencesInsideTheDomain) {
  const CaseSpec cs = load_case_text(lshape("  - {parts: all, type: dirichlet, value: 0}\n"), "c");
  const geometry::DomainPtr dom = build_domain(cs.domain);
  const Expression u =
      Expression::compile("(x^2 + y^2)^(1/3) * sin(2/3 * (atan2(y, x) + (y < 0 ? 2*pi : 0)))", 2);
  const std::vector<double> x = {0.5, 0.0, -0.4, 0.3, 0.0, -0.5};
  const Field f = evaluate_exact(u, x, *dom);
  for (std::size_t p = 0; p < 3; ++p) {
    const double px = x[2 * p], py = x[2 * p + 1];
    const double r = std::hypot(px, py), t = std::atan2(py, px) + (py < 0 ? 2 * M_PI : 0.0);
    // u_r and (1/r) u_theta, turned into Cartesian components.
    const double ur = 2.0 / 3.0 * std::pow(r, -1.0 / 3.0) * std::sin(2.0 * t / 3.0);
    const double ut = 2.0 / 3.0 * std::pow(r, -1.0 / 3.0) * std::cos(2.0 * t / 3.0);
    const double gx = ur * std::cos(t) - ut * std::sin(t), gy = ur * std::sin(t) + ut * std::cos(t);
    // One-sided steps of 2e-5: truncation about h |u''| ~ 1e-4 at r = 0.5.
    EXPECT_NEAR(f.grad[2 * p], gx, 2e-4) << "point " << p;
    EXPECT_NEAR(f.grad[2 * p + 1], gy, 2e-4) << "point " << p;
  }
}

TEST(Corners, CornersBeyondTheCapAreReportedNotDropped) {
  std::ostringstream v;
  const int n = 6;
  v << "[[0, 0], [" << 2 * n - 1 << ", 0]";
  for (int i = n - 1; i >= 0; --i) {
    v << ", [" << 2 * i + 1 << ", 2], [" << 2 * i << ", 2]";
    if (i > 0) v << ", [" << 2 * i << ", 1], [" << 2 * i - 1 << ", 1]";
  }
  v << "]";
  const std::string text = "domain: {type: polygon, vertices: " + v.str() +
                           "}\n"
                           "pde: {source: \"1\"}\n"
                           "boundary:\n  - {parts: all, type: dirichlet, value: 0}\n"
                           "sampling: {interior: {count: 40}, boundary: {count: 30}}\n"
                           "reference: {enabled: false}\n";
  const CaseSpec cs = load_case_text(text, "comb.yaml");
  EXPECT_EQ(enriched_corners(cs).size(), std::size_t(kMaxExtraScalars));
  EXPECT_EQ(corners_left_out(cs), 2u);
  ASSERT_TRUE(cs.corner_amplitudes);
  EXPECT_EQ(cs.corner_amplitudes->names.size(), std::size_t(kMaxExtraScalars));
  EXPECT_NE(cs.to_yaml().find("# 2 more re-entrant corner(s) not enriched"), std::string::npos);
  // The L has one, well inside the cap.
  EXPECT_EQ(corners_left_out(
                load_case_text(lshape("  - {parts: all, type: dirichlet, value: 0}\n"), "c")),
            0u);
}

TEST(Corners, AutoEnrichesReentrantDirichletAndNeumannCorners) {
  const CaseSpec on = load_case_text(lshape("  - {parts: all, type: dirichlet, value: 0}\n"), "c");
  ASSERT_TRUE(on.corner_amplitudes);
  EXPECT_EQ(on.corner_amplitudes->names, std::vector<std::string>{"corner2"});
  ASSERT_EQ(enriched_corners(on).size(), 1u);
  EXPECT_NE(on.to_yaml().find("# corner enrichment at vertex 2 (0, 0)"), std::string::npos);
  EXPECT_NE(on.to_yaml().find("corners: auto"), std::string::npos);
  // A Neumann edge at the corner: the mixed kind, theta from the Dirichlet
  // edge (edge1 here, the edge at theta = omega: flipped); two Neumann edges:
  // the cosine kind; a Robin edge: none.
  const CaseSpec mixed = load_case_text(
      lshape("  - {parts: [edge2], type: neumann, value: 0}\n"
             "  - {parts: [edge0, edge1, edge3, edge4, edge5], type: dirichlet, value: 0}\n"),
      "c");
  ASSERT_EQ(enriched_corners(mixed).size(), 1u);
  EXPECT_EQ(enriched_corners(mixed).front().kind, geometry::CornerKind::mixed);
  EXPECT_TRUE(enriched_corners(mixed).front().flip);
  EXPECT_NEAR(enriched_corners(mixed).front().exponent(), 1.0 / 3.0, 1e-15);
  EXPECT_TRUE(std::isinf(enriched_corners(mixed).front().radius));  // soft data: wide support
  EXPECT_NE(mixed.to_yaml().find("vertex 2 (0, 0): Dirichlet-Neumann"), std::string::npos);
  const CaseSpec nn = load_case_text(
      lshape("  - {parts: [edge1, edge2], type: neumann, value: 0}\n"
             "  - {parts: [edge0, edge3, edge4, edge5], type: dirichlet, value: 0}\n"),
      "c");
  ASSERT_EQ(enriched_corners(nn).size(), 1u);
  EXPECT_EQ(enriched_corners(nn).front().kind, geometry::CornerKind::neumann);
  EXPECT_NEAR(enriched_corners(nn).front().exponent(), 2.0 / 3.0, 1e-15);
  // Exact data on an edge elsewhere: the compact support (S vanishes there).
  const CaseSpec hard = load_case_text(
      lshape("  - {parts: [edge2], type: neumann, value: 0}\n"
             "  - {parts: [edge0, edge1, edge3, edge4, edge5], type: dirichlet, value: 0, "
             "enforce: hard}\n"),
      "c");
  ASSERT_EQ(enriched_corners(hard).size(), 1u);
  EXPECT_DOUBLE_EQ(enriched_corners(hard).front().radius, 1.0);
  EXPECT_FALSE(
      load_case_text(
          lshape("  - {parts: [edge2], type: robin, a: 1, b: 1, value: 0}\n"
                 "  - {parts: [edge0, edge1, edge3, edge4, edge5], type: dirichlet, value: 0}\n"),
          "c")
          .corner_amplitudes);
  // none; a general equation; a convex polygon.
  EXPECT_FALSE(
      load_case_text(lshape("  - {parts: all, type: dirichlet, value: 0}\n", "  corners: none\n"),
                     "c")
          .corner_amplitudes);
  std::string eq = lshape("  - {parts: all, type: dirichlet, value: 0}\n");
  eq.replace(eq.find("pde: {source: \"1 + x\"}"), 22, "pde: {equation: \"-lap(u) = 1\"}");
  EXPECT_FALSE(load_case_text(eq, "c").corner_amplitudes);
  EXPECT_FALSE(load_case_text("domain: {type: polygon, vertices: [[0, 0], [1, 0], [0, 1]]}\n"
                              "pde: {source: \"1\"}\n"
                              "boundary: [{parts: all, type: dirichlet, value: 0}]\n",
                              "c")
                   .corner_amplitudes);
}

TEST(Corners, BadKeysAreLocated) {
  const std::string bad =
      load_error(lshape("  - {parts: all, type: dirichlet, value: 0}\n", "  corners: always\n"));
  EXPECT_NE(bad.find("c.yaml:4:"), std::string::npos) << bad;
  EXPECT_NE(bad.find("none"), std::string::npos) << bad;
  const std::string op = load_error(
      "domain:\n"
      "  type: difference\n"
      "  operands:\n"
      "    - {type: box, min: [-1, -1], max: [1, 1]}\n"
      "    - {type: polygon, vertices: [[0, 0], [2, 0], [0, 2]], corners: none}\n"
      "pde: {source: \"1\"}\n"
      "boundary: [{parts: all, type: dirichlet, value: 0}]\n");
  EXPECT_NE(op.find("c.yaml:5:"), std::string::npos) << op;
  EXPECT_NE(op.find("whole domain"), std::string::npos) << op;
}

void check_amplitude_derivatives(bool hard) {
  const CaseSpec spec = load_case_text(
      lshape(std::string("  - {parts: all, type: dirichlet, value: \"x*y\", enforce: ") +
             (hard ? "hard" : "soft") + "}\n"),
      "c.yaml");
  ASSERT_TRUE(spec.corner_amplitudes);
  const auto domain = build_domain(spec.domain);
  SampledProblem sp = sample_problem(spec, *domain, 0);
  // A point exactly on the vertex joins the PDE term (its singular gradient
  // is dropped: the residual must stay finite).
  PointTerm& pde = sp.terms.front();
  std::vector<double> x = pde.x;
  x.insert(x.end(), {0.0, 0.0, 0.05, 0.02, -0.3, 0.4});
  pde = pde_term(spec, "pde", pde.weight, x);
  set_trial(sp, *domain, hard_dirichlet(spec));
  const auto as = make_assembler(sp, parallel::Comm::serial());
  ASSERT_EQ(as->num_unknowns(), 1);
  ASSERT_EQ(as->num_corners(), 1);
  Net net = small_network();
  const auto P = static_cast<Eigen::Index>(net.num_params());
  std::vector<double>& a = spec.corner_amplitudes->values;
  a[0] = 0.7;
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  const double L = as->jacobian(net, J, R).total;
  ASSERT_EQ(J.cols(), P + 1);
  ASSERT_TRUE(J.allFinite() && R.allFinite());
  // The column against central differences (u is linear in a: only
  // round-off, ~1e-16 |R| / h).
  const double h = 1e-4;
  Eigen::MatrixXd Jp, Jm;
  Eigen::VectorXd Rp, Rm;
  a[0] = 0.7 + h;
  const double Lp = as->jacobian(net, Jp, Rp).total;
  a[0] = 0.7 - h;
  const double Lm = as->jacobian(net, Jm, Rm).total;
  a[0] = 0.7;
  const Eigen::VectorXd col = J.col(P);
  EXPECT_GT(col.norm(), 1e-2);
  EXPECT_LT((col - (Rp - Rm) / (2 * h)).cwiseAbs().maxCoeff(), 1e-9 * (1 + col.norm()));
  // Independent reference: sqrt(w) times the operator applied to S itself,
  // -lap S at the PDE points, S at the soft Dirichlet points.
  const geometry::CornerSite site = enriched_corners(spec).front();
  Eigen::Index row = 0;
  for (const PointTerm& t : sp.terms) {
    const double sw = std::sqrt(t.weight / static_cast<double>(t.size()));
    for (std::size_t q = 0; q < t.size(); ++q, ++row) {
      const geometry::LaplacianJet s = geometry::corner_function(site, &t.x[2 * q]);
      const double ref = sw * (t.name == "pde" ? -s.lap : s.v);
      EXPECT_NEAR(col(row), ref, 1e-12 * (1 + std::abs(ref))) << t.name << " point " << q;
    }
  }
  // The gradient entry against the loss's central difference and 2 J^T R.
  Kokkos::View<double*> g("g", net.num_params());
  as->loss_and_gradient(net, g);
  const double dL = as->unknown_gradient()[0];
  EXPECT_NEAR(dL, (Lp - Lm) / (2 * h), 1e-7 * (1 + std::abs(dL)));
  EXPECT_NEAR(dL, 2 * col.dot(R), 1e-10 * (1 + std::abs(dL)));
  EXPECT_NEAR(L, R.squaredNorm(), 1e-12 * L);
  Eigen::MatrixXd JtJ;
  Eigen::VectorXd Jtr;
  as->gauss_newton(net, JtJ, Jtr);
  ASSERT_EQ(JtJ.rows(), P + 1);
  const Eigen::MatrixXd ref = J.transpose() * J;
  EXPECT_LT((JtJ - ref).cwiseAbs().maxCoeff(), 1e-10 * (1 + ref.cwiseAbs().maxCoeff()));
  EXPECT_LT((Jtr - J.transpose() * R).cwiseAbs().maxCoeff(), 1e-10 * (1 + Jtr.norm()));
  // Through the objective (amplitudes unbounded: s = a).
  UnknownSet set({spec.corner_amplitudes}, {UnknownBounds{}});
  PinnObjective<> obj(*as, net, &set);
  const optim::Vector theta = obj.parameters();
  ASSERT_EQ(theta.size(), P + 1);
  EXPECT_EQ(theta(P), 0.7);
  optim::Vector grad;
  obj.value_and_gradient(theta, grad);
  EXPECT_NEAR(grad(P), dL, 1e-12 * (1 + std::abs(dL)));
}

TEST(Corners, AmplitudeColumnSoftBoundary) {
  check_amplitude_derivatives(false);
}
TEST(Corners, AmplitudeColumnExactBoundary) {
  check_amplitude_derivatives(true);
}

TEST(Corners, EvaluationFoldsTheEnrichmentIntoG) {
  for (const char* enforce : {"soft", "hard"}) {
    const CaseSpec spec = load_case_text(
        lshape(std::string("  - {parts: all, type: dirichlet, value: \"x*y\", enforce: ") +
               enforce + "}\n"),
        "c.yaml");
    const auto domain = build_domain(spec.domain);
    const HardDirichlet hd = hard_dirichlet(spec);
    Net net = small_network();
    const std::vector<double> x = {0.1, 0.2, -0.2, -0.3, 0.5, 0.5, 0.0, 0.0};
    spec.corner_amplitudes->values[0] = 0.0;
    const Field f0 = evaluate_solution(net, x, 2, *domain, hd);
    spec.corner_amplitudes->values[0] = -1.5;
    const Field f1 = evaluate_solution(net, x, 2, *domain, hd);
    const geometry::CornerSite site = enriched_corners(spec).front();
    for (std::size_t p = 0; p < 4; ++p) {
      const geometry::LaplacianJet s = geometry::corner_function(site, &x[2 * p]);
      EXPECT_NEAR(f1.u[p], f0.u[p] - 1.5 * s.v, 1e-14) << enforce;
      EXPECT_NEAR(f1.grad[2 * p], f0.grad[2 * p] - 1.5 * s.g[0], 1e-12) << enforce;
      EXPECT_NEAR(f1.lap[p], f0.lap[p] - 1.5 * s.lap, 1e-11) << enforce;
    }
  }
}

// The key's effect on a solve: -lap u = 0 with u = r^(2/3) sin(2 theta/3) on
// the boundary (soft), whose exact answer is amplitude 1 and a smooth N.
// A short schedule; with the enrichment the amplitude comes out near 1 and
// the error far below the run without it.
TEST(Corners, EnrichmentImprovesTheLshapeSolve) {
  const std::string exact = "(x^2 + y^2)^(1/3) * sin(2/3 * (atan2(y, x) + (y < 0 ? 2*pi : 0)))";
  auto text = [&](const std::string& corners) {
    return "domain:\n"
           "  type: polygon\n"
           "  vertices: [[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]]\n"
           "  corners: " +
           corners +
           "\n"
           "pde: {source: \"0\", exact: \"" +
           exact +
           "\"}\n"
           "boundary: [{parts: all, type: dirichlet, enforce: soft, value: \"" +
           exact +
           "\"}]\n"
           "model: {kan: {widths: [2, 5, 1], grid_size: 5}}\n"
           "sampling: {interior: {count: 400}, boundary: {count: 200}}\n"
           "training:\n"
           "  stages:\n"
           "    - {optimizer: adam, steps: 20, lr: 0.01}\n"
           "    - {optimizer: lm, steps: 60}\n"
           "reference: {enabled: false}\n"
           "output: {grid: 21, plots: false}\n";
  };
  SolveOptions o;
  o.quiet = true;
  o.write = false;
  std::ostringstream out;
  const RunResults with = solve_case(load_case_text(text("auto"), "c.yaml"), o, out).results;
  const RunResults without = solve_case(load_case_text(text("none"), "c.yaml"), o, out).results;
  ASSERT_EQ(with.metrics.count("corner2_amplitude"), 1u);
  EXPECT_EQ(without.metrics.count("corner2_amplitude"), 0u);
  EXPECT_NEAR(with.metrics.at("corner2_amplitude"), 1.0, 0.1);
  const double e1 = with.metrics.at("kan_rel_l2"), e0 = without.metrics.at("kan_rel_l2");
  EXPECT_LT(e1, 0.3 * e0) << "with " << e1 << ", without " << e0;
  // The amplitude's history column.
  const auto& cols = with.history_columns;
  EXPECT_NE(std::find(cols.begin(), cols.end(), "corner2_amplitude"), cols.end());
}

// A Dirichlet-Neumann re-entrant corner: the L with Neumann data on edge1
// (x = 0, y < 0, outward normal (1, 0)) and Dirichlet data elsewhere, exact
// u = r^(1/3) sin(theta/3) + x y / 2 (harmonic; theta from edge2, the
// Dirichlet edge y = 0, x > 0, so du/dn = y/2 on edge1). With the enrichment
// the amplitude comes out near 1 and the error far below the run without.
TEST(Corners, MixedCornerEnrichmentImprovesTheSolve) {
  const std::string exact =
      "(x^2 + y^2)^(1/6) * sin(1/3 * (atan2(y, x) + (y < 0 ? 2*pi : 0))) + x*y/2";
  auto text = [&](const std::string& corners) {
    return "domain:\n"
           "  type: polygon\n"
           "  vertices: [[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]]\n"
           "  corners: " +
           corners +
           "\n"
           "pde: {source: \"0\", exact: \"" +
           exact +
           "\"}\n"
           "boundary:\n"
           "  - {parts: [edge0, edge2, edge3, edge4, edge5], type: dirichlet, value: \"" +
           exact +
           "\"}\n"
           "  - {parts: [edge1], type: neumann, value: \"y/2\"}\n"
           "model: {kan: {widths: [2, 5, 1], grid_size: 5}}\n"
           "sampling: {interior: {count: 400}, boundary: {count: 200}}\n"
           "training:\n"
           "  stages:\n"
           "    - {optimizer: adam, steps: 20, lr: 0.01}\n"
           "    - {optimizer: lm, steps: 60}\n"
           "reference: {enabled: false}\n"
           "output: {grid: 21, plots: false}\n";
  };
  const CaseSpec on = load_case_text(text("auto"), "c.yaml");
  ASSERT_EQ(enriched_corners(on).size(), 1u);
  EXPECT_EQ(enriched_corners(on).front().kind, geometry::CornerKind::mixed);
  EXPECT_FALSE(enriched_corners(on).front().flip);  // edge2 is at theta = 0
  SolveOptions o;
  o.quiet = true;
  o.write = false;
  std::ostringstream out;
  const RunResults with = solve_case(on, o, out).results;
  const RunResults without = solve_case(load_case_text(text("none"), "c.yaml"), o, out).results;
  EXPECT_NEAR(with.metrics.at("corner2_amplitude"), 1.0, 0.1);
  const double e1 = with.metrics.at("kan_rel_l2"), e0 = without.metrics.at("kan_rel_l2");
  EXPECT_LT(e1, 0.3 * e0) << "with " << e1 << ", without " << e0;
}

}  // namespace
}  // namespace kanpde::solver
