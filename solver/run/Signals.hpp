#pragma once
// SIGINT and SIGTERM during `kanpde solve`.
//   Training (TrainingSignals): the handler only records the signal; the
//   trainer polls it after each step, writes a checkpoint and stops.
//   After training (FinalSignals): the FD reference, the evaluation and the
//   writing of the results cannot be paused, and a 3D reference takes
//   minutes; the trained model is in a checkpoint by then, so the handler
//   prints a prepared message (how to finish the run from the checkpoint) and
//   exits at once with 128 + the signal. Temporary files it leaves are removed
//   by the next run into the directory; nothing incomplete has a final name.
// Each guard restores the previous handlers when it goes.

#include <csignal>
#include <string>

namespace kanpde::solver {

// The signal received under a TrainingSignals guard (0: none).
int pending_signal();

class TrainingSignals {
 public:
  TrainingSignals();
  ~TrainingSignals();
  TrainingSignals(const TrainingSignals&) = delete;
  TrainingSignals& operator=(const TrainingSignals&) = delete;

 private:
  struct sigaction old_int_ {
  }, old_term_{};
};

class FinalSignals {
 public:
  // message: printed (to stderr) when a signal arrives; a signal already
  // pending from training ends the run the same way at once.
  explicit FinalSignals(const std::string& message);
  ~FinalSignals();
  FinalSignals(const FinalSignals&) = delete;
  FinalSignals& operator=(const FinalSignals&) = delete;

 private:
  struct sigaction old_int_ {
  }, old_term_{};
};

}  // namespace kanpde::solver
