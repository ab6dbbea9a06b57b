// kanpde's Levenberg-Marquardt against Ceres Solver's trust regions on the
// same least-squares loss (issue 14 item 2). Built only when CMake finds
// Ceres (bench/CMakeLists.txt); nothing else depends on it.
//
//   bench_ceres_lm CASE.yaml --stage S [--warm W] [--iters K] [--set key=value]...
//
// The loss is the one the Trainer builds for stage S of the case (its
// interior point count, its LM options), at the case's initial network, or
// after stage W's optimizer (an Adam warm start) run for its steps. From the
// same parameters it runs kanpde's LM (one Trainer step per iteration) and
// Ceres with LEVENBERG_MARQUARDT over DENSE_QR and DENSE_NORMAL_CHOLESKY and
// with DOGLEG over DENSE_QR, each for at most K iterations with the stage's
// tolerance_change as Ceres' function_tolerance. Ceres' Jacobian is the
// assembler's dense J, its residuals the assembler's R (L = |R|^2; Ceres'
// cost is L / 2). Prints per-iteration loss and CPU time (history lines) and
// one summary line per method with the relative L2 error of u on the case's
// evaluation grid.
#include <ceres/ceres.h>

#include <Kokkos_Core.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Problem.hpp"
#include "solver/run/SolveSetup.hpp"
#include "solver/run/TrainSettings.hpp"
#include "solver/train/PinnObjective.hpp"

namespace {

using namespace kanpde;
using namespace kanpde::solver;
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double cpu_seconds() {
  return double(std::clock()) / CLOCKS_PER_SEC;
}

// The PINN residual vector R (N) of theta (P) with its Jacobian from the
// assembler's exact rows. Residual-only calls use the assembler's unweighted
// residuals times the per-point factor R_p / r_p measured once at theta0 (the
// weights do not change), so that a trial step costs a loss evaluation, as
// in kanpde's LM, not a Jacobian.
class PinnCost : public ceres::CostFunction {
 public:
  PinnCost(PinnObjective<>& obj, const Assembler<>& as, const SolveNet& net,
           const optim::Vector& theta0)
      : obj_(obj), as_(as), net_(net) {
    obj_.jacobian(theta0, J_, R_);
    const std::vector<double> r = as_.residuals(net_);
    scale_.resize(R_.size());
    for (Eigen::Index p = 0; p < R_.size(); ++p) {
      KANPDE_VERIFY(r[std::size_t(p)] != 0.0, "a zero residual at the start: no weight measured");
      scale_(p) = R_(p) / r[std::size_t(p)];
    }
    set_num_residuals(int(R_.size()));
    mutable_parameter_block_sizes()->push_back(int(theta0.size()));
  }
  bool Evaluate(double const* const* parameters, double* residuals,
                double** jacobians) const override {
    const Eigen::Map<const optim::Vector> theta(parameters[0], parameter_block_sizes()[0]);
    Eigen::Map<optim::Vector> R(residuals, num_residuals());
    if (jacobians != nullptr && jacobians[0] != nullptr) {
      obj_.jacobian(theta, J_, R_);
      R = R_;
      Eigen::Map<RowMatrix>(jacobians[0], J_.rows(), J_.cols()) = J_;
      ++jacobians_;
    } else {
      obj_.load(theta);
      const std::vector<double> r = as_.residuals(net_);
      R = scale_.cwiseProduct(Eigen::Map<const optim::Vector>(r.data(), num_residuals()));
      ++values_;
    }
    return R.allFinite();
  }
  int jacobians() const { return jacobians_; }
  int values() const { return values_; }

