#include "kan/Jet.hpp"

namespace kanpde::kan {

const char* to_string(JetMode m) {
  switch (m) {
    case JetMode::value:
      return "value";
    case JetMode::laplacian:
      return "laplacian";
    case JetMode::hessian:
      return "hessian";
  }
  return "unknown";
}

}  // namespace kanpde::kan
