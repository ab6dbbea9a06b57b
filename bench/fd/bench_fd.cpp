// Finite-difference reference solver: assembly and solve times of the Poisson
// problem -Δu = f on the unit square / cube with Dirichlet data (u = sin πx sin πy
// (sin πz) + x), for the direct (CHOLMOD when built with it) and the
// preconditioned-CG solver. Run on one core:
//   OMP_NUM_THREADS=1 taskset -c 0 build/bin/bench_fd --benchmark_repetitions=3
// Counters: unknowns, nonzeros, iterations, assembly and solve seconds (the
// benchmark's own time is their sum), relative residual.

#include <benchmark/benchmark.h>

#include <cmath>

#include "solver/fd/FdSolve.hpp"

namespace {

using namespace kanpde::solver::fd;

FdProblem poisson(int dim, int n, SolverChoice choice) {
  FdProblem p;
  p.dim = dim;
  for (int a = 0; a < dim; ++a) p.intervals[a] = n;
  const double pi = M_PI;
  p.f = [dim, pi](const double* x) {
    double v = dim * pi * pi;
    for (int a = 0; a < dim; ++a) v *= std::sin(pi * x[a]);
    return v;
  };
  BoundaryCondition bc;
  bc.g = [](const double* x) { return x[0]; };  // the exact solution is sin…sin + x
  p.parts.assign(2 * dim, bc);
  p.solver.choice = choice;
  p.solver.tolerance = 1e-10;
  return p;
}

void run(benchmark::State& state, int dim, SolverChoice choice) {
  const int n = static_cast<int>(state.range(0));
  const FdProblem p = poisson(dim, n, choice);
  FdReport r;
  for (auto _ : state) {
    const FdSolution s = solve_fd(p);
    r = s.report;
    state.SetIterationTime(r.assembly_seconds + r.solve_seconds);
    benchmark::DoNotOptimize(s.u.data());
  }
  state.counters["unknowns"] = static_cast<double>(r.unknowns);
  state.counters["nonzeros"] = static_cast<double>(r.nonzeros);
  state.counters["iterations"] = r.iterations;
  state.counters["assembly_s"] = r.assembly_seconds;
  state.counters["solve_s"] = r.solve_seconds;
  state.counters["residual"] = r.residual;
  state.SetLabel(r.solver);
}

void BM_Fd2D_Direct(benchmark::State& s) {
  run(s, 2, SolverChoice::direct);
}
void BM_Fd2D_CG(benchmark::State& s) {
  run(s, 2, SolverChoice::cg);
}
void BM_Fd3D_Direct(benchmark::State& s) {
  run(s, 3, SolverChoice::direct);
}
void BM_Fd3D_CG(benchmark::State& s) {
  run(s, 3, SolverChoice::cg);
}

// 2D: 512 intervals = 513² nodes (2.6e5 unknowns, the SciPy comparison), 1024
// intervals = 1025² nodes (1.05e6 unknowns). 3D: 100 intervals = 101³ nodes
// (9.7e5 unknowns). A direct 3D solve of 101³ is out of reach (CHOLMOD's analysis:
// 7.3e8 factor entries, 5e12 flops, over an hour with the reference BLAS), so
// the 3D direct figure is for 33³ nodes.
BENCHMARK(BM_Fd2D_Direct)
    ->Arg(512)
    ->Arg(1024)
    ->Unit(benchmark::kSecond)
    ->UseManualTime()
    ->Iterations(1);
BENCHMARK(BM_Fd2D_CG)
    ->Arg(512)
    ->Arg(1024)
    ->Unit(benchmark::kSecond)
    ->UseManualTime()
    ->Iterations(1);
BENCHMARK(BM_Fd3D_Direct)->Arg(32)->Unit(benchmark::kSecond)->UseManualTime()->Iterations(1);
BENCHMARK(BM_Fd3D_CG)->Arg(32)->Arg(100)->Unit(benchmark::kSecond)->UseManualTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
