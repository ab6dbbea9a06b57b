// The cost of the assembler's reductions on the default case's final network
// (KAN [2,10,1], G = 20, k = 3: P = 750) with the default case's point counts
// (10 000 interior, 800 Dirichlet): one loss + gradient (a gradient step of
// Adam or L-BFGS) and one Gauss-Newton assembly J^T J, J^T r (an LM step's
// assembly), on the host path (SparseGram) and on the device path
// (DeviceGram; BENCHMARKS.md section 13). One rank; the fixed block tree of
// solver/parallel/BlockSum.hpp is part of both.
//
// Run from a Release build, for example:
//   build/bin/bench_reduction --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <Eigen/Dense>
#include <Kokkos_Core.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "solver/pde/Assembler.hpp"

namespace {

using namespace kanpde;
using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;

std::vector<double> points(int n, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> x(2 * static_cast<std::size_t>(n));
  for (auto& v : x) v = u(g);
  return x;
}

kan::Network<Mem> network() {
  kan::NetworkSpec spec;
  spec.widths = {2, 10, 1};
  spec.grid_size = 20;
  spec.order = 3;
  spec.seed = 11;
  spec.coef_noise = 0.5;
  return kan::Network<Mem>(spec);
}

std::vector<solver::PointTerm> terms() {
  const auto xi = points(10000, 7), xb = points(800, 8);
  std::vector<double> f(10000), g(800);
  for (std::size_t p = 0; p < f.size(); ++p) f[p] = std::sin(xi[2 * p]);
  for (std::size_t p = 0; p < g.size(); ++p) g[p] = xb[2 * p + 1];
  return {solver::interior_term("pde", 1.0, 2, xi, f, 0.0),
          solver::dirichlet_term("dirichlet", 100.0, 2, xb, g)};
}

void BM_Gradient(benchmark::State& state) {
  const auto net = network();
  const solver::Assembler<Exec> as(Exec(), terms());
  Kokkos::View<double*, Mem> g("g", net.num_params());
  for (auto _ : state) benchmark::DoNotOptimize(as.loss_and_gradient(net, g).total);
}
BENCHMARK(BM_Gradient)->Unit(benchmark::kMillisecond);

void BM_GaussNewton(benchmark::State& state) {
  const auto net = network();
  const solver::Assembler<Exec> as(Exec(), terms());
  Eigen::MatrixXd A;
  Eigen::VectorXd b;
  for (auto _ : state) benchmark::DoNotOptimize(as.gauss_newton(net, A, b).total);
}
BENCHMARK(BM_GaussNewton)->Unit(benchmark::kMillisecond);

// The same system on the device path (solver/pde/DeviceGram.hpp): dense
// block rows, each block's packed Gram triangle and the block tree in the
// execution space; argument 0: the flat kernel, 1: team per block. On a host
// backend this measures the path's cost on a CPU, not a GPU's.
void BM_GaussNewtonDevice(benchmark::State& state) {
  const auto net = network();
  solver::Assembler<Exec> as(Exec(), terms());
  as.set_gram_path(solver::GramPath::device);
  as.set_device_gram(std::size_t(256) << 20,
                     state.range(0) == 0 ? solver::GramKernel::flat : solver::GramKernel::team);
  Eigen::MatrixXd A;
  Eigen::VectorXd b;
  for (auto _ : state) benchmark::DoNotOptimize(as.gauss_newton(net, A, b).total);
}
BENCHMARK(BM_GaussNewtonDevice)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  Kokkos::initialize(argc, argv);
  ::benchmark::Initialize(&argc, argv);
  ::benchmark::RunSpecifiedBenchmarks();
  ::benchmark::Shutdown();
  Kokkos::finalize();
  return 0;
}
