// Unknown scalars of inverse problems (issue 16): the bound maps, dr/dk as
// Jacobian columns and gradient entries against finite differences (soft and
// exact boundary conditions), exact recovery from noise-free data, bounds,
// the checkpoint round trip, and located errors for bad `unknowns:` entries.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "common/Error.hpp"
#include "common/H5.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/ForwardCase.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Problem.hpp"
#include "solver/run/Solve.hpp"
#include "solver/train/PinnObjective.hpp"
#include "solver/train/UnknownSet.hpp"
#include "tests/solver/case/Helpers.hpp"

namespace kanpde::solver {
namespace {

using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;

std::string tmp(const std::string& name) {
  return "/tmp/kanpde_unknowns_" + std::to_string(getpid()) + "_" + name;
}

std::string load_error(const std::string& text) {
  return test::load_error(text, "c.yaml");
}

TEST(UnknownSet, MapsStayInsideTheirBoundsAndDifferentiate) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<UnknownBounds> kinds = {{0.5, 3.0}, {0.5, inf}, {-inf, 3.0}, {-inf, inf}};
  for (const UnknownBounds& b : kinds) {
    for (double k : {0.75, 1.0, 2.5}) {
      const double s = UnknownSet::variable(b, k);
      EXPECT_NEAR(UnknownSet::value(b, s), k, 1e-13);
      // dk/ds against central differences (h = 1e-5: truncation ~1e-10).
      const double h = 1e-5;
      const double fd = (UnknownSet::value(b, s + h) - UnknownSet::value(b, s - h)) / (2 * h);
      EXPECT_NEAR(UnknownSet::derivative(b, s), fd, 1e-9);
    }
    for (double s : {-60.0, 60.0}) {
      const double k = UnknownSet::value(b, s);
      EXPECT_TRUE(k >= b.min && k <= b.max) << k;
    }
  }
  EXPECT_THROW(UnknownSet::variable(kinds[0], 3.0), InputError);
}

// A 2D problem whose equation, coefficient and boundary value read two
// unknowns nonlinearly: -k lap u + k^2 u = f with f = k sin(x) + c y, and
// (soft) u = c + x c^2 on the boundary or (exact) u = x y there.
std::string derivative_case(bool hard) {
  return std::string(
             "unknowns: {k: {init: 1.3, min: 0}, c: {init: 0.2, min: -1, max: 1}}\n"
             "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
             "pde:\n"
             "  equation: \"-k*lap(u) + k^2*u = f\"\n"
             "  coefficients: {f: \"k*sin(x) + c*y\"}\n"
             "boundary:\n") +
         (hard ? "  - {parts: all, type: dirichlet, value: \"x*y\"}\n"
               : "  - {parts: all, type: dirichlet, value: \"c + x*c^2\"}\n") +
         "sampling: {interior: {count: 30}, boundary: {count: 20}}\n"
         "reference: {enabled: false}\n";
}

// Assembler::gauss_newton on the device path, both kernel shapes, against the
// host path's JtJ and Jtr: bitwise.
void check_device_gram(const Assembler<>& as, const Net& net, const Eigen::MatrixXd& JtJ,
                       const Eigen::VectorXd& Jtr) {
  Assembler<> dev(as);
  dev.set_gram_path(GramPath::device);
  for (const GramKernel kernel : {GramKernel::flat, GramKernel::team}) {
    dev.set_device_gram(std::size_t(1), kernel);  // one block per batch
    Eigen::MatrixXd A;
    Eigen::VectorXd b;
    dev.gauss_newton(net, A, b);
    ASSERT_EQ(A.rows(), JtJ.rows());
    ASSERT_EQ(b.size(), Jtr.size());
    EXPECT_EQ(std::memcmp(A.data(), JtJ.data(), sizeof(double) * std::size_t(A.size())), 0);
    EXPECT_EQ(std::memcmp(b.data(), Jtr.data(), sizeof(double) * std::size_t(b.size())), 0);
  }
}

void check_unknown_derivatives(bool hard) {
  const CaseSpec spec = load_case_text(derivative_case(hard), "c.yaml");
  ASSERT_TRUE(spec.unknown_values);
  const auto domain = build_domain(spec.domain);
  const SampledProblem sp = sample_problem(spec, *domain, 0);
  EXPECT_EQ(sp.hard.has_value(), hard);
  const auto as = make_assembler(sp, parallel::Comm::serial());
  ASSERT_EQ(as->num_unknowns(), 2);
  kan::NetworkSpec ns;
  ns.widths = {2, 4, 1};
  ns.seed = 3;
  ns.coef_noise = 0.5;
  Net net(ns);
  const auto P = static_cast<Eigen::Index>(net.num_params());
  std::vector<double>& k = spec.unknown_values->values;
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  const double L = as->jacobian(net, J, R).total;
  ASSERT_EQ(J.cols(), P + 2);
  // Columns dR/dk against central differences (h = 1e-5: truncation
  // ~1e-10 relative, round-off ~1e-11).
  for (int u = 0; u < 2; ++u) {
    const double k0 = k[std::size_t(u)], h = 1e-5;
    Eigen::MatrixXd Jp, Jm;
    Eigen::VectorXd Rp, Rm;
    k[std::size_t(u)] = k0 + h;
    const double Lp = as->jacobian(net, Jp, Rp).total;
    k[std::size_t(u)] = k0 - h;
    const double Lm = as->jacobian(net, Jm, Rm).total;
    k[std::size_t(u)] = k0;
    const Eigen::VectorXd fd = (Rp - Rm) / (2 * h);
    const Eigen::VectorXd col = J.col(P + u);
    EXPECT_GT(col.norm(), 1e-3) << "unknown " << u << " has no effect";
    EXPECT_LT((col - fd).cwiseAbs().maxCoeff(), 1e-7 * (1 + col.cwiseAbs().maxCoeff())) << u;
    // The gradient entry against the loss's central difference, and 2 J^T R.
    Kokkos::View<double*> g("g", net.num_params());
    as->loss_and_gradient(net, g);
    const double dL = as->unknown_gradient()[std::size_t(u)];
    EXPECT_NEAR(dL, (Lp - Lm) / (2 * h), 1e-6 * (1 + std::abs(dL))) << u;
    EXPECT_NEAR(dL, 2 * col.dot(R), 1e-10 * (1 + std::abs(dL))) << u;
  }
  EXPECT_NEAR(L, R.squaredNorm(), 1e-12 * L);
  // The Gauss-Newton pieces with the unknowns' blocks are J^T J and J^T R.
  Eigen::MatrixXd JtJ;
  Eigen::VectorXd Jtr;
  as->gauss_newton(net, JtJ, Jtr);
  ASSERT_EQ(JtJ.rows(), P + 2);
  const Eigen::MatrixXd ref = J.transpose() * J;
  EXPECT_LT((JtJ - ref).cwiseAbs().maxCoeff(), 1e-10 * (1 + ref.cwiseAbs().maxCoeff()));
  EXPECT_LT((Jtr - J.transpose() * R).cwiseAbs().maxCoeff(), 1e-10 * (1 + Jtr.norm()));
  // The device path (solver/pde/DeviceGram.hpp) gives the same bits, the
  // unknowns' columns included.
  check_device_gram(*as, net, JtJ, Jtr);

  // The objective's variables s (k = map(s)): its gradient entries against
  // central differences of its value.
  std::vector<UnknownBounds> b;
  for (const auto& u : spec.unknowns) b.push_back({u.min, u.max});
  UnknownSet set(spec.unknown_values, b);
  PinnObjective<> obj(*as, net, &set);
  const optim::Vector theta = obj.parameters();
  ASSERT_EQ(theta.size(), P + 2);
  optim::Vector grad;
  obj.value_and_gradient(theta, grad);
  optim::Matrix OJ;
  optim::Vector OR;
  obj.jacobian(theta, OJ, OR);
  for (int u = 0; u < 2; ++u) {
    const double h = 1e-5;
    optim::Vector tp = theta, tm = theta;
    tp(P + u) += h;
    tm(P + u) -= h;
    const double fd = (obj.value(tp) - obj.value(tm)) / (2 * h);
    EXPECT_NEAR(grad(P + u), fd, 1e-6 * (1 + std::abs(fd))) << u;
    EXPECT_NEAR(grad(P + u), 2 * OJ.col(P + u).dot(OR), 1e-10 * (1 + std::abs(fd))) << u;
  }
}

// Several blocks per term (700 interior points: 3 blocks): the unknowns' blocks summed in the block
// tree on the device.
TEST(Unknowns, DeviceGramWithSeveralBlocks) {
  for (const bool hard : {false, true}) {
    std::string text = derivative_case(hard);
    const std::string from = "interior: {count: 30}, boundary: {count: 20}";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "interior: {count: 700}, boundary: {count: 300}");
    const CaseSpec spec = load_case_text(text, "c.yaml");
    const auto domain = build_domain(spec.domain);
    const auto as = make_assembler(sample_problem(spec, *domain, 0), parallel::Comm::serial());
    ASSERT_EQ(as->num_unknowns(), 2);
    ASSERT_GE(as->num_blocks(), 3u);
    kan::NetworkSpec ns;
    ns.widths = {2, 3, 1};
    ns.seed = 5;
    ns.coef_noise = 0.5;
    const Net net(ns);
    Eigen::MatrixXd JtJ;
    Eigen::VectorXd Jtr;
    as->gauss_newton(net, JtJ, Jtr);
    ASSERT_EQ(JtJ.rows(), static_cast<Eigen::Index>(net.num_params()) + 2);
    EXPECT_GT(JtJ.bottomRightCorner(2, 2).norm(), 0.0);
    check_device_gram(*as, net, JtJ, Jtr);
  }
}

