#pragma once
// The output side of `kanpde solve`, kept apart from the numbered steps:
// claiming the output directory before any work (every rank learns rank 0's
// verdict), the trainer state of a finished training, and writing the
// results at the end.

#include <functional>
#include <memory>
#include <string>

#include "solver/io/OutputDir.hpp"
#include "solver/io/Results.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/run/RunCheckpoint.hpp"
#include "solver/run/SolveOptions.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {

// Rank 0 creates, test-writes and locks dir (OutputDir) and refuses existing
// complete results without --force; an incomplete earlier run (results.h5
// without summary.json) is announced and replaced. Every rank throws the same
// InputError when rank 0 refuses. Null when nothing is written (--no-write)
// and on ranks other than 0.
std::unique_ptr<OutputDir> claim_output(const parallel::Comm& world, const std::string& dir,
                                        const SolveOptions& opt,
                                        const std::function<void(const std::string&)>& say);

// The state of a trainer that has run every stage: resuming from it goes
// straight to the evaluation.
TrainerState trained_state(const Trainer& trainer, const Trainer::Net& net, std::size_t stages);

// Rank 0 writes results.h5, results.xmf and summary.json into dir (unless
// --no-write; replacing earlier results with --force or when they are
// incomplete) and removes a checkpoint nobody asked for. A failure names the
// checkpoint that finishes the run. Returns the table's line naming the
// files ("" where nothing was written).
std::string publish_results(const parallel::Comm& world, const std::string& dir,
                            const RunResults& results, const SolveOptions& opt,
                            const RunCheckpoint& checkpoint);

}  // namespace kanpde::solver
