#pragma once
// The unknown scalars of an inverse problem (the case's `unknowns:`), as the
// equations see them: names, and their current values, shared by every
// equation compiled with them (and by the assemblers built from those
// equations). Training writes the values (solver/train/UnknownSet.hpp);
// every evaluation of a residual reads the values current at that moment, so
// a residual field computed after training uses the recovered values.

#include <string>
#include <vector>

namespace kanpde::solver::expr {

struct UnknownValues {
  std::vector<std::string> names;
  std::vector<double> values;  // same order as names
  int size() const { return static_cast<int>(names.size()); }
};

}  // namespace kanpde::solver::expr