TEST(Unknowns, JacobianColumnsAndGradientSoftBoundary) {
  check_unknown_derivatives(false);
}
TEST(Unknowns, JacobianColumnsAndGradientExactBoundary) {
  check_unknown_derivatives(true);
}

// -k u'' = 4 on (0, 1), u = 0 at both ends: u = x (1 - x) and k = 2. The
// data are exact values of u; the network can represent u exactly (cubic
// splines hold the quadratic), so the answer is unique and reached to
// round-off level.
std::string recovery_case(const std::string& data, const std::string& k) {
  return "unknowns: {k: " + k +
         "}\n"
         "domain: {type: interval, min: 0, max: 1}\n"
         "pde:\n"
         "  equation: \"-k*lap(u) = 4\"\n"
         "  exact: \"x*(1 - x)\"\n"
         "boundary:\n"
         "  - {parts: all, type: dirichlet, value: 0}\n"
         "data:\n"
         "  - {file: " +
         data +
         ", columns: [x, u]}\n"
         "model: {kan: {widths: [1, 2, 1], grid_size: 4}}\n"
         "sampling: {interior: {count: 30, method: grid}, boundary: {count: 2}}\n"
         "training:\n"
         "  balance: {method: none}\n"
         "  stages:\n"
         "    - {optimizer: adam, steps: 50, lr: 0.01}\n"
         "    - {optimizer: lm, steps: 150}\n"
         "reference: {enabled: false}\n"
         "output: {grid: 11, plots: false}\n";
}

