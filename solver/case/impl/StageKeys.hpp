#pragma once
// What the optimizers' stage rows (impl/*Stage.cpp) share: an option whose
// values are an enum's, read and written from one list of names, and the
// line search's names.

#include <algorithm>
#include <string>
#include <vector>

#include "solver/case/StageOptimizers.hpp"
#include "solver/case/impl/Reader.hpp"
#include "solver/case/impl/YamlOut.hpp"
#include "solver/optim/LineSearch.hpp"

namespace kanpde::solver::Impl {

constexpr long long kMaxStageSteps = 100000000;

// names[i] is the case-file name of the enum's value i.
template <class E>
E enum_choice(const MapReader& m, const char* key, E def, const std::vector<std::string>& names) {
  const std::string s = m.choice(key, names.at(static_cast<std::size_t>(def)), names);
  return static_cast<E>(std::find(names.begin(), names.end(), s) - names.begin());
}
template <class E>
const std::string& enum_name(E e, const std::vector<std::string>& names) {
  return names.at(static_cast<std::size_t>(e));
}

// optim::LineSearchKind's names.
inline const std::vector<std::string>& line_search_names() {
  static const std::vector<std::string> n = {"strong_wolfe", "backtracking"};
  return n;
}

}  // namespace kanpde::solver::Impl
