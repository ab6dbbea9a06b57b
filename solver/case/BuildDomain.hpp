#pragma once
// The geometry module's domain for a case's domain section.

#include "geometry/Domain.hpp"
#include "solver/case/DomainSpec.hpp"

namespace kanpde::solver {

// Builds the domain tree (CSG operands combined left to right) with the part
// names of DomainSpec's naming rule (boundary_name, rename and name: prefixes
// applied on top of the geometry module's names). The geometry module's own
// checks apply (InputError, not located: load_case locates them at the
// domain section). load_case has already built it once; the solver builds
// its own copy.
geometry::DomainPtr build_domain(const DomainSpec& spec);

}  // namespace kanpde::solver
