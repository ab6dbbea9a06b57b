#include "solver/run/ForwardProblem.hpp"

#include <vector>

#include "common/Error.hpp"
#include "solver/case/ForwardCase.hpp"
#include "solver/run/RecoveredField.hpp"

namespace kanpde::solver {

std::optional<CaseSpec> forward_problem(
    const CaseSpec& spec, const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>* field,
    std::string& why) {
  const std::vector<double> values =
      spec.unknown_values ? spec.unknown_values->values : std::vector<double>{};
  std::optional<expr::Field> a;
  if (!spec.field_unknowns.empty()) {
    KANPDE_VERIFY(field != nullptr, "forward problem: the unknown field has no network");
    a = recovered_field_function(*field, spec.field_unknowns.front(), spec.dim());
  }
  try {
    return forward_case(spec, values, a ? &*a : nullptr);
  } catch (const InputError& e) {
    why = e.what();
  }
  return std::nullopt;
}

}  // namespace kanpde::solver