std::string write_data() {
  std::ostringstream s;
  s.precision(17);
  s << "x,u\n";
  for (int i = 1; i < 20; ++i) {
    const double x = i / 20.0;
    s << x << "," << x * (1 - x) << "\n";
  }
  const std::string p = tmp("exact.csv");
  std::ofstream(p) << s.str();
  return p;
}

RunResults solve(const CaseSpec& spec, const std::string& dir = "", int checkpoint_every = 0,
                 const std::string& resume = "") {
  SolveOptions o;
  o.quiet = true;
  o.write = !dir.empty();
  o.out_dir = dir;
  o.force = true;
  o.checkpoint_every = checkpoint_every;
  o.resume = resume;
  std::ostringstream out;
  return solve_case(spec, o, out).results;
}

TEST(Unknowns, ExactRecoveryFromNoiseFreeData) {
  const CaseSpec spec =
      load_case_text(recovery_case(write_data(), "{init: 1, min: 0, exact: 2}"), "c.yaml");
  const RunResults r = solve(spec);
  ASSERT_EQ(r.unknown_values.size(), 1u);
  // Noise-free data and an exactly representable u: 1e-6 relative is far
  // above the round-off level the LM stage reaches, far below any bias.
  EXPECT_NEAR(r.unknown_values[0], 2.0, 2e-6);
  EXPECT_NEAR(r.metrics.at("unknown_k_rel_error"), std::abs(r.unknown_values[0] - 2) / 2, 1e-15);
  // The history has the unknown's column, from the initial value towards 2.
  const auto col = std::find(r.history_columns.begin(), r.history_columns.end(), "unknown_k");
  ASSERT_NE(col, r.history_columns.end());
  const std::size_t c = std::size_t(col - r.history_columns.begin());
  EXPECT_NEAR(r.history.back()[c], r.unknown_values[0], 1e-15);
  EXPECT_GT(std::abs(r.history.front()[c] - 2.0), 1e-3);
  // The same seeds reproduce the run bitwise.
  spec.unknown_values->values[0] = 7.0;  // solve starts from init, whatever was left
  EXPECT_EQ(solve(spec).unknown_values[0], r.unknown_values[0]);
}

