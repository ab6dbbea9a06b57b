#pragma once
#include "solver/case/DomainSpec.hpp"
#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver::Impl {

// Reads and checks the domain tree at v; resolves dimension, bounding box and
// the final part names (DomainSpec::parts).
DomainSpec parse_domain(const Value& v);

}  // namespace kanpde::solver::Impl
