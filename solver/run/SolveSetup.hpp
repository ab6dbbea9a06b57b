#pragma once
// Steps 3 and 4 of `kanpde solve`: what a run trains and where it measures.
//   SolveModel:   the domain, the first draw of collocation points, the trial
//                 function's data, the network (and an unknown field's), the
//                 unknown scalars and corner amplitudes;
//   AccuracyGrid: the evaluation grid (Halton points above 3D) and the exact
//                 solution on it.

#include <memory>
#include <optional>
#include <vector>

#include "geometry/Domain.hpp"
#include "kan/Network.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/run/Console.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Problem.hpp"
#include "solver/train/UnknownSet.hpp"

namespace kanpde::solver {

using SolveNet = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;

// The network of a model: section; input ranges from the domain's bounding
// box unless grid_range is given.
kan::NetworkSpec network_spec(const KanModelSpec& m, const geometry::Domain& domain);

struct SolveModel {
  geometry::DomainPtr domain;
  SampledProblem sp;  // the points in use (renewed during training)
  HardDirichlet hd;   // the trial function's data; a refinement stage adds the frozen networks
  SolveNet net;
  // An unknown field's network (`unknowns: a: {field: true}`; null: none)
  // and its binding for the assemblers.
  std::unique_ptr<SolveNet> field_net;
  FieldBinding fb;
  // Unknown scalars then corner amplitudes, trained with the network (null:
  // none).
  std::shared_ptr<UnknownSet> unknowns;
  // The loss over the first draw (this rank's part, summed over the ranks);
  // built here, before the evaluation grid, as the first of the run's large
  // allocations. Training replaces it on --resume.
  std::shared_ptr<const Assembler<>> loss;
};

// Resets the unknowns to their initial values, builds the domain, samples
// the first draw, builds the networks (announcing an unknown field).
SolveModel set_up_model(const CaseSpec& spec, const Console& console);

struct AccuracyGrid {
  std::vector<int> n;   // nodes per axis (output.grid, or the reference resolution)
  bool sliced = false;  // above 3D: accuracy at Halton points, fields on a 2D slice
  EvalGrid grid;
  std::optional<Field> exact;  // with pde.exact
};
AccuracyGrid make_accuracy_grid(const CaseSpec& spec, const geometry::Domain& domain);

}  // namespace kanpde::solver
