// Sampling throughput: 10^6 interior points of a 2D box (map), a disk (map)
// and an L-shape (polygon and CSG difference, both by rejection from the
// bounding box), and 10^5 boundary points of each, for Sobol and
// pseudo-random sequences; plus D jets at 10^6 points.
//
// Run from a Release build:
//   build/bin/bench_geometry --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// items_per_second is points per second (one core: sampling runs serially on
// the host by design, so results do not depend on the thread count).
#include <benchmark/benchmark.h>

#include <Kokkos_Core.hpp>

#include "geometry/Geometry.hpp"

namespace {

using namespace kanpde::geometry;

DomainPtr make(int which) {
  switch (which) {
    case 0:
      return std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 1});
    case 1:
      return std::make_shared<Ball>(std::vector<double>{0, 0}, 1.0);
    case 2:
      return std::make_shared<Polygon>(
          std::vector<std::array<double, 2>>{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}});
    default:
      return make_difference(
          std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 2}),
          std::make_shared<Box>(std::vector<double>{1, 1}, std::vector<double>{3, 3}));
  }
}

const char* kNames[4] = {"box", "disk", "l_polygon", "l_csg"};

// n points per iteration from sample(domain, n, options); range(0) picks the
// domain, range(1) Sobol (0) or random (1).
template <class Sample>
void run_sampler(benchmark::State& state, Sample sample, std::size_t n) {
  const DomainPtr d = make(static_cast<int>(state.range(0)));
  SamplerOptions opt;
  opt.sequence = state.range(1) ? Sequence::Random : Sequence::Sobol;
  opt.seed = 1;
  for (auto _ : state) {
    PointSet ps = sample(*d, n, opt);
    benchmark::DoNotOptimize(ps.x.data());
  }
  state.SetItemsProcessed(static_cast<long>(state.iterations() * n));
  state.SetLabel(std::string(kNames[state.range(0)]) + (state.range(1) ? " random" : " sobol"));
}

void BM_Interior(benchmark::State& state) {
  run_sampler(
      state, [](const auto& d, std::size_t n, const auto& o) { return sample_interior(d, n, o); },
      1000000);
}

void BM_Boundary(benchmark::State& state) {
  run_sampler(
      state, [](const auto& d, std::size_t n, const auto& o) { return sample_boundary(d, n, o); },
      100000);
}

void BM_DistanceJets(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  using Mem = Exec::memory_space;
  const DomainPtr d = make(static_cast<int>(state.range(0)));
  const std::size_t n = 1000000;
  const PointSet ps = sample_interior(*d, n);
  Kokkos::View<double**, Mem> x("bench::x", n, 2);
  auto hx = Kokkos::create_mirror_view(x);
  for (std::size_t i = 0; i < n; ++i)
    for (int a = 0; a < 2; ++a) hx(i, a) = ps.point(i)[a];
  Kokkos::deep_copy(x, hx);
  Kokkos::View<double*, Mem> v("bench::D", n), lap("bench::lapD", n);
  Kokkos::View<double**, Mem> g("bench::gradD", n, 2);
  const DistanceFunction<Mem> D(*d);
  for (auto _ : state) {
    evaluate_distance(Exec(), D, x, v, g, lap);
    Kokkos::fence();
  }
  state.SetItemsProcessed(static_cast<long>(state.iterations() * n));
  state.SetLabel(kNames[state.range(0)]);
}

BENCHMARK(BM_Interior)->ArgsProduct({{0, 1, 2, 3}, {0, 1}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Boundary)->ArgsProduct({{0, 1, 2, 3}, {0, 1}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DistanceJets)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  Kokkos::initialize(argc, argv);
  int rc = 0;
  {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
      rc = 1;
    } else {
      benchmark::RunSpecifiedBenchmarks();
    }
  }
  Kokkos::finalize();
  return rc;
}
