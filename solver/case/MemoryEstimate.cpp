#include "solver/case/MemoryEstimate.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "common/Error.hpp"
#include "kan/Layout.hpp"
#include "solver/case/StageOptimizers.hpp"

namespace kanpde::solver {
namespace {

// Measured costs (Release, Kokkos Serial; BENCHMARKS.md "seams"), rounded up:
// peak memory of runs that differ in one size only, divided by the difference.
// Points: 312 B (2D), 400 B (3D) measured; grid nodes: 192 B (2D), 250 B (3D);
// FD nodes, iterative: 299 B (2D box); direct factor: a disk at 1e6 nodes
// peaked at 2.5 GB.
constexpr double kBase = 64.0 * (1 << 20);  // the program, Kokkos, HDF5, the case
constexpr double kPointBytes = 200.0;       // per collocation point and dimension
constexpr double kNodeBytes = 150.0;        // per evaluation grid node and dimension
constexpr double kUnknownBytes = 400.0;     // per FD grid node (matrix, arrays, iterations)
constexpr double kFillPerUnknown = 9.0;     // direct factor entries per U log2 U (2D)
constexpr double kDouble = 8.0;

double product(const std::vector<int>& n, int dim) {
  double p = 1.0;
  for (int a = 0; a < dim; ++a)
    p *=
        static_cast<double>(n.empty() ? 1 : n[std::min<std::size_t>(std::size_t(a), n.size() - 1)]);
  return p;
}

std::string sci(double v) {
  return format_count(v);
}

bool given(const CaseSpec& cs, const std::string& path) {
  return cs.sources.all().count(path) > 0;
}

}  // namespace

double MemoryEstimate::total() const {
  double t = kBase;
  for (const MemoryItem& i : items) t += i.bytes;
  return t;
}

const MemoryItem& MemoryEstimate::largest() const {
  KANPDE_ASSERT(!items.empty(), "a memory estimate without items");
  return *std::max_element(
      items.begin(), items.end(),
      [](const MemoryItem& a, const MemoryItem& b) { return a.bytes < b.bytes; });
}

std::string format_count(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

std::string format_gib(double bytes) {
  const double g = bytes / double(1ull << 30);
  char buf[48];
  if (g >= 1e4)
    std::snprintf(buf, sizeof buf, "%.2g GiB", g);
  else
    std::snprintf(buf, sizeof buf, "%.3g GiB", g);
  return buf;
}

MemoryEstimate estimate_memory(const CaseSpec& cs) {
  MemoryEstimate e;
  const int d = cs.dim();
  const KanModelSpec& k = cs.model.kan;
  int grid = k.grid_size;
  for (const GridExtension& g : cs.training.grid_schedule) grid = std::max(grid, g.grid_size);
  const double P = static_cast<double>(
      kan::Layout(k.widths, grid, k.spline_order, k.base_function).num_params());
  e.parameters = P;
  const std::string net_path = given(cs, "model.kan.widths") ? "model.kan.widths" : "model.kan";
  const std::string net =
      "this network has " + sci(P) + " parameters" +
      (grid != k.grid_size ? " (at grid size " + std::to_string(grid) + ")" : "");

  // Collocation points (the largest set training holds).
  double interior = cs.sampling.interior.count;
  std::string interior_path = "sampling.interior.count";
  const AdaptiveSpec& ad = cs.sampling.adaptive;
  if (ad.enabled && ad.max_points > interior) {
    interior = ad.max_points;
    interior_path = "sampling.adaptive.max_points";
  }
  const double rows = interior + cs.sampling.boundary.count;
  e.items.push_back(
      {interior_path, sci(interior) + " interior points need", interior * d * kPointBytes});
  e.items.push_back({"sampling.boundary.count",
                     sci(double(cs.sampling.boundary.count)) + " boundary points need",
                     double(cs.sampling.boundary.count) * d * kPointBytes});
  if (ad.enabled)
    e.items.push_back({"sampling.adaptive.candidates",
                       sci(double(ad.candidates)) + " refinement candidates need",
                       double(ad.candidates) * d * kPointBytes});

  // Optimizer state: the largest stage's (only one stage runs at a time).
  MemoryItem opt{net_path, "", P * 6 * kDouble};  // parameters, gradient, Adam moments
  opt.what = net + "; the optimizer state needs";
  for (const StageSpec& st : cs.training.stages) {
    const OptimizerMemory m =
        stage_optimizer(st.optimizer.name()).memory(st.optimizer, st.path, P, rows);
    const double b = m.bytes;
    const std::string what = net + "; " + m.what;
    if (b > opt.bytes) {
      opt.bytes = b;
      opt.what = what;
    }
  }
  e.items.push_back(opt);

  // The evaluation grid and its fields.
  const std::vector<int>& og = cs.output.grid.empty() ? cs.reference.resolution : cs.output.grid;
  // Above 3D the fields are written on the 2D slice the case names.
  double nodes = product(og, d);
  if (d > 3 && og.size() >= 2) {
    const std::size_t a =
        cs.output.slice_axes.size() == 2 ? std::size_t(cs.output.slice_axes[0]) : 0;
    const std::size_t b =
        cs.output.slice_axes.size() == 2 ? std::size_t(cs.output.slice_axes[1]) : 1;
    nodes = double(og[std::min(a, og.size() - 1)]) * double(og[std::min(b, og.size() - 1)]);
  }
  e.items.push_back({given(cs, "output.grid") ? "output.grid" : "reference.resolution",
                     "the evaluation grid of " + sci(nodes) + " nodes needs",
                     nodes * d * kNodeBytes});

  // The finite-difference reference.
  if (cs.reference.enabled) {
    const double U = product(cs.reference.resolution, d);
    double b = U * kUnknownBytes;
    std::string what = "the finite-difference reference of " + sci(U) + " unknowns needs";
    // A direct sparse factor fills in: ~U log2 U entries in 2D, ~U^(4/3)
    // in 3D (nested dissection orderings); the automatic choice iterates on
    // large box grids and factors up to 1e6 unknowns in 2D off boxes.
    const bool direct = cs.reference.solver == "direct" ||
                        (cs.reference.solver == "auto" && U <= (d == 2 ? 1e6 : 5e3) &&
                         cs.domain.type != DomainType::box);
    if (direct && d >= 2) {
      const double fill = d == 2 ? kFillPerUnknown * U * std::log2(std::max(U, 2.0))
                                 : kFillPerUnknown * std::pow(U, 4.0 / 3.0);
      b += fill * 12.0;
      what += " (with its direct factor)";
    }
    e.items.push_back({"reference.resolution", what, b});
  }
  return e;
}

double memory_limit_bytes() {
  if (const char* env = std::getenv("KANPDE_MEMORY_LIMIT_GIB")) {
    char* end = nullptr;
    const double g = std::strtod(env, &end);
    if (end != env && std::isfinite(g) && g > 0) return g * double(1ull << 30);
  }
  double limit =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  std::ifstream cg("/sys/fs/cgroup/memory.max");  // cgroup v2; "max" when unlimited
  double v = 0.0;
  if (cg >> v && v > 0) limit = std::min(limit, v);
  return limit > 0 ? limit : 1e300;
}

void check_optimizer_params(const CaseSpec& cs) {
  const KanModelSpec& k = cs.model.kan;
  int grid = k.grid_size;
  for (const GridExtension& g : cs.training.grid_schedule) grid = std::max(grid, g.grid_size);
  const KanModelSpec* net = &k;
  for (const StageSpec& st : cs.training.stages) {
    if (st.refine) {
      net = &st.refine->kan;
      grid = net->grid_size;
    }
    const StageOptimizer& row = stage_optimizer(st.optimizer.name());
    if (!row.refuse_params) continue;
    const double P = static_cast<double>(
        kan::Layout(net->widths, grid, net->spline_order, net->base_function).num_params());
    const std::string why = row.refuse_params(
        P, grid != net->grid_size ? " (at grid size " + std::to_string(grid) + ")" : "");
    if (!why.empty()) cs.fail(st.path + ".optimizer", why);
  }
}

void check_memory(const CaseSpec& cs) {
  const MemoryEstimate e = estimate_memory(cs);
  const double limit = memory_limit_bytes();
  if (!(e.total() > limit)) return;
  const MemoryItem& m = e.largest();
  cs.fail(m.path, m.what + " " + format_gib(m.bytes) + "; the run needs an estimated " +
                      format_gib(e.total()) + " in all, more than the " + format_gib(limit) +
                      " of memory of this machine; reduce this value");
}

}  // namespace kanpde::solver
