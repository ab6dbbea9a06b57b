#pragma once
// The defaults that grow with a case's interfaces (solver/case/Interfaces.hpp).
// Each interface adds a kink output N_i to u's network (u = G + D (N_0 +
// sum_i |phi_i| N_i)), to be fixed by the same interior points, and the
// solution's structure along the interface. The rule: the interior count
// of the domain alone times 1 + 2 sum_i s_i, at most 3, with s_i the
// interface's size, its measure over the domain's measure^((d-1)/d) (a
// circle of radius r in the unit square: 2 pi r; a line across it: 1). So
// a large interface triples the count (the ellipse probe of BENCHMARKS.md
// drew the over-fitting warning at 4000 points and none at 12000), a small
// one adds fewer. Measurements: BENCHMARKS.md, "Interfaces: defaults that
// grow with the interfaces".

#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "solver/case/Defaults.hpp"

namespace kanpde::solver {

struct InterfaceSpec;

// The measure of phi = 0 inside the domain: points in 1D, length in 2D,
// area in 3D (the co-area formula on a grid of the bounding box, 257 nodes
// a side in 2D and 49 in 3D: a smoothed delta of the distance estimate
// |phi| / |grad phi|; a few per cent on smooth surfaces).
double interface_measure(const std::string& phi, const geometry::Domain& domain);

// s_i above: the measure of phi = 0 over the domain's measure^((d-1)/d).
double interface_size(const std::string& phi, const geometry::Domain& domain);

// Grows the point-count defaults c (those of the domain alone) for the
// interfaces found in the case.
void interface_point_defaults(const std::vector<InterfaceSpec>& interfaces,
                              const geometry::Domain& domain, PointCountDefaults& c);

}  // namespace kanpde::solver
