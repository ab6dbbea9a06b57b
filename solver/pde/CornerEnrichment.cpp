#include "solver/pde/CornerEnrichment.hpp"

#include "common/Error.hpp"

namespace kanpde::solver {

void CornerEnrichment::jets(const std::vector<double>& x, std::vector<double>& out) const {
  const std::size_t n = x.size() / 2;
  out.reserve(out.size() + n * sites.size() * 4);
  for (std::size_t p = 0; p < n; ++p)
    for (const geometry::CornerSite& s : sites) {
      const geometry::LaplacianJet j = geometry::corner_function(s, &x[2 * p]);
      out.insert(out.end(), {j.v, j.g[0], j.g[1], j.lap});
    }
}

void CornerEnrichment::fold(const std::vector<double>& x, std::vector<double>& g) const {
  KANPDE_REQUIRE(amplitudes && amplitudes->values.size() == sites.size(),
                 "corner enrichment: " << sites.size() << " corners without their amplitudes");
  const std::size_t n = x.size() / 2;
  KANPDE_REQUIRE(g.size() == 4 * n, "corner enrichment: G's jets for "
                                        << g.size() / 4 << " points, " << n << " expected");
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t c = 0; c < sites.size(); ++c) {
      const double a = amplitudes->values[c];
      const geometry::LaplacianJet j = geometry::corner_function(sites[c], &x[2 * p]);
      g[4 * p] += a * j.v;
      g[4 * p + 1] += a * j.g[0];
      g[4 * p + 2] += a * j.g[1];
      g[4 * p + 3] += a * j.lap;
    }
}

}  // namespace kanpde::solver
