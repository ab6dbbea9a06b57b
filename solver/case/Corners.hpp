#pragma once
// Which re-entrant corners of a case get the singular enrichment of the trial
// function (solver/pde/CornerEnrichment.hpp), `domain.corners`:
//   auto (default): every re-entrant vertex of a polygon domain whose two
//         edges carry Dirichlet (hard or soft) or Neumann conditions, for the
//         built-in operator -lap u + c u (its leading singular term, whatever
//         f, c and the data: r^(pi/omega) sin(pi theta/omega) between two
//         Dirichlet edges, r^(pi/(2 omega)) sin(pi theta/(2 omega)) from a
//         Dirichlet to a Neumann edge, r^(pi/omega) cos(pi theta/omega)
//         between two Neumann edges; geometry/CornerFunction.hpp); the
//         compact support when any edge of the polygon has exact data, else
//         the wide one;
//         none for a general pde.equation (its singular exponent is not
//         known), a case with refine stages (the frozen sum holds networks
//         only), and beyond the number of extra scalars the kernel holds.
//   none: no enrichment.
// One trainable amplitude per corner, named "corner<vertex>".

#include <string>
#include <vector>

#include "geometry/CornerFunction.hpp"
#include "solver/case/CaseSpec.hpp"

namespace kanpde::solver {

// The corners enriched for a loaded case (empty: none).
std::vector<geometry::CornerSite> enriched_corners(const CaseSpec& cs);

// The re-entrant corners `auto` would enrich but leaves out because the
// kernel holds no more extra scalars (reported by check and solve).
std::size_t corners_left_out(const CaseSpec& cs);

// The amplitude's name for a corner.
std::string corner_name(const geometry::CornerSite& site);

// The trained amplitudes of a results file (its /metrics attributes
// corner<vertex>_amplitude, written by kanpde solve) into cs.corner_amplitudes,
// for `kanpde eval` and `kanpde symbolic`; nothing without an enrichment.
// InputError naming the attribute when one is missing.
void restore_corner_amplitudes(const CaseSpec& cs, const std::string& results_path);

// Extra scalars (unknowns and corner amplitudes) one problem may train.
constexpr int kMaxExtraScalars = 8;

}  // namespace kanpde::solver
