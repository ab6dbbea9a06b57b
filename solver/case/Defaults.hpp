#pragma once
// The defaults a case gets for the model, sampling and training keys it
// leaves out, chosen from the problem (all in one place; the schema's parser
// applies them before reading the keys the case gives).
//
// Chosen by measurement over the defaults-only benchmark set
// (bench/cases/defaults/, tools/bench-defaults.sh; BENCHMARKS.md):
// - points: a base count per dimension for the interior (4000 in 2D and 3D,
//   1000 in 1D; fewer points for a domain that fills less of its bounding
//   box measured worse), the boundary's base count scaled by the boundary's
//   measure against that of the bounding box, within [1/2, 4] times the base
//   (holes get points of their own); with interfaces the interior count
//   grows with their number and size (solver/case/InterfaceDefaults.hpp);
// - model: [d, 10, 1] with quintic B-splines (cubic splines' Laplacian is
//   piecewise linear with kinks at the knots, the floor of every cubic run);
// - schedule: Levenberg-Marquardt from the random start, 40 steps on a
//   quarter of the interior points at G = 5, 60 on five eighths of them at
//   G = 10, then up to 200 on all of them at G = 20, each stage stopping on
//   tolerance_change 1e-10 (extensions at stage starts, so that an LM stage
//   that converges early still reaches the finer grid; no first-order stage:
//   that is where the time went). BENCHMARKS.md, "Quintic defaults": lower
//   errors than cubic Adam + LM on every case measured (1.5x to 200x).

#include <vector>

#include "geometry/Domain.hpp"
#include "solver/case/CaseSpec.hpp"

namespace kanpde::solver {

struct PointCountDefaults {
  int interior = 0;
  int boundary = 0;
};
// With interfaces (solver/case/Interfaces.hpp) the counts grow with their
// number and size (solver/case/InterfaceDefaults.hpp).
PointCountDefaults default_point_counts(const geometry::Domain& g,
                                        const std::vector<InterfaceSpec>& interfaces = {});

// The default FD reference resolution, grid points per axis: 201 in 1D, 101
// in 2D, 41 in 3D (reference.resolution; output.grid defaults to it). The
// loader and the run layer (a CaseSpec built in code) both take it from here.
std::vector<int> default_reference_resolution(int dim);

// The default spline order of model.kan (and of a refinement's network).
int default_spline_order();

// The default stages (paths "training.stages[i]"); their point counts are
// shares of interior_count (sampling.interior.count as resolved).
std::vector<StageSpec> default_stages(int interior_count);
// The default grid extensions for default_stages(), those above the model's
// grid size (stage_start[s]: the global step stage s starts after).
std::vector<GridExtension> default_grid_schedule(int model_grid_size,
                                                 const std::vector<int>& stage_start);

// enforce: auto on a domain holding a polygon with a re-entrant (reflex)
// vertex gives soft terms: the polygon's distance function behaves like
// x y / r at its convex corners and u ~ r^(2/3) at the re-entrant one, and on
// the L-shaped cases soft terms under NTK balancing measured 6x-11x more
// accurate than exact imposition (BENCHMARKS.md, defaults section); with the
// corner enrichment (solver/case/Corners.hpp) soft terms, which take its
// wide support, measured 23x-56x more accurate than exact imposition with
// its compact support ("Corner enrichment").
bool has_reentrant_polygon(const DomainSpec& d);

}  // namespace kanpde::solver
