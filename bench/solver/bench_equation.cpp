// Cost per point of the assembler kernel for an equation term (the compiled
// residual program of solver/expr) against the hard-wired linear term, on the
// default case's final network (KAN [2,10,1], G = 20, k = 3): the loss and its
// gradient (forward jets, residual, reverse pass).
//
// Run from a Release build, for example:
//   build/bin/bench_equation --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// items_per_second is points per second.
#include <benchmark/benchmark.h>

#include <Kokkos_Core.hpp>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "solver/pde/Assembler.hpp"

namespace {

using namespace kanpde;
using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;

constexpr int kPoints = 4000;

std::vector<double> points() {
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> x(2 * kPoints);
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

solver::PointTerm term(int which, const std::vector<double>& x) {
  std::vector<double> f(kPoints);
  for (int p = 0; p < kPoints; ++p) f[std::size_t(p)] = std::sin(x[2 * std::size_t(p)]);
  if (which == 0) return solver::interior_term("pde", 1.0, 2, x, f, 0.0);
  solver::expr::EquationOptions o;
  o.dim = 2;
  o.coefficients.push_back(solver::expr::Coefficient::compile("f", "sin(x)", 2));
  o.coefficients.push_back(solver::expr::Coefficient::compile("a", "1 + x^2*y", 2));
  const char* eq = which == 1   ? "-lap(u) = f"
                   : which == 2 ? "-div((1 + u^2)*grad(u)) + sinh(u) = f"
                                : "-div(a*grad(u)) + u^3 = f";
  return solver::equation_term(
      "pde", 1.0, 2, x,
      std::make_shared<const solver::expr::Equation>(solver::expr::Equation::compile(eq, o)));
}

void BM_LossAndGradient(benchmark::State& state) {
  const auto x = points();
  const auto net = network();
  const solver::Assembler<Exec> as(Exec(), {term(static_cast<int>(state.range(0)), x)});
  Kokkos::View<double*, Mem> g("g", net.num_params());
  for (auto _ : state) {
    benchmark::DoNotOptimize(as.loss_and_gradient(net, g).total);
  }
  state.SetItemsProcessed(state.iterations() * kPoints);
}
// 0: hard-wired -lap u = f; 1: the equation "-lap(u) = f"; 2: a nonlinear
// divergence form; 3: a variable coefficient with its derivatives.
BENCHMARK(BM_LossAndGradient)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  Kokkos::initialize(argc, argv);
  ::benchmark::Initialize(&argc, argv);
  ::benchmark::RunSpecifiedBenchmarks();
  ::benchmark::Shutdown();
  Kokkos::finalize();
  return 0;
}
