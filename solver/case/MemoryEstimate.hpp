#pragma once
// The memory a run of a case needs, estimated at load time from the case
// alone, so that `kanpde check` and `kanpde solve` refuse a case that cannot
// run at its key's file:line:col instead of ending in an allocation failure
// after minutes of work.
//
// What is counted (host bytes; Kokkos Serial/OpenMP keep the device arrays on
// the host too): the parameters P of the largest network of the run (model
// and grid extensions) and, for Levenberg-Marquardt stages, the dense P x P
// matrices of the normal equations and their factor (or the dense Jacobian
// for solve: qr); L-BFGS histories; the collocation points and their per-
// point arrays (adaptive refinement's maximum and candidate pool included);
// the evaluation grid and its fields; the finite-difference reference's
// unknowns with its sparse matrix and solver. The per-point, per-node and
// per-unknown costs were measured (BENCHMARKS.md, "seams"); the estimate is
// meant to be within a factor of two, and a case is refused only when it
// exceeds the machine's memory.

#include <string>
#include <vector>

#include "solver/case/CaseSpec.hpp"

namespace kanpde::solver {

struct MemoryItem {
  std::string path;  // the key whose value it grows with ("model.kan.widths")
  std::string what;  // "the LM stage training.stages[1] needs a dense 8.4e6^2 matrix"
  double bytes = 0.0;
};

struct MemoryEstimate {
  std::vector<MemoryItem> items;
  double parameters = 0.0;  // of the largest network of the run
  double total() const;
  const MemoryItem& largest() const;
};

MemoryEstimate estimate_memory(const CaseSpec& cs);

// The memory a run may use, in bytes: the machine's physical memory, or a
// cgroup's limit when lower; KANPDE_MEMORY_LIMIT_GIB (a positive number)
// replaces both.
double memory_limit_bytes();

// InputError at the key of the largest item when the estimate exceeds
// memory_limit_bytes(), naming the item, its size and the total in GiB.
void check_memory(const CaseSpec& cs);

// InputError at a stage's optimizer key when its optimizer refuses the
// parameter count of the network it trains (the stage table's
// refuse_params: dense BFGS above optim::kBfgsMaxParams, naming P and the
// matrix's size).
void check_optimizer_params(const CaseSpec& cs);

// "8.4e+06", "20" (two significant digits).
std::string format_count(double v);
// "5.6e+05 GiB", "3.2 GiB", "0.012 GiB".
std::string format_gib(double bytes);

}  // namespace kanpde::solver