 private:
  PinnObjective<>& obj_;
  const Assembler<>& as_;
  const SolveNet& net_;
  mutable optim::Matrix J_;
  mutable optim::Vector R_;
  optim::Vector scale_;
  mutable int jacobians_ = 0, values_ = 0;
};

struct History : ceres::IterationCallback {
  double cpu0 = cpu_seconds();
  std::string name;
  ceres::CallbackReturnType operator()(const ceres::IterationSummary& s) override {
    std::printf("history %s %d %.6e %.3f %d\n", name.c_str(), s.iteration, 2 * s.cost,
                cpu_seconds() - cpu0, int(s.step_is_successful));
    return ceres::SOLVER_CONTINUE;
  }
};

struct Setup {
  CaseSpec spec;
  geometry::DomainPtr domain;
  HardDirichlet hd;
  std::shared_ptr<const Assembler<>> as;
  AccuracyGrid acc;
};

double rel_l2(const Setup& s, SolveNet& net, PinnObjective<>& obj, const optim::Vector& theta) {
  if (!s.acc.exact) return std::nan("");
  obj.load(theta);
  const Field u = evaluate_solution(net, s.acc.grid.x, s.acc.grid.dim, *s.domain, s.hd);
  double e = 0, n = 0;
  for (std::size_t i = 0; i < u.u.size(); ++i) {
    const double d = u.u[i] - s.acc.exact->u[i];
    e += d * d;
    n += s.acc.exact->u[i] * s.acc.exact->u[i];
  }
  return std::sqrt(e / n);
}

void report(const char* name, int iters, int jacs, int vals, double L, double cpu, double wall,
            double err) {
  std::printf(
      "summary %-22s iterations %4d jacobians %4d values %4d loss %.6e cpu %.3f wall %.3f "
      "rel_l2 %.3e\n",
      name, iters, jacs, vals, L, cpu, wall, err);
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_ceres_lm CASE.yaml --stage S [--warm W] [--iters K] [--set k=v]\n";
    return 2;
  }
  int stage = 0, warm = -1, iters = -1;
  std::vector<std::string> sets;
  for (int i = 2; i < argc; i += 2) {
    if (i + 1 == argc) {
      std::cerr << "option " << argv[i] << " needs a value\n";
      return 2;
    }
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--stage")
      stage = std::stoi(v);
    else if (a == "--warm")
      warm = std::stoi(v);
    else if (a == "--iters")
      iters = std::stoi(v);
    else if (a == "--set")
      sets.push_back(v);
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  Setup s;
  s.spec = load_case(argv[1], sets);
  s.domain = build_domain(s.spec.domain);
  s.hd = hard_dirichlet(s.spec);
  const TrainOptions to = train_options(s.spec);
  KANPDE_REQUIRE(stage >= 0 && std::size_t(stage) < to.stages.size(), "no stage " << stage);
  const Stage& st = to.stages[std::size_t(stage)];
  KANPDE_REQUIRE(st.optimizer.is<optim::LevenbergMarquardt>(),
                 "stage " << stage << " is not an lm stage");
  const optim::LmOptions& lmo = st.optimizer.options<optim::LevenbergMarquardt>();
  if (iters < 0) iters = st.steps;
  const SampledProblem sp =
      sample_problem(s.spec, *s.domain, 0, stage_points(s.spec, stage), &s.hd);
  s.as = make_assembler(sp, parallel::Comm::serial());
  s.acc = make_accuracy_grid(s.spec, *s.domain);
  SolveNet net(network_spec(s.spec.model.kan, *s.domain));
  PinnObjective<> obj(*s.as, net);
  optim::Vector theta0 = obj.parameters();
  if (warm >= 0) {
    const Stage& ws = to.stages[std::size_t(warm)];
    const auto opt = ws.optimizer.create();
    for (int k = 0; k < ws.steps; ++k) opt->step(obj, theta0);
  }
  std::printf("case %s stage %d points %zu params %ld warm %d loss0 %.6e rel_l2_0 %.3e\n",
              s.spec.name.c_str(), stage, s.as->num_points(), long(theta0.size()), warm,
              obj.value(theta0), rel_l2(s, net, obj, theta0));

  {  // Where the time of one Gauss-Newton system goes: kanpde's assembled
     // J^T J against the dense J and Eigen's J^T J (what Ceres' normal
     // Cholesky does), 10 repetitions each at theta0.
    optim::Matrix JtJ, J;
    optim::Vector Jtr, R;
    double c0 = cpu_seconds();
    for (int k = 0; k < 10; ++k) obj.gauss_newton(theta0, JtJ, Jtr);
    const double gram = (cpu_seconds() - c0) / 10;
    c0 = cpu_seconds();
    for (int k = 0; k < 10; ++k) obj.jacobian(theta0, J, R);
    const double jac = (cpu_seconds() - c0) / 10;
    c0 = cpu_seconds();
    optim::Matrix G;
    for (int k = 0; k < 10; ++k) {
      G.setZero(J.cols(), J.cols());
      G.selfadjointView<Eigen::Lower>().rankUpdate(J.transpose());
    }
    const double dense = (cpu_seconds() - c0) / 10;
    std::printf("gram kanpde_gauss_newton %.4f s; dense_jacobian %.4f s + eigen_JtJ %.4f s\n", gram,
                jac, dense);
  }

  // kanpde's LM, as the Trainer drives it: the stage's linear solve, then QR.
  std::vector<optim::LmSolve> solves = {lmo.solve};
  if (lmo.solve != optim::LmSolve::qr) solves.push_back(optim::LmSolve::qr);
  for (const optim::LmSolve solve : solves) {
    optim::LmOptions ls = lmo;
    ls.solve = solve;
    const char* name = solve == optim::LmSolve::qr        ? "kanpde_lm_qr"
                       : solve == optim::LmSolve::refined ? "kanpde_lm_refined"
                                                          : "kanpde_lm_cholesky";
    optim::Vector theta = theta0;
    optim::LevenbergMarquardt lm(ls);
    const double c0 = cpu_seconds();
    const auto w0 = std::chrono::steady_clock::now();
    int k = 0, evals = 0;
    double L = obj.value(theta);
    for (; k < iters; ++k) {
      const optim::StepResult r = lm.step(obj, theta);
      evals += r.evaluations;
      L = r.loss;
      std::printf("history %s %d %.6e %.3f 1\n", name, k + 1, L, cpu_seconds() - c0);
      if (r.converged) {
        ++k;
        break;
      }
    }
    const double cpu = cpu_seconds() - c0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    report(name, k, k, evals - k, L, cpu, wall, rel_l2(s, net, obj, theta));
  }

  struct Variant {
    const char* name;
    ceres::TrustRegionStrategyType tr;
    ceres::LinearSolverType ls;
  };
  const Variant variants[] = {
      {"ceres_lm_dense_qr", ceres::LEVENBERG_MARQUARDT, ceres::DENSE_QR},
      {"ceres_lm_normal_chol", ceres::LEVENBERG_MARQUARDT, ceres::DENSE_NORMAL_CHOLESKY},
      {"ceres_dogleg_dense_qr", ceres::DOGLEG, ceres::DENSE_QR},
  };
  for (const Variant& v : variants) {
    std::vector<double> theta(theta0.data(), theta0.data() + theta0.size());
    auto* cost = new PinnCost(obj, *s.as, net, theta0);  // owned by the problem
    ceres::Problem problem;
    problem.AddResidualBlock(cost, nullptr, theta.data());
    ceres::Solver::Options o;
    o.minimizer_type = ceres::TRUST_REGION;
    o.trust_region_strategy_type = v.tr;
    o.linear_solver_type = v.ls;
    o.max_num_iterations = iters;
    o.function_tolerance = lmo.tolerance_change;
    o.gradient_tolerance = 0;
    o.parameter_tolerance = 0;
    o.num_threads = 1;
    // Ceres' LM damping is 1 / radius on the same diag(J^T J) scaling: start
    // where kanpde's LM starts (lambda_init).
    o.initial_trust_region_radius = 1.0 / lmo.lambda_init;
    o.max_num_consecutive_invalid_steps = 30;
    History h;
    h.name = v.name;
    o.callbacks.push_back(&h);
    o.update_state_every_iteration = false;
    ceres::Solver::Summary sum;
    const double c0 = cpu_seconds();
    const auto w0 = std::chrono::steady_clock::now();
    ceres::Solve(o, &problem, &sum);
    const double cpu = cpu_seconds() - c0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    const optim::Vector t = Eigen::Map<const optim::Vector>(theta.data(), theta0.size());
    const double L = obj.value(t);
    report(v.name, int(sum.iterations.size()) - 1, cost->jacobians(), cost->values(), L, cpu, wall,
           rel_l2(s, net, obj, t));
    std::printf("ceres %s: %s; jacobian %.3f s, residuals %.3f s, linear solver %.3f s\n", v.name,
                sum.BriefReport().c_str(), sum.jacobian_evaluation_time_in_seconds,
                sum.residual_evaluation_time_in_seconds, sum.linear_solver_time_in_seconds);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard guard(argc, argv);
  try {
    return run(argc, argv);
  } catch (const kanpde::InputError& e) {  // the case or an option: exit status 2
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
