#include "solver/case/Defaults.hpp"

#include <algorithm>
#include <cmath>

#include "solver/case/InterfaceDefaults.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"

namespace kanpde::solver {

namespace {

// Boundary measure of the bounding box: 2 points, a rectangle's perimeter, a
// box's surface.
double box_boundary_measure(const geometry::BoundingBox& bb) {
  if (bb.dim == 1) return 2.0;
  if (bb.dim == 2) return 2.0 * (bb.extent(0) + bb.extent(1));
  if (bb.dim == 3)
    return 2.0 * (bb.extent(0) * bb.extent(1) + bb.extent(1) * bb.extent(2) +
                  bb.extent(0) * bb.extent(2));
  double s = 0.0;  // above 3D: 2 sum_a prod_{b != a} extent(b)
  for (int a = 0; a < bb.dim; ++a) {
    double face = 1.0;
    for (int b = 0; b < bb.dim; ++b)
      if (b != a) face *= bb.extent(b);
    s += face;
  }
  return 2.0 * s;
}

}  // namespace

PointCountDefaults default_point_counts(const geometry::Domain& g,
                                        const std::vector<InterfaceSpec>& interfaces) {
  // Base counts for a domain that fills its bounding box. 1D: enough
  // equations for the G = 20 network (500 parameters).
  const int dim = g.dim();
  const int base_interior = dim == 1 ? 1000 : 4000;
  const int base_boundary = dim == 1 ? 2 : dim == 2 ? 800 : 1200;
  const geometry::BoundingBox bb = g.bounding_box();
  PointCountDefaults c;
  // Interior: the base count whatever share of the box the domain fills.
  // Scaling it down with that share (constant density in the box) was
  // measured worse on every curved case of the set (annulus 8.7e-5 ->
  // 1.3e-4, disk 9.8e-9 -> 5.8e-8, ellipse 1.6e-5 -> 2.6e-5, ball 4.2e-8 ->
  // 3.5e-7) and drew an over-fitting warning on the annulus.
  c.interior = base_interior;
  if (dim == 1) {
    c.boundary = std::max(2, g.num_parts());
  } else {
    const double ratio = std::clamp(g.boundary_measure() / box_boundary_measure(bb), 0.5, 4.0);
    c.boundary = static_cast<int>(std::lround(base_boundary * ratio));
  }
  interface_point_defaults(interfaces, g, c);  // solver/case/InterfaceDefaults.hpp
  return c;
}

bool has_reentrant_polygon(const DomainSpec& d) {
  for (const auto& op : d.operands)
    if (has_reentrant_polygon(op)) return true;
  if (d.type != DomainType::polygon) return false;
  const std::size_t n = d.vertices.size();
  double area = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = d.vertices[i];
    const auto& b = d.vertices[(i + 1) % n];
    area += a[0] * b[1] - b[0] * a[1];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = d.vertices[(i + n - 1) % n];
    const auto& b = d.vertices[i];
    const auto& c = d.vertices[(i + 1) % n];
    const double turn = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (turn * area < 0.0) return true;
  }
  return false;
}

std::vector<int> default_reference_resolution(int dim) {
  return std::vector<int>(static_cast<std::size_t>(std::max(dim, 1)), dim >= 3   ? 41
                                                                      : dim == 2 ? 101
                                                                                 : 201);
}

int default_spline_order() {
  return 5;
}

std::vector<StageSpec> default_stages(int interior_count) {
  // Levenberg-Marquardt from the random start: a few cheap steps on a
  // quarter of the points on G = 5, more on five eighths of them after the
  // extension to G = 10, then to convergence on all of them on G = 20.
  std::vector<StageSpec> s(3);
  const int steps[] = {40, 60, 200};
  const int points[] = {std::max(1, interior_count / 4), std::max(1, interior_count * 5 / 8), 0};
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i].path = "training.stages[" + std::to_string(i) + "]";
    optim::LmOptions lm;
    lm.tolerance_change = 1e-10;
    s[i].optimizer = optim::OptimizerConfig::of<optim::LevenbergMarquardt>(lm);
    s[i].steps = steps[i];
    s[i].points = points[i];
  }
  return s;
}

std::vector<GridExtension> default_grid_schedule(int model_grid_size,
                                                 const std::vector<int>& stage_start) {
  std::vector<GridExtension> out;
  const std::pair<int, int> plan[] = {{1, 10}, {2, 20}};  // (stage, grid size)
  for (const auto& [stage, size] : plan) {
    if (size <= model_grid_size) continue;
    GridExtension g;
    g.path = "training.grid_schedule";
    g.at_stage = stage;
    g.grid_size = size;
    g.step = stage_start[std::size_t(stage)];
    out.push_back(g);
  }
  return out;
}

}  // namespace kanpde::solver
