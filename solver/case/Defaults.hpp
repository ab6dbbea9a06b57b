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
// - schedule: a short Adam stage to leave the initial state, then
//   Levenberg-Marquardt to convergence on grid G = 10 and again after the
//   extension to G = 20 (grid extension with LM does the work; extensions at
//   stage starts, so that an LM stage that converges early still reaches
//   the finer grid).

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

// The default stages (paths "training.stages[i]").
std::vector<StageSpec> default_stages();
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
