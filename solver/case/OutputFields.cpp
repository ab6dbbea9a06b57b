#include "solver/case/OutputFields.hpp"

namespace kanpde::solver {

const std::vector<OutputField>& output_fields() {
  static const std::vector<OutputField> table = {
      {"u_kan", false, false},  {"u_exact", true, false}, {"u_fd", false, true},
      {"err_kan", true, false}, {"err_fd", true, true},   {"residual", false, false},
  };
  return table;
}

std::vector<std::string> output_field_names() {
  std::vector<std::string> n;
  for (const OutputField& f : output_fields()) n.emplace_back(f.name);
  return n;
}

}  // namespace kanpde::solver
