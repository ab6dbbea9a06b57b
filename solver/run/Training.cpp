#include "solver/run/Training.hpp"

#include <optional>
#include <string>

#include "common/Error.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/run/Guards.hpp"
#include "solver/run/History.hpp"
#include "solver/run/PointRenewal.hpp"
#include "solver/run/Progress.hpp"
#include "solver/run/Refinement.hpp"
#include "solver/run/RunOutput.hpp"
#include "solver/run/Signals.hpp"
#include "solver/run/TrainSettings.hpp"
#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {
namespace {

using Clock = std::chrono::steady_clock;
using Net = Trainer::Net;

class TrainingRun {
 public:
  TrainingRun(const CaseSpec& spec, const SolveOptions& opt, SolveModel& model,
              const AccuracyGrid& grid, const RunCheckpoint& checkpoint, const Console& console,
              RunResults& results)
      : spec_(spec),
        opt_(opt),
        model_(model),
        grid_(grid),
        checkpoint_(checkpoint),
        console_(console),
        R_(results),
        renewal_(spec, *model.domain, model.hd, model.sp, model.fb),
        progress_(spec, console) {}

  TrainingOutcome run(Clock::time_point start);

 private:
  std::optional<TrainerState> resume();
  void on_step(const Progress& p);
  std::shared_ptr<const Assembler<>> refine(int stage, Net& net);
  void write_checkpoint(const TrainerState& st) const {
    checkpoint_.write(st, renewal_.round(), renewal_.refine_round());
  }
  TrainerState finished_state(const Trainer& trainer) const;

  const CaseSpec& spec_;
  const SolveOptions& opt_;
  SolveModel& model_;
  const AccuracyGrid& grid_;
  const RunCheckpoint& checkpoint_;
  const Console& console_;
  RunResults& R_;
  PointRenewal renewal_;
  ProgressLine progress_;
  std::optional<HistoryRecorder> history_;  // made once a resumed history is in
  UnderdeterminationWatch underdetermination_;
};

TrainingOutcome TrainingRun::run(Clock::time_point start) {
  R_.history_columns = history_columns(spec_, model_.sp.terms);
  TrainOptions topt = train_options(spec_);
  topt.checkpoint_every = opt_.checkpoint_every;
  topt.unknowns = model_.unknowns;
  topt.field = model_.field_net.get();
  const std::optional<TrainerState> resumed = resume();
  history_.emplace(spec_, model_, grid_, R_.history_columns, R_.history);
  // Grid updates use the first draw's interior points, also after a resume.
  std::vector<double> grid_samples =
      resumed ? sample_problem(spec_, *model_.domain, 0).interior.x : model_.sp.interior.x;
  const parallel::Comm world = parallel::Comm::world();
  if (resumed) model_.loss = make_assembler(model_.sp, world, model_.fb);
  Trainer trainer(model_.loss, model_.net, std::move(grid_samples), topt,
                  [this](int step, int stage, const Net& n) { return renewal_(step, stage, n); });
  if (resumed) trainer.resume(*resumed);
  trainer.set_refine([this](int, int stage, Net& n) { return refine(stage, n); });
  std::optional<TrainingSignals> signals;
  if (opt_.write) {
    signals.emplace();
    // A signal stops every rank at the same step, whichever got it.
    trainer.set_checkpoint(
        [this](const TrainerState& st) { write_checkpoint(st); },
        [world] {
          return static_cast<int>(world.allreduce_max(static_cast<double>(pending_signal())));
        });
  }
  try {
    trainer.run([this](const Progress& p) { on_step(p); });
  } catch (const Interrupted& e) {
    progress_.interrupted();
    throw Interrupted(e.signal(), "interrupted by signal " + std::to_string(e.signal()) +
                                      " after step " + std::to_string(trainer.steps_done()) +
                                      "; checkpoint written to " + checkpoint_.path() +
                                      "; continue with: " + checkpoint_.resume_command());
  }
  const TrainingOutcome outcome{trainer.steps_done(), trainer.final_loss(),
                                std::chrono::duration<double>(Clock::now() - start).count()};
  if (auto w = history_->finish()) console_.warn(*w, R_.warnings);  // a rise that lasts to the end
  // The trained model goes into the checkpoint: the run can be finished
  // from it without training again.
  if (opt_.write) write_checkpoint(finished_state(trainer));
  return outcome;
}

// The network, the trainer's state, the point sets and the history of a
// checkpoint, for continuing exactly where it stopped.
std::optional<TrainerState> TrainingRun::resume() {
  if (opt_.resume.empty()) return std::nullopt;
  const CheckpointData c = read_resume(spec_, opt_.resume, R_.history_columns);
  model_.net = Net(c.layout, c.params, c.knots);
  // A checkpoint at a stage's end names the next stage, still on the points
  // of the one that ended.
  const TrainerState& ts = c.trainer;
  renewal_.restore(c.round, c.refine_round, c.interior,
                   ts.stage_step == 0 ? ts.stage - 1 : ts.stage);
  R_.history = c.history;
  console_.say("  resuming from " + opt_.resume + " after step " + std::to_string(ts.step) + "\n");
  return c.trainer;
}

void TrainingRun::on_step(const Progress& p) {
  // Parameters change with grid extensions, equations with refinement.
  console_.warn(
      underdetermination_.observe(p.params, p.stage, p.step, p.least_squares, model_.sp.terms),
      R_.warnings);
  const bool recorded = history_->records(p);
  std::optional<Accuracy> acc;
  if (recorded) acc = history_->record(p);
  console_.warn(p.warning, R_.warnings);
  progress_.print(p, recorded, acc ? std::optional<double>(acc->rel_l2) : std::nullopt);
}

// Multi-stage refinement before `stage`: the solution so far frozen, a new
// network trained on the loss returned.
std::shared_ptr<const Assembler<>> TrainingRun::refine(int stage, Net& net) {
  const RefineSpec& rs = *spec_.training.stages[static_cast<std::size_t>(stage)].refine;
  const double s =
      freeze_and_restart(spec_, rs, *model_.domain, model_.hd, net, model_.sp.interior.x);
  set_trial(model_.sp, *model_.domain, model_.hd);
  console_.say("  refinement before stage " + std::to_string(stage + 1) + ": scale " +
               Impl::sci(s) + ", KAN " + Impl::widths_text(rs.kan.widths) +
               " G=" + std::to_string(rs.kan.grid_size) + "\n");
  return make_assembler(model_.sp, parallel::Comm::world(), model_.fb);
}

// The state after the last stage: the network's parameters, then the
// field's, then the unknowns' variables.
TrainerState TrainingRun::finished_state(const Trainer& trainer) const {
  TrainerState st = trained_state(trainer, model_.net, spec_.training.stages.size());
  if (model_.field_net) {
    const std::vector<double> fp = model_.field_net->params_host();
    st.good.insert(st.good.end(), fp.begin(), fp.end());
  }
  if (model_.unknowns)
    st.good.insert(st.good.end(), model_.unknowns->variables().begin(),
                   model_.unknowns->variables().end());
  return st;
}

}  // namespace

TrainingOutcome train_model(const CaseSpec& spec, const SolveOptions& opt, SolveModel& model,
                            const AccuracyGrid& grid, const RunCheckpoint& checkpoint,
                            const Console& console, RunResults& results, Clock::time_point start) {
  TrainingRun run(spec, opt, model, grid, checkpoint, console, results);
  return run.run(start);
}

}  // namespace kanpde::solver
