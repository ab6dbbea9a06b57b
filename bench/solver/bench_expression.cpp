// Host evaluation of case expressions (sources, boundary values, exact
// solutions): Expression::eval_many on 10^6 points of the unit cube, for
// expressions as the shipped cases write them. This is the sampling cost of
// a case's f, g and exact u.
//
// Run from a Release build, for example:
//   build/bin/bench_expression --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// items_per_second is points per second.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "solver/case/Expression.hpp"

namespace {

using kanpde::solver::Constant;
using kanpde::solver::Expression;

constexpr std::size_t kPoints = 1000000;

const char* const kTexts[] = {
    // 0: poisson2d_sinsin's source
    "2*pi^2*sin(pi*x)*sin(pi*y)",
    // 1: a polynomial in bare coordinates
    "x*y*z + x^2",
    // 2: inclusion3d's exact solution (a comparison and shifted squares)
    "(x-0.5)^2 + (y-0.5)^2 + (z-0.5)^2 < 0.09 ? (x-0.5)^2 + (y-0.5)^2 + (z-0.5)^2 : "
    "((x-0.5)^2 + (y-0.5)^2 + (z-0.5)^2)/5 + 0.072",
    // 3: the L-shape's corner singularity (atan2, a fractional power)
    "(x^2 + y^2)^(1/3) * sin(2/3 * (atan2(y, x) + (y < 0 ? 2*pi : 0)))",
    // 4: a Gaussian with case constants
    "a*exp(-((x - cx)^2 + (y - cy)^2)/w)",
    // 5: a linear function (the cheapest: interpreter overhead only)
    "0.2*x",
};

std::vector<double> points() {
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> x(3 * kPoints);
  for (auto& v : x) v = u(g);
  return x;
}

void BM_EvalMany(benchmark::State& state) {
  static const std::vector<double> x = points();
  const std::vector<Constant> c = {
      {"a", "2", 2.0}, {"cx", "0.3", 0.3}, {"cy", "0.6", 0.6}, {"w", "0.05", 0.05}};
  const Expression e = Expression::compile(kTexts[state.range(0)], 3, c);
  std::vector<double> out(kPoints);
  for (auto _ : state) {
    e.eval_many(x.data(), kPoints, 3, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kPoints));
  state.SetLabel(kTexts[state.range(0)]);
}
BENCHMARK(BM_EvalMany)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