TEST(Unknowns, BoundsAreRespected) {
  // The truth (2) lies above max: k ends at the bound, never beyond it.
  const CaseSpec spec =
      load_case_text(recovery_case(write_data(), "{init: 1.45, min: 0, max: 1.5}"), "c.yaml");
  const RunResults r = solve(spec);
  EXPECT_LE(r.unknown_values[0], 1.5);
  EXPECT_GT(r.unknown_values[0], 1.49);
  for (const auto& row : r.history) {
    const auto col = std::find(r.history_columns.begin(), r.history_columns.end(), "unknown_k");
    EXPECT_LE(row[std::size_t(col - r.history_columns.begin())], 1.5);
  }
}

TEST(Unknowns, CheckpointKeepsTheUnknowns) {
  const CaseSpec spec =
      load_case_text(recovery_case(write_data(), "{init: 1, min: 0, exact: 2}"), "c.yaml");
  const std::string dir = tmp("ckpt");
  const RunResults a = solve(spec, dir, 20);
  // The checkpoint after training holds the trained unknown: resuming from it
  // trains no further and reports the same value, bit for bit.
  const RunResults b = solve(spec, tmp("ckpt_b"), 20, dir + "/checkpoint.h5");
  EXPECT_EQ(a.unknown_values[0], b.unknown_values[0]);
  EXPECT_NE(b.unknown_values[0], 1.0);
  std::ifstream json(dir + "/summary.json");
  const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"unknowns\": {\"k\": {\"value\": "), std::string::npos) << text;
  // results.h5 /unknowns: written, read back.
  const h5::File f = h5::File::open_read(dir + "/results.h5");
  const h5::Group u = f.root().open_group("unknowns");
  EXPECT_EQ(u.read_string("names"), "k");
  EXPECT_EQ(u.read<double>("value"), a.unknown_values);
  EXPECT_EQ(u.read<double>("exact"), (std::vector<double>{2.0}));
  EXPECT_NEAR(u.read<double>("rel_error")[0], std::abs(a.unknown_values[0] - 2) / 2, 1e-16);
}

// A boundary constant under the shorthand form: the forward problem of the
// recovered c is one the FD reference solves, and (u quadratic: second-order
// differences are exact) it reproduces the exact data to round-off.
TEST(Unknowns, FdReSolvesTheRecoveredForwardProblem) {
  std::ostringstream s;
  s.precision(17);
  s << "x,u\n";
  for (int i = 1; i < 20; ++i) s << i / 20.0 << "," << 0.5 + i / 20.0 * (1 - i / 20.0) << "\n";
  const std::string data = tmp("fwd.csv");
  std::ofstream(data) << s.str();
  const CaseSpec spec = load_case_text(
      "unknowns: {c: {init: 0, exact: 0.5}}\n"
      "domain: {type: interval, min: 0, max: 1}\n"
      "pde: {source: \"2\", exact: \"0.5 + x*(1 - x)\"}\n"
      "boundary:\n"
      "  - {parts: all, type: dirichlet, value: \"c\"}\n"
      "data:\n"
      "  - {file: " +
          data +
          ", columns: [x, u]}\n"
          "model: {kan: {widths: [1, 2, 1], grid_size: 4}}\n"
          "sampling: {interior: {count: 30, method: grid}, boundary: {count: 2}}\n"
          "training:\n"
          "  balance: {method: none}\n"
          "  stages:\n"
          "    - {optimizer: adam, steps: 50, lr: 0.01}\n"
          "    - {optimizer: lm, steps: 100}\n"
          "reference: {resolution: 41}\n"
          "output: {grid: 41, plots: false}\n",
      "c.yaml");
  const RunResults r = solve(spec);
  EXPECT_NEAR(r.unknown_values[0], 0.5, 1e-6);
  EXPECT_EQ(r.metric_text.at("fd_forward"), "solved");
  // The FD solve of the recovered c against the data: the error of c and
  // round-off only.
  EXPECT_LT(r.metrics.at("fd_forward_data_rms"), 1e-5);
  EXPECT_EQ(r.metrics.at("fd_forward_data_points"), 19.0);
  // With c far off, the forward solve misses the data by that much.
  const CaseSpec off = forward_case(spec, {0.7});
  EXPECT_EQ(off.constants.back().name, "c");
  EXPECT_EQ(off.constants.back().value, 0.7);
  EXPECT_TRUE(off.unknowns.empty());
}

