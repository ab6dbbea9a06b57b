#include "solver/case/DataSpec.hpp"

namespace kanpde::solver {

int DataTermSpec::derivative_axis() const {
  if (quantity == "u_x") return 0;
  if (quantity == "u_y") return 1;
  if (quantity == "u_z") return 2;
  return -1;
}

std::vector<std::string> data_quantities(int dim) {
  std::vector<std::string> q{"u"};
  const char* const names[3] = {"u_x", "u_y", "u_z"};
  for (int a = 0; a < dim && a < 3; ++a) q.emplace_back(names[a]);
  return q;
}

}  // namespace kanpde::solver
