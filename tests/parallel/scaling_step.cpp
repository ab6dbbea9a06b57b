// mpi_scaling_step: the cost of one gradient step (loss + gradient, reduced
// over ranks) and one Gauss-Newton assembly of a case, and of the reductions
// alone, for scaling measurements (BENCHMARKS.md section 6).
//
//   mpirun -np R mpi_scaling_step CASE.yaml [weak] [grid_size] [reps]
//
// strong (default): the case's point counts split over R ranks; weak: R times
// the case's points, so that each rank keeps the one-rank share. Times are
// medians over reps, of the slowest rank, printed by rank 0.
#include <Kokkos_Core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "kan/Grid.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/run/Problem.hpp"

namespace {

using namespace kanpde;
using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;
using Clock = std::chrono::steady_clock;

template <class F>
double median_seconds(const parallel::Comm& world, int reps, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    world.barrier();
    const auto t0 = Clock::now();
    f();
    Kokkos::fence();
    t.push_back(world.allreduce_max(std::chrono::duration<double>(Clock::now() - t0).count()));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void run(int argc, char** argv) {
  const parallel::Comm world = parallel::Comm::world();
  const std::string path = argc > 1 ? argv[1] : "cases/poisson2d_kan_paper.yaml";
  const bool weak = argc > 2 && std::string(argv[2]) == "weak";
  const int grid = argc > 3 ? std::stoi(argv[3]) : 20;
  const int reps = argc > 4 ? std::stoi(argv[4]) : 20;
  solver::CaseSpec spec = solver::load_case(path);
  if (weak) {
    spec.sampling.interior.count *= world.size();
    spec.sampling.boundary.count *= world.size();
  }
  const geometry::DomainPtr domain = solver::build_domain(spec.domain);
  const solver::SampledProblem sp = solver::sample_problem(spec, *domain, 0);
  const auto as = solver::make_assembler(sp, world);
  kan::NetworkSpec ns;
  ns.widths = spec.model.kan.widths;
  ns.grid_size = spec.model.kan.grid_size;
  ns.order = spec.model.kan.spline_order;
  ns.input_ranges = spec.model.kan.grid_range;
  ns.seed = spec.model.kan.seed;
  Net net(ns);
  if (grid != net.layout().grid_size()) net = kan::extend_grid(net, grid);
  const std::size_t P = net.num_params();
  Kokkos::View<double*, Net::memory_space> g("kanpde::bench::grad", P);
  const double t_grad = median_seconds(world, reps, [&] { as->loss_and_gradient(net, g); });
  Eigen::MatrixXd JtJ;
  Eigen::VectorXd Jtr;
  const double t_gn =
      median_seconds(world, std::max(3, reps / 5), [&] { as->gauss_newton(net, JtJ, Jtr); });
  std::vector<double> buf_g(P), buf_gn(P * (P + 1) / 2 + P);
  const double t_red_g =
      median_seconds(world, reps, [&] { world.allreduce_sum(buf_g.data(), buf_g.size()); });
  const double t_red_gn =
      median_seconds(world, reps, [&] { world.allreduce_sum(buf_gn.data(), buf_gn.size()); });
  if (world.is_root())
    std::printf(
        "%s ranks=%d %s points=%zu params=%zu  grad_step=%.3f ms  gn_assembly=%.1f ms  "
        "allreduce(grad,%zu B)=%.1f us  allreduce(JtJ+Jtr,%zu B)=%.3f ms\n",
        spec.name.c_str(), world.size(), weak ? "weak" : "strong", as->global_points(), P,
        1e3 * t_grad, 1e3 * t_gn, 8 * P, 1e6 * t_red_g, 8 * buf_gn.size(), 1e3 * t_red_gn);
}

}  // namespace

int main(int argc, char** argv) {
  const parallel::Environment mpi(argc, argv);
  Kokkos::initialize(argc, argv);
  int rc = 0;
  try {
    run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpi_scaling_step: %s\n", e.what());
    rc = 1;
  }
  Kokkos::finalize();
  return rc;
}
