#include "solver/run/History.hpp"

#include <algorithm>
#include <cmath>

#include "solver/parallel/Comm.hpp"

namespace kanpde::solver {

std::vector<std::string> history_columns(const CaseSpec& spec,
                                         const std::vector<PointTerm>& terms) {
  std::vector<std::string> c = {"step", "stage", "grid_size", "params", "loss"};
  for (const PointTerm& t : terms) c.push_back("loss_" + t.name);
  for (const PointTerm& t : terms) c.push_back("weight_" + t.name);
  for (const UnknownSpec& u : spec.unknowns) c.push_back("unknown_" + u.name);
  const std::size_t n_corners = spec.corner_amplitudes ? spec.corner_amplitudes->values.size() : 0;
  for (std::size_t k = 0; k < n_corners; ++k)
    c.push_back(spec.corner_amplitudes->names[k] + "_amplitude");
  for (const char* n : {"rel_l2", "max_abs", "mse", "h1_semi_rel", "val_residual",
                        "val_residual_rel", "train_residual", "seconds"})
    c.push_back(n);
  return c;
}

HistoryRecorder::HistoryRecorder(const CaseSpec& spec, const SolveModel& model,
                                 const AccuracyGrid& grid, const std::vector<std::string>& columns,
                                 std::vector<std::vector<double>>& history)
    : spec_(spec),
      model_(model),
      grid_(grid),
      history_(history),
      nterms_(model.sp.terms.size()),
      every_(std::max(1, spec.output.history_every)),
      vset_(make_validation_set(spec, *model.domain)),
      overfit_(10.0, vset_.f_rms) {
  const std::size_t val_col =
      static_cast<std::size_t>(std::find(columns.begin(), columns.end(), "val_residual") -
                               columns.begin());  // then val_residual_rel, train_residual
  for (const auto& row : history_)
    overfit_.observe(static_cast<int>(row[0]), row[4], row[val_col], row[val_col + 2]);
}

bool HistoryRecorder::records(const Progress& p) const {
  return parallel::Comm::world().is_root() && (p.step % every_ == 0 || p.stage_end || p.step == 1);
}

std::optional<Accuracy> HistoryRecorder::record(const Progress& p) {
  const SolveModel& m = model_;
  std::optional<Accuracy> acc;
  if (grid_.exact) {
    const Field f = evaluate_solution(m.net, grid_.grid.x, spec_.dim(), *m.domain, m.hd);
    acc = accuracy(f.u, grid_.exact->u, f.grad, grid_.exact->grad);
  }
  std::vector<double> row{double(p.step), double(p.stage), double(p.grid_size), double(p.params),
                          p.terms.total};
  for (std::size_t t = 0; t < nterms_; ++t)
    row.push_back(t < p.terms.values.size() ? p.terms.values[t] : std::nan(""));
  for (std::size_t t = 0; t < nterms_; ++t)
    row.push_back(t < p.weights.size() ? p.weights[t] : std::nan(""));
  const std::size_t nk = spec_.unknowns.size() +
                         (spec_.corner_amplitudes ? spec_.corner_amplitudes->values.size() : 0);
  for (std::size_t k = 0; k < nk; ++k)
    row.push_back(k < p.unknowns.size() ? p.unknowns[k] : std::nan(""));
  const double nan = std::nan("");
  const ValidationResidual vr = validation_residual(m.net, vset_, *m.domain, m.hd, m.fb);
  const ValidationResidual tr =
      validation_residual(m.net, training_subset(spec_, m.sp.interior.x), *m.domain, m.hd, m.fb);
  row.insert(row.end(), {acc ? acc->rel_l2 : nan, acc ? acc->max_abs : nan, acc ? acc->mse : nan,
                         acc ? acc->h1_semi_rel : nan, vr.rms, vr.rel, tr.rms, p.seconds});
  history_.push_back(row);
  overfit_.observe(p.step, p.terms.total, vr.rms, tr.rms);
  return acc;
}

}  // namespace kanpde::solver
