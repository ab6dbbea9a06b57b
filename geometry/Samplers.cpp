#include "geometry/Samplers.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"

namespace kanpde::geometry {

namespace {

constexpr std::size_t kBatch = 4096;

[[noreturn]] void rejection_failure(const std::string& what, std::size_t accepted,
                                    std::uint64_t tried, double min_acceptance) {
  KANPDE_REQUIRE(false, "cannot sample the " << what << " in reasonable time: rejection accepted "
                                             << accepted << " of " << tried
                                             << " candidates, below the minimum acceptance "
                                             << min_acceptance
                                             << " (the domain fills too little of its bounding "
                                                "box, or the boundary part is almost entirely cut "
                                                "away)");
  throw;  // not reached
}

// Rejection gives up once at least max(4096, 64 / min_acceptance) candidates
// were tried and fewer than min_acceptance / 2 of them were accepted. A
// domain filling at least min_acceptance of its box would then have had 64
// expected acceptances and seen fewer than 32: probability < 1e-5 even for
// pseudo-random candidates (and far less for low-discrepancy ones).
bool gives_up(const SamplerOptions& opt, std::size_t accepted, std::uint64_t tried) {
  const double t = static_cast<double>(tried);
  return t >= std::max(4096.0, 64.0 / opt.min_acceptance) &&
         static_cast<double>(accepted) < 0.5 * opt.min_acceptance * t;
}

// Appends exactly n accepted points to xs (and their normals to ns when not
// null). accept(u, x, normal) maps a unit-cube candidate of dimension pdim
// and says whether it is kept.
template <class Accept>
void draw(const SamplerOptions& opt, int pdim, int dim, std::size_t n, std::uint64_t stream,
          double hint, const std::string& what, const double* grid_extents, Accept&& accept,
          std::vector<double>& xs, std::vector<double>* ns) {
  if (n == 0) return;
  const auto d = static_cast<std::size_t>(dim);
  double x[max_space_dim] = {}, nr[max_space_dim] = {};
  auto push = [&](const double* px, const double* pn) {
    xs.insert(xs.end(), px, px + d);
    if (ns) ns->insert(ns->end(), pn, pn + d);
  };
  if (pdim == 0) {  // a point part (1D boundary): one candidate, repeated
    if (!accept(nullptr, x, nr)) rejection_failure(what, 0, 1, opt.min_acceptance);
    for (std::size_t i = 0; i < n; ++i) push(x, nr);
    return;
  }
  const auto pd = static_cast<std::size_t>(pdim);
  if (is_streaming(opt.sequence)) {
    std::vector<double> u(kBatch * pd);
    std::uint64_t first = 1, tried = 0;
    std::size_t got = 0;
    while (got < n) {
      KANPDE_REQUIRE(first < (1ull << 32) - kBatch, "sampling the " << what
                                                                    << " needs more than 2^32 "
                                                                       "candidates");
      stream_points(opt.sequence, pdim, opt.seed, stream, first, kBatch, u.data());
      first += kBatch;
      for (std::size_t b = 0; b < kBatch && got < n; ++b) {
        ++tried;
        if (accept(u.data() + b * pd, x, nr)) {
          push(x, nr);
          ++got;
        }
      }
      if (got < n && gives_up(opt, got, tried))
        rejection_failure(what, got, tried, opt.min_acceptance);
    }
    return;
  }
  // Designs depend on their size: grow the design until it has enough
  // accepted points, then take an evenly strided subset of exactly n.
  std::size_t N = hint >= 1.0
                      ? n
                      : static_cast<std::size_t>(std::ceil(
                            static_cast<double>(n) / std::max(hint, opt.min_acceptance) * 1.05)) +
                            8;
  std::vector<double> cx, cn;
  for (int iter = 0; iter < 60; ++iter) {
    const std::vector<double> u =
        design_points(opt.sequence, pdim, opt.seed, stream, N, grid_extents);
    const std::size_t M = u.size() / pd;
    cx.clear();
    cn.clear();
    for (std::size_t i = 0; i < M; ++i)
      if (accept(u.data() + i * pd, x, nr)) {
        cx.insert(cx.end(), x, x + d);
        cn.insert(cn.end(), nr, nr + d);
      }
    const std::size_t count = cx.size() / d;
    if (count >= n) {
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = static_cast<std::size_t>(
            (static_cast<double>(k) + 0.5) * static_cast<double>(count) / static_cast<double>(n));
        push(cx.data() + std::min(i, count - 1) * d, cn.data() + std::min(i, count - 1) * d);
      }
      return;
    }
    if (gives_up(opt, count, M)) rejection_failure(what, count, M, opt.min_acceptance);
    const double grow =
        1.1 * static_cast<double>(n) / static_cast<double>(std::max<std::size_t>(count, 1));
    N = std::max(N + 1, static_cast<std::size_t>(static_cast<double>(N) * std::min(grow, 64.0)));
  }
  KANPDE_VERIFY(false, "sampling the " << what << " did not reach " << n << " points");
}

void check_options(const SamplerOptions& opt) {
  KANPDE_REQUIRE(opt.min_acceptance > 0.0 && opt.min_acceptance <= 1.0,
                 "sampler minimum acceptance must be in (0, 1], found " << opt.min_acceptance);
}

void sample_part(const Domain& domain, int part, std::size_t n, const SamplerOptions& opt,
                 PointSet& ps) {
  const std::string what =
      "boundary part '" + domain.part_name(part) + "' of " + domain.display_name();
  draw(
      opt, domain.dim() - 1, domain.dim(), n, static_cast<std::uint64_t>(part) + 1,
      domain.part_acceptance(part), what, nullptr,
      [&](const double* u, double* x, double* nr) { return domain.boundary_point(part, u, x, nr); },
      ps.x, &ps.normal);
  ps.part.insert(ps.part.end(), n, part);
}

}  // namespace

