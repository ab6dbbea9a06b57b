#include "solver/run/OutputSelection.hpp"

#include <algorithm>

namespace kanpde::solver {

void select_outputs(const OutputSpec& o, RunResults& r) {
  auto chosen = [&](const std::string& name) {
    const std::string key = name == "kan_minus_fd" ? "u_fd" : name;
    // An unknown field's datasets come with it (not governed by the list).
    const std::string& a = r.field_name;
    if (!a.empty() && (name == a || name == a + "_exact" || name == "err_" + a)) return true;
    return std::find(o.fields.begin(), o.fields.end(), key) != o.fields.end();
  };
  auto& f = r.fields.fields;
  for (auto it = f.begin(); it != f.end();) it = chosen(it->first) ? std::next(it) : f.erase(it);
  if (!o.save_collocation) {
    r.collocation = false;
    r.interior.clear();
    r.boundary.clear();
    r.boundary_part.clear();
  }
}

}  // namespace kanpde::solver
