#include "solver/run/Solve.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>

#include "solver/parallel/Comm.hpp"
#include "solver/run/Console.hpp"
#include "solver/run/Echo.hpp"
#include "solver/run/FdComparison.hpp"
#include "solver/run/KanFields.hpp"
#include "solver/run/OutputSelection.hpp"
#include "solver/run/Report.hpp"
#include "solver/run/ResultsSummary.hpp"
#include "solver/run/RunCheckpoint.hpp"
#include "solver/run/RunOutput.hpp"
#include "solver/run/Signals.hpp"
#include "solver/run/SolveSetup.hpp"
#include "solver/run/Training.hpp"

namespace kanpde::solver {

SolveSummary solve_case(const CaseSpec& spec, const SolveOptions& opt, std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  // MPI: every rank trains; rank 0 alone runs the FD reference and writes
  // (the other ranks' std::cout is silenced by the kanpde program).
  const parallel::Comm world = parallel::Comm::world();
  const Console console(out, opt);

  // 1. The resolved configuration.
  echo_configuration(spec, console);

  // 2. The output directory, claimed before any work; never overwrite
  // results by surprise.
  const std::string dir = opt.out_dir.empty() ? spec.output.directory : opt.out_dir;
  const std::unique_ptr<OutputDir> outdir =
      claim_output(world, dir, opt, [&](const std::string& s) { console.say(s); });

  // 3. Unknowns, domain, collocation points, trial function and networks.
  SolveModel model = set_up_model(spec, console);

  // 4. The evaluation grid and the exact solution on it.
  const AccuracyGrid grid = make_accuracy_grid(spec, *model.domain);

  // 5. Training: history, guards, progress line; checkpoints on a signal.
  RunResults R;
  const RunCheckpoint checkpoint(spec, dir, model, R);
  const TrainingOutcome training =
      train_model(spec, opt, model, grid, checkpoint, console, R, start);
  // The trained model is in the checkpoint: from here on a signal ends the
  // run at once (the FD reference alone may take minutes).
  std::optional<FinalSignals> final_signals;
  if (opt.write)
    final_signals.emplace(
        "after training, before the results were written; the trained model is in " +
        checkpoint.path() + "; finish the run with: " + checkpoint.resume_command());

  // 6. The trained KAN on the evaluation grid: accuracy, residual, fields.
  const KanEvaluation kan = evaluate_kan(spec, model, grid, R);

  // 7. The finite-difference reference (or forward re-solve) and the
  // comparisons with it.
  const FdComparison fd = compare_with_fd(spec, model, grid, kan.field, console, R);

  // 8. The results: gathered, tabled, selected (output.fields,
  // output.save_collocation), written, printed.
  summarize_run(spec, model, grid, training, kan, fd, R);
  SolveSummary s;
  s.table = report_table(spec, grid, kan, fd, R);
  select_outputs(spec.output, R);
  s.table += publish_results(world, dir, R, opt, checkpoint);
  out << s.table << std::flush;
  s.results = std::move(R);
  return s;
}

}  // namespace kanpde::solver