TEST(Unknowns, BadEntriesAreLocated) {
  const std::string rest =
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {equation: \"-k*lap(u) = 1\"}\n"
      "boundary:\n"
      "  - {parts: all, type: dirichlet, value: 0}\n"
      "reference: {enabled: false}\n";
  auto has = [](const std::string& err, const std::string& what) {
    EXPECT_NE(err.find(what), std::string::npos) << err;
  };
  has(load_error("unknowns: {k: {init: 2, min: 0, max: 1}}\n" + rest),
      "c.yaml:1:22: unknowns.k.init: init must lie strictly inside (min, max) = (0, 1)");
  has(load_error("unknowns: {k: {init: 0.5, min: 1, max: 0}}\n" + rest),
      "c.yaml:1:40: unknowns.k.max: max must be greater than min");
  has(load_error("constants: {k: 1}\nunknowns: {k: {init: 1}}\n" + rest),
      "c.yaml:2:15: unknowns.k: unknown name \"k\" is also a constant");
  has(load_error("unknowns: {x: {init: 1}}\n" + rest), "unknown name \"x\" is reserved");
  has(load_error("unknowns: {k: {init: 1, lo: 0}}\n" + rest), "c.yaml:1:25: unknowns.k");
  has(load_error("unknowns: {k: {min: 0}}\n" + rest), "missing required key \"init\"");
  has(load_error("unknowns: {k: 1}\n" + rest), "c.yaml:1:15: unknowns.k: expected a map");
  // Unknowns need the general form; a value that reads one is not imposed exactly.
  has(load_error("unknowns: {k: {init: 1}}\n"
                 "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
                 "pde: {source: \"k\"}\n"
                 "boundary:\n"
                 "  - {parts: all, type: dirichlet, value: 0}\n"),
      "c.yaml:3:15: pde.source: unknown scalars are read by the general form only");
  has(load_error("unknowns: {k: {init: 1}}\n"
                 "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
                 "pde: {equation: \"-lap(u) = 1\"}\n"
                 "boundary:\n"
                 "  - {parts: all, type: dirichlet, value: \"k\", enforce: hard}\n"
                 "reference: {enabled: false}\n"),
      "use enforce: soft");
  // A coefficient that reads an unknown is checked where it is written.
  has(load_error("unknowns: {k: {init: 1}}\n"
                 "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
                 "pde: {equation: \"-lap(u) = f\", coefficients: {f: \"k*q\"}}\n"
                 "boundary:\n"
                 "  - {parts: all, type: dirichlet, value: 0}\n"
                 "reference: {enabled: false}\n"),
      "c.yaml:3:53: pde.coefficients.f: unknown variable \"q\"");
  // Each key has its effect: min and max are the bounds, exact is reported.
  const CaseSpec ok =
      load_case_text("unknowns: {k: {init: 1, min: 0.5, max: 4, exact: 2}}\n" + rest, "c.yaml");
  ASSERT_EQ(ok.unknowns.size(), 1u);
  EXPECT_EQ(ok.unknowns[0].min, 0.5);
  EXPECT_EQ(ok.unknowns[0].max, 4.0);
  EXPECT_EQ(*ok.unknowns[0].exact, 2.0);
  const CaseSpec back = load_case_text(ok.to_yaml(), "r.yaml");
  EXPECT_EQ(back.to_yaml(), ok.to_yaml());
}

}  // namespace
}  // namespace kanpde::solver
