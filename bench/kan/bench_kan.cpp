// Throughput of the KAN kernels: jets with the Laplacian plus the reverse pass
// for the full parameter gradient (what one loss-and-gradient evaluation of a
// Poisson PINN costs), and the forward jets alone.
//
// Run from a Release build, for example:
//   build/bin/bench_kan --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// items_per_second is points per second; GFLOP/s uses the analytic operation
// count below (an estimate, stated with its assumptions in BENCHMARKS.md).
#include <benchmark/benchmark.h>

#include <Kokkos_Core.hpp>

#include "common/Random.hpp"
#include "kan/Evaluate.hpp"
#include "kan/Network.hpp"

namespace {

using namespace kanpde;
using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;

// Floating-point operations per point for Laplacian jets (+ reverse pass)
// with spline order k in d dimensions, counted from kan/PointKernel.hpp and
// kan/BSpline.hpp: per layer input one B-spline evaluation with three
// derivative rows and a silu with three derivatives (the forward pass keeps
// them for the reverse pass); per edge the spline sums, the jet update, and
// with the reverse pass the adjoint scalars, parameter gradients and the input
// adjoint. exp counts as 20.
double flops_per_point(const kan::Layout& lay, bool with_reverse) {
  const double k = lay.order(), d = lay.input_dim();
  const double basis = 6.0 * k * (k + 3) / 2 + 3 * 4.0 * k * (k + 1) / 2 + 40;
  const double edge_fwd = 3 * 2 * (k + 1) + 6 + 1 + 2 * d + 4;
  const double edge_rev = (2 * d + 4) + 4 * 2 * (k + 1) + 6 * (k + 1) + 10 + 9 + (4 * d + 6);
  double inputs = 0;
  const double edges = lay.num_edges();
  for (int l = 0; l < lay.num_layers(); ++l) inputs += lay.width(l);
  double f = inputs * basis + edges * edge_fwd;
  if (with_reverse) f += edges * edge_rev;
  return f;
}

struct Setup {
  kan::Network<Mem> net;
  Kokkos::View<double**, Mem> x;
  Kokkos::View<double***, Mem> seeds;
  Kokkos::View<double*, Mem> grad;
  Kokkos::View<double***, Mem> jets;
};

Setup make_setup(std::vector<int> widths, int G, int n) {
  kan::NetworkSpec spec;
  spec.widths = std::move(widths);
  spec.grid_size = G;
  spec.order = 3;
  spec.seed = 1;
  Setup s{kan::Network<Mem>(spec), {}, {}, {}, {}};
  const int d = s.net.layout().input_dim();
  const int nc = kan::jet_size(kan::JetMode::laplacian, d);
  s.x = Kokkos::View<double**, Mem>("x", n, d);
  s.seeds = Kokkos::View<double***, Mem>("seeds", n, 1, nc);
  s.grad = Kokkos::View<double*, Mem>("grad", s.net.num_params());
  s.jets = Kokkos::View<double***, Mem>("jets", n, 1, nc);
  auto hx = Kokkos::create_mirror_view(s.x);
  auto hs = Kokkos::create_mirror_view(s.seeds);
  SplitMix64 rng(7);
  for (int p = 0; p < n; ++p) {
    for (int a = 0; a < d; ++a) hx(p, a) = rng.uniform(-1, 1);
    for (int c = 0; c < nc; ++c) hs(p, 0, c) = rng.uniform(-1, 1) / n;
  }
  Kokkos::deep_copy(s.x, hx);
  Kokkos::deep_copy(s.seeds, hs);
  return s;
}

void run(benchmark::State& state, std::vector<int> widths, int G, bool reverse,
         kan::DimPath path = kan::DimPath::automatic) {
  const int n = static_cast<int>(state.range(0));
  Setup s = make_setup(std::move(widths), G, n);
  for (auto _ : state) {
    if (reverse) {
      Kokkos::deep_copy(s.grad, 0.0);
      kan::accumulate_gradient(Exec(), s.net, s.x, kan::JetMode::laplacian, s.seeds, s.grad, path);
    } else {
      kan::evaluate(Exec(), s.net, s.x, kan::JetMode::laplacian, s.jets);
    }
    Kokkos::fence();
  }
  const double pts = static_cast<double>(state.iterations()) * n;
  state.SetItemsProcessed(static_cast<int64_t>(pts));
  state.counters["GFLOP/s"] = benchmark::Counter(
      pts * flops_per_point(s.net.layout(), reverse) * 1e-9, benchmark::Counter::kIsRate);
  state.counters["flop/pt"] = flops_per_point(s.net.layout(), reverse);
  state.counters["params"] = static_cast<double>(s.net.num_params());
}

void BM_Gradient_2_10_1_G5(benchmark::State& st) {
  run(st, {2, 10, 1}, 5, true);
}
void BM_Gradient_2_32_32_1_G10(benchmark::State& st) {
  run(st, {2, 32, 32, 1}, 10, true);
}
void BM_Jets_2_10_1_G5(benchmark::State& st) {
  run(st, {2, 10, 1}, 5, false);
}
void BM_Jets_2_32_32_1_G10(benchmark::State& st) {
  run(st, {2, 32, 32, 1}, 10, false);
}
void BM_Gradient_2_10_1_G20(benchmark::State& st) {
  run(st, {2, 10, 1}, 20, true);
}

// Beyond 3D (the runtime-width kernel) against 2D, and the runtime-width
// kernel against the compiled one in 3D, for the same hidden layers.
void BM_Gradient_2_16_1_G5(benchmark::State& st) {
  run(st, {2, 16, 1}, 5, true);
}
void BM_Gradient_10_16_1_G5(benchmark::State& st) {
  run(st, {10, 16, 1}, 5, true);
}
void BM_Gradient_3_16_1_G5_compiled(benchmark::State& st) {
  run(st, {3, 16, 1}, 5, true);
}
void BM_Gradient_3_16_1_G5_dynamic(benchmark::State& st) {
  run(st, {3, 16, 1}, 5, true, kan::DimPath::dynamic);
}
BENCHMARK(BM_Gradient_2_16_1_G5)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gradient_10_16_1_G5)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gradient_3_16_1_G5_compiled)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gradient_3_16_1_G5_dynamic)->Arg(20000)->Unit(benchmark::kMillisecond);

// 10^6 points: the size where a GPU is full (tools/gpu/check.sh runs them);
// on one CPU core each of those takes seconds per iteration.
BENCHMARK(BM_Gradient_2_10_1_G5)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gradient_2_32_32_1_G10)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jets_2_10_1_G5)->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jets_2_32_32_1_G10)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gradient_2_10_1_G20)->Arg(2601)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  Kokkos::initialize(argc, argv);
  {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  }
  Kokkos::finalize();
  return 0;
}
