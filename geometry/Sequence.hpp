#pragma once
// Point sequences and designs in the unit cube [0,1)^dim used by the
// samplers. Every generator is a pure function of (seed, stream, index): the
// output does not depend on threads, platforms or standard libraries.
//
// - random: counter-based splitmix64 (53-bit uniforms in (0,1)); `stream`
//   separates the boundary parts and the interior.
// - sobol, halton: low-discrepancy sequences (Sobol.hpp, Halton.hpp); seed 0
//   gives the published sequences, another seed a fixed digital / random
//   shift. Samplers skip index 0 (the origin).
// - hammersley, lhs (Latin hypercube), grid: designs whose points depend on
//   the total count n.
#include <cstdint>
#include <string>
#include <vector>

namespace kanpde::geometry {

enum class Sequence { Random, LatinHypercube, Sobol, Halton, Hammersley, Grid };

// "random", "lhs", "sobol", "halton", "hammersley", "grid"; InputError
// naming the accepted values otherwise.
Sequence parse_sequence(const std::string& name);
std::string to_string(Sequence s);
// True when point i does not depend on how many points are drawn.
bool is_streaming(Sequence s);

// Points [first, first + n) of a streaming sequence, row-major n x dim.
void stream_points(Sequence s, int dim, std::uint64_t seed, std::uint64_t stream,
                   std::uint64_t first, std::size_t n, double* out);

// A design of n points (row-major n x dim). For Grid, `extents` (dim
// entries, may be null for a cube) sets the aspect ratio: the grid is
// cell-centred with about equal spacing in every direction and at least n
// points; the returned count may exceed n.
std::vector<double> design_points(Sequence s, int dim, std::uint64_t seed, std::uint64_t stream,
                                  std::size_t n, const double* extents = nullptr);

}  // namespace kanpde::geometry
