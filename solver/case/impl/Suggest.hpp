#pragma once
// "Did you mean" suggestions: the case loader's names for common/Suggest.hpp.

#include "common/Suggest.hpp"

namespace kanpde::solver::Impl {

using ::kanpde::Impl::closest;
using ::kanpde::Impl::did_you_mean;
using ::kanpde::Impl::edit_distance;
using ::kanpde::Impl::quoted_list;

}  // namespace kanpde::solver::Impl
