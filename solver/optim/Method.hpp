#pragma once
// The optimization methods a training stage can use (the registry's keys:
// solver/optim/Registry.hpp).

namespace kanpde::solver::optim {

enum class Method { adam, lbfgs, lm, bfgs };

// The method's name in case files ("adam", "lbfgs", "lm", "bfgs").
const char* to_string(Method m);

}  // namespace kanpde::solver::optim
