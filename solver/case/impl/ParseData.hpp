#pragma once
// The `data:` section of a case (solver/case/DataSpec.hpp): entries checked
// and their files read at load time.

#include <optional>

#include "solver/case/CaseSpec.hpp"
#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver::Impl {

void parse_data(const std::optional<Value>& v, CaseSpec& cs);

}  // namespace kanpde::solver::Impl
