#include "solver/run/ResultsSummary.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>

#include "solver/run/Refinement.hpp"

namespace kanpde::solver {
namespace {

// /model is N_0, then the refinement networks with their scales; the
// parameters of all of them.
std::size_t collect_networks(const SolveModel& m, RunResults& R) {
  std::size_t total = m.net.num_params();
  if (!m.hd.frozen) {
    R.layout = m.net.layout();
    R.params = m.net.params_host();
    R.knots = m.net.knots_host();
    return total;
  }
  const FrozenSum& f = *m.hd.frozen;
  R.layout = f.nets.front().layout();
  R.params = f.nets.front().params_host();
  R.knots = f.nets.front().knots_host();
  for (std::size_t i = 1; i <= f.nets.size(); ++i) {
    const SolveNet& ni = i < f.nets.size() ? f.nets[i] : m.net;
    R.refinements.push_back({ni.layout(), ni.params_host(), ni.knots_host(),
                             i < f.nets.size() ? f.scales[i] : f.scale});
    total += f.nets[i - 1].num_params();
  }
  return total;
}

void fd_metrics(const FdComparison& fd, RunResults& R) {
  auto& m = R.metrics;
  m["fd_unknowns"] = static_cast<double>(fd.unknowns);
  m["fd_seconds"] = fd.seconds;
  m["fd_rel_l2"] = fd.rel_l2;
  m["fd_max_abs"] = fd.max_abs;
  m["kan_vs_fd_rel_l2"] = fd.kan_rel_l2;
  m["kan_vs_fd_max_abs"] = fd.kan_max_abs;
  R.metric_text["fd_solver"] = fd.solver;
  if (fd.order > 0) {
    m["fd_expected_order"] = fd.order;
    R.metric_text["fd_accuracy"] = fd.accuracy;
  }
  if (fd.inverse) {
    m["fd_forward_data_rms"] = fd.forward_rms;
    m["fd_forward_data_points"] = static_cast<double>(fd.forward_points);
    R.metric_text["fd_forward"] = fd.forward ? "solved" : "not available: " + fd.forward_why;
  }
}

void data_metrics(const CaseSpec& spec, const KanEvaluation& kan, const FdComparison& fd,
                  RunResults& R) {
  const ReferenceData* data = spec.reference.data_points.get();
  if (!data) return;
  const double nan = std::nan("");
  auto& m = R.metrics;
  m["data_points"] = static_cast<double>(data->size());
  m["kan_vs_data_rel_l2"] = kan.data->rel_l2;
  m["kan_vs_data_max_abs"] = kan.data->max_abs;
  m["fd_vs_data_rel_l2"] = fd.data ? fd.data->rel_l2 : nan;
  m["fd_vs_data_max_abs"] = fd.data ? fd.data->max_abs : nan;
  m["fd_vs_data_skipped"] = fd.data ? static_cast<double>(fd.data->skipped) : nan;
  R.metric_text["data_file"] = spec.reference.data;
  R.metric_text["data_fd_interpolation"] = "multilinear";
}

// The unknown scalars, the corner amplitudes (also what `kanpde eval` reads
// back from /metrics) and the recovered field's accuracy.
void unknown_metrics(const CaseSpec& spec, RunResults& R) {
  auto& m = R.metrics;
  if (!R.field_name.empty()) {
    m["field_" + R.field_name + "_rel_l2"] = R.field_rel_l2;
    m["field_" + R.field_name + "_max_abs"] = R.field_max_abs;
    m["field_" + R.field_name + "_params"] = static_cast<double>(R.field_params.size());
  }
  for (std::size_t k = 0; k < spec.unknowns.size(); ++k) {
    const UnknownSpec& u = spec.unknowns[k];
    const double v = spec.unknown_values->values[k], ex = u.exact ? *u.exact : std::nan("");
    R.unknown_names.push_back(u.name);
    R.unknown_values.push_back(v);
    R.unknown_exact.push_back(ex);
    m["unknown_" + u.name] = v;
    if (u.exact) m["unknown_" + u.name + "_rel_error"] = std::abs(v - ex) / std::abs(ex);
  }
  const std::size_t n_corners = spec.corner_amplitudes ? spec.corner_amplitudes->values.size() : 0;
  for (std::size_t c = 0; c < n_corners; ++c)
    m[spec.corner_amplitudes->names[c] + "_amplitude"] = spec.corner_amplitudes->values[c];
}

}  // namespace

void summarize_run(const CaseSpec& spec, const SolveModel& model, const AccuracyGrid& grid,
                   const TrainingOutcome& training, const KanEvaluation& kan,
                   const FdComparison& fd, RunResults& R) {
  R.case_name = spec.name;
  R.case_yaml = spec.to_yaml();
  const std::size_t total_params = collect_networks(model, R);
  R.dim = spec.dim();
  R.interior = model.sp.interior.x;
  R.boundary = model.sp.boundary.x;
  R.boundary_part = model.sp.boundary.part;
  R.part_names = model.sp.boundary.part_names;
  auto& m = R.metrics;
  m["kan_params"] = static_cast<double>(total_params);
  if (!R.refinements.empty()) m["kan_refinements"] = static_cast<double>(R.refinements.size());
  m["train_steps"] = training.steps;
  m["train_seconds"] = training.seconds;
  m["train_final_loss"] = training.final_loss;
  m["kan_grid_size"] = R.layout.grid_size();
  m["kan_validation_residual"] = kan.validation.rms;
  m["kan_validation_residual_rel"] = kan.validation.rel;
  m["validation_points"] = static_cast<double>(kan.validation_points);
  if (grid.sliced) m["accuracy_points"] = static_cast<double>(grid.grid.node.size());
  if (kan.accuracy) {
    m["kan_rel_l2"] = kan.accuracy->rel_l2;
    m["kan_max_abs"] = kan.accuracy->max_abs;
    m["kan_mse"] = kan.accuracy->mse;
    m["kan_h1_semi_rel"] = kan.accuracy->h1_semi_rel;
  }
  fd_metrics(fd, R);
  data_metrics(spec, kan, fd, R);
  R.metric_text["kokkos_backend"] = Kokkos::DefaultExecutionSpace::name();
  unknown_metrics(spec, R);
}

}  // namespace kanpde::solver
