#pragma once
// The optimization methods a training stage can use.

namespace kanpde::solver::optim {

enum class Method { adam, lbfgs, lm };

inline const char* to_string(Method m) {
  switch (m) {
    case Method::adam:
      return "adam";
    case Method::lbfgs:
      return "lbfgs";
    case Method::lm:
      return "lm";
  }
  return "unknown";
}

}  // namespace kanpde::solver::optim
