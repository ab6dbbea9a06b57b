#include "solver/run/RunOutput.hpp"

#include <cstdio>

#include "common/Error.hpp"

namespace kanpde::solver {

std::unique_ptr<OutputDir> claim_output(const parallel::Comm& world, const std::string& dir,
                                        const SolveOptions& opt,
                                        const std::function<void(const std::string&)>& say) {
  if (!opt.write) return nullptr;
  std::unique_ptr<OutputDir> out;
  std::string refusal;
  if (world.is_root()) {
    try {
      out = std::make_unique<OutputDir>(dir);
      const ResultsState st = results_state(dir);
      if (st == ResultsState::complete && !opt.force)
        throw InputError(dir +
                         ": results exist already; choose another --out directory or pass "
                         "--force to replace them");
      if (st == ResultsState::incomplete)
        say("  " + dir +
            " holds the results of a run that did not finish (no summary.json); "
            "they will be replaced\n");
      if (out->stale_removed() > 0)
        say("  removed " + std::to_string(out->stale_removed()) +
            " temporary file(s) left by an interrupted run\n");
    } catch (const InputError& e) {
      refusal = e.what();
      out.reset();
    }
  }
  // Directories may be node-local: rank 0 decides, every rank learns it.
  if (world.allreduce_max(refusal.empty() ? 0.0 : 1.0) > 0)
    throw InputError(refusal.empty() ? dir + ": the output directory was refused by rank 0"
                                     : refusal);
  return out;
}

TrainerState trained_state(const Trainer& trainer, const Trainer::Net& net, std::size_t stages) {
  TrainerState st;
  st.step = trainer.steps_done();
  st.stage = static_cast<int>(stages);
  st.stage_step = 0;
  st.final_loss = trainer.final_loss();
  st.good = net.params_host();
  return st;
}

std::string publish_results(const parallel::Comm& world, const std::string& dir,
                            const RunResults& results, const SolveOptions& opt,
                            const RunCheckpoint& checkpoint) {
  if (!opt.write || !world.is_root()) return "";
  try {
    write_results(dir, results, opt.force || results_state(dir) == ResultsState::incomplete);
  } catch (const RuntimeFailure& e) {
    throw RuntimeFailure(std::string(e.what()) + "; the trained model is in " + checkpoint.path() +
                         ": once fixed, finish the run with: " + checkpoint.resume_command());
  }
  // A checkpoint nobody asked for is not kept once the results are there.
  if (opt.checkpoint_every == 0) std::remove(checkpoint.path().c_str());
  return "  results: " + dir + "/results.h5 (ParaView: " + dir + "/results.xmf), " + dir +
         "/summary.json\n";
}

}  // namespace kanpde::solver