PointSet sample_interior(const Domain& domain, std::size_t n, const SamplerOptions& opt) {
  check_options(opt);
  KANPDE_REQUIRE(opt.interior != InteriorMethod::Map || domain.has_interior_map(),
                 domain.display_name() << " has no interior map; sample it by rejection");
  const bool map = opt.interior != InteriorMethod::Reject && opt.sequence != Sequence::Grid &&
                   domain.has_interior_map();
  const BoundingBox box = domain.bounding_box();
  const int dim = domain.dim();
  double ext[max_space_dim] = {};
  for (int a = 0; a < dim; ++a) ext[a] = box.extent(a);
  PointSet ps;
  ps.dim = dim;
  ps.part_names = domain.part_names();
  ps.x.reserve(n * static_cast<std::size_t>(dim));
  const std::string what = "interior of " + domain.display_name();
  const double tol = domain.boundary_tolerance();
  if (map) {
    draw(
        opt, dim, dim, n, 0, 1.0, what, nullptr,
        [&](const double* u, double* x, double*) {
          domain.map_interior(u, x);
          return true;
        },
        ps.x, nullptr);
  } else {
    draw(
        opt, dim, dim, n, 0, domain.measure() / box.volume(), what, ext,
        [&](const double* u, double* x, double*) {
          for (int a = 0; a < dim; ++a) x[a] = box.lo[static_cast<std::size_t>(a)] + u[a] * ext[a];
          return domain.signed_distance(x) < -tol;
        },
        ps.x, nullptr);
  }
  ps.part.assign(n, -1);
  return ps;
}

std::vector<std::size_t> split_by_measure(const Domain& domain, std::size_t n) {
  const int parts = domain.num_parts();
  const double total = domain.boundary_measure();
  std::vector<std::size_t> counts(static_cast<std::size_t>(parts), 0);
  std::vector<std::pair<double, int>> rest;
  std::size_t used = 0;
  for (int p = 0; p < parts; ++p) {
    const double share = static_cast<double>(n) * domain.part_measure(p) / total;
    const auto c = static_cast<std::size_t>(std::floor(share));
    counts[static_cast<std::size_t>(p)] = c;
    used += c;
    rest.emplace_back(share - static_cast<double>(c), p);
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; used < n; ++k, ++used)
    ++counts[static_cast<std::size_t>(rest[k % rest.size()].second)];
  return counts;
}

PointSet sample_boundary(const Domain& domain, std::size_t n, const SamplerOptions& opt) {
  check_options(opt);
  const std::vector<std::size_t> counts = split_by_measure(domain, n);
  PointSet ps;
  ps.dim = domain.dim();
  ps.part_names = domain.part_names();
  for (int p = 0; p < domain.num_parts(); ++p)
    sample_part(domain, p, counts[static_cast<std::size_t>(p)], opt, ps);
  return ps;
}

PointSet sample_boundary(const Domain& domain,
                         const std::vector<std::pair<std::string, std::size_t>>& counts,
                         const SamplerOptions& opt) {
  check_options(opt);
  PointSet ps;
  ps.dim = domain.dim();
  ps.part_names = domain.part_names();
  std::vector<int> seen;
  for (const auto& [name, n] : counts) {
    const int p = domain.part_index(name);
    KANPDE_REQUIRE(std::find(seen.begin(), seen.end(), p) == seen.end(),
                   "boundary part '" << name << "' is given a point count twice");
    seen.push_back(p);
    sample_part(domain, p, n, opt, ps);
  }
  return ps;
}

}  // namespace kanpde::geometry
