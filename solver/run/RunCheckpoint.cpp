#include "solver/run/RunCheckpoint.hpp"

#include <algorithm>

#include "common/Error.hpp"
#include "solver/case/Interfaces.hpp"
#include "solver/parallel/Comm.hpp"

namespace kanpde::solver {

RunCheckpoint::RunCheckpoint(const CaseSpec& spec, const std::string& dir, const SolveModel& model,
                             const RunResults& results)
    : spec_(spec), dir_(dir), path_(dir + "/checkpoint.h5"), model_(model), results_(results) {}

std::string RunCheckpoint::resume_command() const {
  return "kanpde solve " + spec_.file + " --out " + dir_ + " --resume " + path_;
}

// Every rank holds the same parameters and the global point set: rank 0
// writes.
void RunCheckpoint::write(const TrainerState& st, int round, int refine_round) const {
  if (!parallel::Comm::world().is_root()) return;
  CheckpointData c;
  c.case_yaml = spec_.to_yaml();
  c.layout = model_.net.layout();
  c.params = model_.net.params_host();
  c.knots = model_.net.knots_host();
  c.trainer = st;
  c.unknowns = model_.unknowns ? model_.unknowns->size() : 0;
  c.field_params = model_.field_net ? static_cast<int>(model_.field_net->num_params()) : 0;
  c.round = round;
  c.refine_round = refine_round;
  c.dim = spec_.dim();
  c.interior = model_.sp.interior.x;
  c.history_columns = results_.history_columns;
  c.history = results_.history;
  write_checkpoint(path_, c);
}

CheckpointData read_resume(const CaseSpec& spec, const std::string& path,
                           const std::vector<std::string>& history_columns) {
  const auto& stages = spec.training.stages;
  if (std::any_of(stages.begin(), stages.end(),
                  [](const StageSpec& st) { return st.refine.has_value(); }))
    throw InputError(path +
                     ": resuming is not supported for a case with refine stages (the checkpoint "
                     "holds one network); run it again from the start");
  CheckpointData c = read_checkpoint(path);
  if (c.case_yaml != spec.to_yaml())
    throw InputError(path +
                     ": the checkpoint was written for a different case (its "
                     "/case differs from the resolved " +
                     (spec.file.empty() ? std::string("case") : spec.file) +
                     "); resume with the same case file and --set options");
  std::vector<int> stage_steps;
  for (const StageSpec& st : stages) stage_steps.push_back(st.steps);
  int prune_stage = -1;
  for (std::size_t i = 0; i < stages.size() && prune_stage < 0; ++i)
    if (stages[i].prune) prune_stage = static_cast<int>(i);
  check_checkpoint_fits(c, path, spec.dim(), stage_steps, kan_with_interfaces(spec).widths,
                        spec.model.kan.spline_order, prune_stage);
  if (c.history_columns != history_columns)
    throw InputError(path + ": the checkpoint's history columns do not match this case");
  return c;
}

}  // namespace kanpde::solver
