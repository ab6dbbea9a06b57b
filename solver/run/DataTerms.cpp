#include "solver/run/DataTerms.hpp"

#include "common/Error.hpp"

namespace kanpde::solver {

PointTerm data_term(const DataTermSpec& ds, int dim) {
  KANPDE_ASSERT(ds.points && ds.points->dim == dim,
                ds.path << ": data not loaded for dimension " << dim);
  const ReferenceData& pts = *ds.points;
  const int axis = ds.derivative_axis();
  if (axis < 0) return dirichlet_term(ds.path, ds.loss_weight(), dim, pts.x, pts.u);
  std::vector<double> dir(pts.x.size(), 0.0);
  for (std::size_t p = 0; p < pts.size(); ++p)
    dir[p * static_cast<std::size_t>(dim) + static_cast<std::size_t>(axis)] = 1.0;
  return neumann_term(ds.path, ds.loss_weight(), dim, pts.x, dir, pts.u);
}

}  // namespace kanpde::solver
