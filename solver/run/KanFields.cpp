#include "solver/run/KanFields.hpp"

#include <cmath>
#include <string>

#include "common/Coordinates.hpp"
#include "solver/run/RecoveredField.hpp"
#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {
namespace {

// Where the fields go: the accuracy grid, or above 3D the slice.
struct FieldGrid {
  const EvalGrid* grid = nullptr;
  EvalGrid slice;
  Field kan;
  std::optional<Field> exact;
  // v at the inside nodes, NaN at the others.
  std::vector<double> on_grid(const std::vector<double>& v) const {
    std::vector<double> full(grid->nodes, std::nan(""));
    for (std::size_t i = 0; i < grid->node.size(); ++i) full[grid->node[i]] = v[i];
    return full;
  }
};

void make_slice(const CaseSpec& spec, const SolveModel& m, const AccuracyGrid& a, FieldGrid& fg,
                RunResults& R) {
  const int d = spec.dim();
  const std::vector<int>& ax = spec.output.slice_axes;
  fg.slice =
      make_slice_grid(*m.domain, ax, spec.output.slice_at,
                      {a.n[static_cast<std::size_t>(ax[0])], a.n[static_cast<std::size_t>(ax[1])]});
  fg.grid = &fg.slice;
  fg.kan = evaluate_solution(m.net, fg.slice.x, d, *m.domain, m.hd);
  if (spec.pde.exact) fg.exact = evaluate_exact(*spec.pde.exact, fg.slice.x, *m.domain);
  R.fields.axis_names = {coordinate_name(d, ax[0]), coordinate_name(d, ax[1])};
  std::string at;
  for (double v : spec.output.slice_at) at += (at.empty() ? "" : ", ") + Impl::fmt("%.6g", v);
  R.metric_text["fields_slice"] =
      R.fields.axis_names[0] + ", " + R.fields.axis_names[1] + " through (" + at + ")";
}

// The PDE residual of the KAN at the field grid's points.
std::vector<double> residual_field(const CaseSpec& spec, const SolveModel& m, const FieldGrid& fg) {
  const EvalGrid& g = *fg.grid;
  if (spec.pde.general())
    return term_residuals(pde_term(spec, "residual", 1.0, g.x), m.net, *m.domain, m.hd, m.fb);
  const std::vector<double> f = spec.pde.f.eval_many(g.x, spec.dim());
  std::vector<double> r(g.node.size());
  for (std::size_t i = 0; i < r.size(); ++i)
    r[i] = -fg.kan.lap[i] + spec.pde.c * fg.kan.u[i] - f[i];
  return r;
}

// The recovered field on the field grid, against its exact values where
// given; its accuracy on the full accuracy grid (also when the fields are a
// slice).
void recovered_fields(const CaseSpec& spec, const SolveModel& m, const AccuracyGrid& a,
                      const FieldGrid& fg, RunResults& R) {
  const int d = spec.dim();
  const FieldUnknownSpec& fu = spec.field_unknowns.front();
  const RecoveredField rf = recovered_field(*m.field_net, fu, fg.grid->x, d);
  R.fields.fields[fu.name] = fg.on_grid(rf.a);
  if (fu.exact) {
    std::vector<double> err(rf.a.size());
    for (std::size_t i = 0; i < err.size(); ++i) err[i] = rf.a[i] - rf.exact[i];
    R.fields.fields[fu.name + "_exact"] = fg.on_grid(rf.exact);
    R.fields.fields["err_" + fu.name] = fg.on_grid(err);
  }
  const RecoveredField full = a.sliced ? recovered_field(*m.field_net, fu, a.grid.x, d) : rf;
  R.field_name = fu.name;
  R.field_positive = fu.positive;
  R.field_layout = m.field_net->layout();
  R.field_params = m.field_net->params_host();
  R.field_knots = m.field_net->knots_host();
  R.field_rel_l2 = full.rel_l2;
  R.field_max_abs = full.max_abs;
}

}  // namespace

KanEvaluation evaluate_kan(const CaseSpec& spec, const SolveModel& m, const AccuracyGrid& a,
                           RunResults& R) {
  const int d = spec.dim();
  KanEvaluation k;
  k.field = evaluate_solution(m.net, a.grid.x, d, *m.domain, m.hd);
  if (a.exact) k.accuracy = accuracy(k.field.u, a.exact->u, k.field.grad, a.exact->grad);
  FieldGrid fg;
  if (a.sliced) {
    make_slice(spec, m, a, fg, R);
  } else {
    fg.grid = &a.grid;
    fg.kan = k.field;
  }
  const std::optional<Field>& exact = a.sliced ? fg.exact : a.exact;
  R.fields.dim = fg.grid->dim;
  R.fields.axes = fg.grid->axes;
  R.fields.fields["u_kan"] = fg.on_grid(fg.kan.u);
  R.fields.fields["residual"] = fg.on_grid(residual_field(spec, m, fg));
  const ValidationSet vset = make_validation_set(spec, *m.domain);
  k.validation = validation_residual(m.net, vset, *m.domain, m.hd, m.fb);
  k.validation_points = vset.x.size() / static_cast<std::size_t>(d);
  if (m.field_net) recovered_fields(spec, m, a, fg, R);
  if (exact) {
    std::vector<double> err(fg.grid->node.size());
    for (std::size_t i = 0; i < err.size(); ++i) err[i] = fg.kan.u[i] - exact->u[i];
    R.fields.fields["u_exact"] = fg.on_grid(exact->u);
    R.fields.fields["err_kan"] = fg.on_grid(err);
  }
  if (const ReferenceData* data = spec.reference.data_points.get())
    k.data = data_errors(evaluate_solution(m.net, data->x, d, *m.domain, m.hd).u, *data);
  return k;
}

}  // namespace kanpde::solver
