#pragma once
// The progress line of training: "[stage 1/2 adam] step 40/300  G=5  loss
// ...  steps/s  ETA", with the trainer's events on lines of their own. Live
// (rewritten in place at most every 0.2 s and at each stage's end) on a
// terminal or with --progress; otherwise a line per recorded history row.
// Nothing under --quiet.

#include <chrono>
#include <optional>

#include "solver/case/CaseSpec.hpp"
#include "solver/run/Console.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {

class ProgressLine {
 public:
  ProgressLine(const CaseSpec& spec, const Console& console);
  // recorded: the step's history row was recorded; rel_l2: its accuracy
  // (with an exact solution).
  void print(const Progress& p, bool recorded, std::optional<double> rel_l2);
  // Ends a live line before an interruption's message.
  void interrupted() const;

 private:
  const CaseSpec& spec_;
  const Console& console_;
  int total_;  // steps of all stages
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace kanpde::solver
