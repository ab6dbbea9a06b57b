#pragma once
// Collocation samplers: interior and boundary points of a Domain.
//
// - Exactly the requested counts; deterministic for a given seed; computed
//   serially on the host from counter-based generators, so independent of
//   the number of threads.
// - Interior: by the domain's measure-preserving map of the unit cube
//   (interval, box, disk, ball, ellipse) or by rejection from the bounding
//   box (polygon, CSG, or when asked), keeping the points at least
//   boundary_tolerance() inside (interior points are never on the boundary,
//   mapped ones neither: every generator avoids u = 0 and u = 1). The grid sequence always uses the
//   bounding box (a cell-centred grid with equal spacing in every direction;
//   exactly a full grid when n is its size, else an evenly strided subset of
//   the smallest finer grid with enough inside points).
// - Boundary: n split across parts by measure (largest remainders), or given
//   counts per named part; each part sampled through its parameter map
//   (uniform by length/area), CSG parts by rejection. Points carry their part
//   index and outward normal.
// - Rejection gives up with an InputError when, after at least
//   max(4096, 64 / min_acceptance) candidates, fewer than min_acceptance / 2
//   of them were accepted (a domain filling min_acceptance of its box passes
//   with probability > 1 - 1e-5): the domain fills too little of its box.
// - Streams: interior points use stream 0, boundary part p stream p + 1, so
//   the parts are independent.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "geometry/Domain.hpp"
#include "geometry/PointSet.hpp"
#include "geometry/Sequence.hpp"

namespace kanpde::geometry {

enum class InteriorMethod { Auto, Map, Reject };

struct SamplerOptions {
  Sequence sequence = Sequence::Sobol;
  // Random and LHS: the seed. Sobol/Halton/Hammersley: 0 gives the published
  // (unshifted) points, any other value a seed-dependent shift. Grid: unused.
  std::uint64_t seed = 0;
  InteriorMethod interior = InteriorMethod::Auto;  // Auto: map where available
  double min_acceptance = 1e-3;
};

PointSet sample_interior(const Domain& domain, std::size_t n, const SamplerOptions& options = {});

// n boundary points split across all parts in proportion to their measure.
PointSet sample_boundary(const Domain& domain, std::size_t n, const SamplerOptions& options = {});

// Given counts per named part (parts not listed get no points).
PointSet sample_boundary(const Domain& domain,
                         const std::vector<std::pair<std::string, std::size_t>>& counts,
                         const SamplerOptions& options = {});

// The split of n by part measure used by sample_boundary (largest remainders;
// sums to n).
std::vector<std::size_t> split_by_measure(const Domain& domain, std::size_t n);

}  // namespace kanpde::geometry
