#include "solver/optim/Objective.hpp"

#include "common/Error.hpp"

namespace kanpde::solver::optim {

double Objective::gauss_newton(const Vector&, Matrix&, Vector&) {
  KANPDE_ASSERT(false, "this objective provides no Gauss-Newton system");
}

double Objective::jacobian(const Vector&, Matrix&, Vector&) {
  KANPDE_VERIFY(false, "this objective provides no dense Jacobian");
}

}  // namespace kanpde::solver::optim
