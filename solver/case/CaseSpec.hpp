#pragma once
// A case, fully resolved: every value of the case file with the defaults
// applied, checked, and located (file:line:col and key path). Built by
// load_case (solver/case/LoadCase.hpp); the schema is documented in
// cases/README.md.
//
// Sign convention: kanpde solves  -lap(u) + c u = f  in the domain. A case
// may write its equation in any of the forms of PdeSpec::form; the loader
// normalises c and f to this convention (PdeSpec::c, PdeSpec::f) and keeps
// what the user wrote (PdeSpec::c_given, PdeSpec::source).

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kan/BaseFunction.hpp"
#include "solver/case/DataSpec.hpp"
#include "solver/case/DomainSpec.hpp"
#include "solver/case/Expression.hpp"
#include "solver/case/Interfaces.hpp"
#include "solver/case/Location.hpp"
#include "solver/case/OutputFields.hpp"
#include "solver/case/ReferenceData.hpp"
#include "solver/expr/Equation.hpp"
#include "solver/optim/OptimizerConfig.hpp"

namespace kanpde::solver {

// ------------------------------------------------------------------ unknowns
// An unknown scalar of an inverse problem (top-level `unknowns:`): a name
// usable wherever a constant can appear in pde.equation, pde.coefficients and
// soft boundary values and equations, trained with the network
// (solver/train/UnknownSet.hpp keeps it inside (min, max)).
struct UnknownSpec {
  std::string path;  // "unknowns.k"
  std::string name;
  double init = 1.0;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::optional<double> exact;  // for reporting only
};

// An unknown coefficient field a(x) (`unknowns: a: {field: true, ..}`): a
// second KAN N_a, a = N_a or softplus(N_a) when positive, trained with u's
// network; usable by name (with grad(a), dx(a), ..) in the equations and
// the coefficients.
struct FieldUnknownSpec {
  std::string path;  // "unknowns.a"
  std::string name;
  bool positive = false;
  std::vector<int> widths;  // [dim, .., 1]
  int grid_size = 5;
  std::optional<Expression> exact;  // for reporting only
  // Tikhonov regularisation (`regularize:`), loss terms at the interior
  // points: gradient · mean |grad a|^2 (one term dx_i(a) = 0 per axis) and
  // value · mean (a - target)^2.
  double reg_gradient = 0.0;
  double reg_value = 0.0;
  std::optional<Expression> reg_target;
  // Smoothed total variation (`tv`, `tv_epsilon`): tv · mean sqrt(|grad a|^2
  // + eps^2), one term whose residual is (|grad a|^2 + eps^2)^(1/4).
  double reg_tv = 0.0;
  double reg_tv_epsilon = 1e-2;
  struct RegTerm {
    std::string name;  // "reg_a_dx", "reg_a_value", "reg_a_tv"
    double weight = 0.0;
    std::shared_ptr<const expr::Equation> equation;
  };
  std::vector<RegTerm> reg_terms;
};

// ------------------------------------------------------------------ pde
struct PdeSpec {
  // One of "-laplace(u) = f", "laplace(u) = f", "-laplace(u) + c*u = f",
  // "laplace(u) + c*u = f" (the case may space it as it likes).
  std::string form = "-laplace(u) = f";
  int laplacian_sign = -1;  // -1: "-laplace(u)" forms, +1: "laplace(u)" forms
  double c_given = 0.0;     // c as written (0 when the form has no c*u term)
  Expression source;        // f as written
  // Normalised to -lap(u) + c u = f:  c = -laplacian_sign * c_given,
  // f = -laplacian_sign * source.
  double c = 0.0;
  Expression f;
  std::optional<Expression> exact;  // the exact solution, when known

  // The general form (issue 13): pde.equation "LHS = RHS" over u, its
  // derivatives, the coordinates, the constants and the named coefficient
  // fields of pde.coefficients. Empty for the shorthand above (form, c,
  // source), which keeps its own fast path; then compiled is null.
  std::string equation;
  std::vector<std::pair<std::string, std::string>> coefficients;  // name, text as written
  std::vector<expr::Coefficient> coefficient_fields;              // compiled, same order
  std::shared_ptr<const expr::Equation> compiled;
  bool general() const { return compiled != nullptr; }
  // pde.interfaces: "auto" (find the jumps of the flux coefficients,
  // solver/case/Interfaces.hpp) or "none"; what was found.
  std::string interfaces = "auto";
  std::vector<InterfaceSpec> interface_list;
};

// ------------------------------------------------------------------ boundary
enum class BcType { dirichlet, neumann, robin, equation };
enum class Enforcement { soft, hard };
const char* to_string(BcType t);
const char* to_string(Enforcement e);

// One entry of the boundary list:
//   dirichlet  u = g
//   neumann    du/dn = g            (n the outward unit normal)
//   robin      a u + b du/dn = g
//   equation   its own equation of u, grad(u), n, coordinates, constants and
//              the pde's coefficients (e.g. dot(grad(u), n) + u^4 = g)
struct BoundaryCondition {
  std::string path;                // "boundary[1]"
  std::vector<std::string> parts;  // resolved part names ("all" expanded)
  BcType type = BcType::dirichlet;
  Expression value;                                // g
  double a = 0.0, b = 0.0;                         // robin only
  Enforcement enforce = Enforcement::soft;         // dirichlet only (resolved from "auto")
  bool enforce_auto = false;                       // resolved from enforce: auto (the default)
  double weight = 1.0;                             // loss weight (soft conditions)
  std::string equation;                            // equation only: as written
  std::shared_ptr<const expr::Equation> compiled;  // equation only
};

// Why a Dirichlet value cannot be imposed exactly (u = G + D N needs G's
// exact jets, from solver/expr/Field.hpp), or "" when it can: constants
// always, other values when the expression language differentiates them.
// The loader (enforce: hard / auto) and the solver (solver/run/Problem.cpp)
// both ask this one function.
std::string hard_value_problem(const Expression& value, int dim,
                               const std::vector<Constant>& constants);

// ------------------------------------------------------------------ model
struct KanModelSpec {
  std::vector<int> widths{2, 10, 1};
  int grid_size = 5;
  int spline_order = 3;
  std::vector<std::pair<double, double>> grid_range;  // one per input (default: bounding box)
  kan::BaseFunction base_function = kan::BaseFunction::silu;
  std::uint64_t seed = 0;
  double coef_noise = 0.1;
  double base_scale = 1.0;
  double spline_scale = 1.0;
};
struct ModelSpec {
  KanModelSpec kan;
};

// ------------------------------------------------------------------ sampling
struct PointSetSpec {
  int count = 0;
  // uniform (= random) | random | sobol | halton | hammersley | lhs | grid
  std::string method = "uniform";
};
struct AdaptiveSpec {
  bool enabled = false;
  int every = 100;          // K: steps between refinements
  int add = 100;            // M: points added each time (largest |residual|)
  int candidates = 10000;   // size of the random candidate pool
  int max_points = 100000;  // stop adding beyond this many interior points
};
struct SamplingSpec {
  // Sobol, scrambled by sampling.seed (BENCHMARKS.md: Sobol against uniform).
  PointSetSpec interior{1000, "sobol"};
  PointSetSpec boundary{200, "uniform"};
  int resample_every = 0;  // steps between fresh draws (0: never)
  AdaptiveSpec adaptive;
  std::uint64_t seed = 0;
};

// ------------------------------------------------------------------ training
// Multi-stage refinement (a stage's `refine`): before the stage, the
// solution so far is frozen and a new network N starts, scaled by `scale`:
// u = u_frozen + scale D N (solver/run/Refinement.hpp).
struct RefineSpec {
  KanModelSpec kan;         // the new network (default [dim, 5, 1], G = 5)
  bool seed_given = false;  // else model.kan.seed + its rank among the refinements
  double scale = 0.0;       // 0: auto, the residual scale of the frozen solution
};
// The KAN paper's sparsity penalty during a stage (a stage's `sparsity`;
// solver/train/Sparsity.hpp): weight * (l1 * sum of the layers' L1 norms of
// the edge magnitudes + entropy * sum of their entropies).
struct SparsitySpec {
  double weight = 0.0;   // lambda (> 0 when given)
  double l1 = 1.0;       // mu_1
  double entropy = 2.0;  // mu_2
};
// Pruning before a stage (a stage's `prune`; solver/train/PruneStage.hpp):
// hidden nodes whose attribution score is below the threshold are removed.
struct PruneSpec {
  double threshold = 0.0;
};
struct StageSpec {
  std::string path;  // "training.stages[0]"
  // The optimizer and its options, as parsed by its row of the stage table
  // (solver/case/StageOptimizers.hpp).
  optim::OptimizerConfig optimizer;
  int steps = 100;
  // Interior collocation points during this stage (0: sampling.interior.count):
  // a stage whose count differs from the previous stage's starts on a fresh
  // draw of that many points (the quadrature lever of BENCHMARKS.md).
  int points = 0;
  std::optional<RefineSpec> refine;      // freeze the solution, train a new network from here
  std::optional<SparsitySpec> sparsity;  // not on a least-squares optimizer's stage
  std::optional<PruneSpec> prune;        // prune the network before the stage's first step
};
// Grid extension to grid_size, at the start of stage at_stage (when >= 0) or
// after global step at_step (when >= 0); exactly one is set.
struct GridExtension {
  std::string path;
  int at_stage = -1;
  int at_step = -1;
  int grid_size = 0;
  int step = 0;  // resolved: the global step it happens after (at_stage s: steps of stages < s)
};
struct GridUpdateSpec {
  int every = 0;  // steps between grid updates from the samples (0: never)
  int until = 0;  // no update after this global step (0: no limit)
  double grid_eps = 0.02;
};
struct LossWeights {
  double pde = 1.0;
  double boundary = 1.0;  // default weight of every boundary condition
};
struct StopSpec {
  double loss = 0.0;        // stop once the total loss is at or below (0: never)
  int max_recoveries = 10;  // consecutive non-finite recoveries before giving up
};
// Self-balancing loss weights (solver/train/Balance.hpp): the case's weights
// stay as multipliers.
struct BalanceSpec {
  std::string method = "ntk";  // ntk | gradient | none
  int every = 10;              // steps between updates
  double smoothing = 0.9;      // in [0, 1)
};
struct TrainingSpec {
  LossWeights loss_weights;
  BalanceSpec balance;
  std::vector<StageSpec> stages;
  std::vector<GridExtension> grid_schedule;
  GridUpdateSpec grid_update;
  StopSpec stop;
  std::uint64_t seed = 0;
  std::string precision = "double";  // double | float
  int total_steps() const;
};

// ------------------------------------------------------------------ reference
struct ReferenceSpec {
  bool enabled = true;          // up to 3D; above 3D it is refused (off by default)
  std::vector<int> resolution;  // grid points per axis (default 101 per axis in 1D/2D, 41 in 3D
                                // and above)
  // auto (the FD module chooses) | direct (sparse Cholesky/LU) | cg (preconditioned CG)
  std::string solver = "auto";
  double tolerance = 1e-10;  // iterative solvers
  // reference.data: a file of points and values of u from elsewhere ("" none),
  // as written in the case, and its contents (read and checked at load time;
  // a relative path is taken from the case file's folder).
  std::string data;
  std::shared_ptr<const ReferenceData> data_points;
  // Why the FD reference does not run above 3D: "41^5 = 1.16e+08 unknowns ...".
  std::string unknowns_text() const;
};

// ------------------------------------------------------------------ output
struct OutputSpec {
  std::string directory;   // default "results/<name>"
  std::vector<int> grid;   // evaluation grid points per axis (default as reference)
  int history_every = 10;  // record the loss/error history every this many steps
  std::vector<std::string> fields = output_field_names();  // solver/case/OutputFields.hpp
  bool plots = false;  // run the plotting script after the solve (tools/PlotStep.hpp)
  bool save_collocation = true;
  // Above 3D the fields are written on a 2D slice: its two axes (indices,
  // default the first two) and the point it passes through (dim entries,
  // those of the slice axes unused; default the bounding box's centre).
  // The accuracy metrics are taken at kAccuracyPointsAbove3D Halton points of
  // the whole domain instead of the grid.
  std::vector<int> slice_axes;
  std::vector<double> slice_at;
};
constexpr int kAccuracyPointsAbove3D = 4096;

// ------------------------------------------------------------------ interpret
// `kanpde symbolic` run after the solve (solver/symbolic/Interpret.hpp).
struct EdgePin {
  int layer = 0, input = 0, output = 0;
  std::string function;  // a library name (solver/symbolic/Library.hpp)
};
struct InterpretSpec {
  bool enabled = false;
  double prune = 0.0;  // attribution threshold; 0: no pruning
  int retrain_steps = 50;
  double complexity_weight = 0.5;
  bool select = true;
  bool refit = true;
  std::vector<EdgePin> pin;
};

// ------------------------------------------------------------------ the case
struct CaseSpec {
  std::string file;                    // the case file ("" when loaded from text)
  std::string text;                    // its original YAML text
  std::vector<std::string> overrides;  // the --set arguments applied, in order

  std::string name;
  std::string description;
  std::vector<Constant> constants;
  std::vector<UnknownSpec> unknowns;
  // The unknowns' names and current values, shared by the compiled equations
  // (initial values after loading; training writes the recovered ones).
  std::shared_ptr<expr::UnknownValues> unknown_values;
  // The amplitudes of the corner enrichment (solver/case/Corners.hpp), one per
  // enriched corner, 0 after loading (training writes them); null: none.
  std::shared_ptr<expr::UnknownValues> corner_amplitudes;
  std::vector<FieldUnknownSpec> field_unknowns;  // at most one
  DomainSpec domain;
  PdeSpec pde;
  std::vector<BoundaryCondition> boundary;
  std::vector<DataTermSpec> data;  // measurements (solver/case/DataSpec.hpp)
  ModelSpec model;
  SamplingSpec sampling;
  TrainingSpec training;
  ReferenceSpec reference;
  OutputSpec output;
  InterpretSpec interpret;

  SourceMap sources;  // key path -> where it was given

  int dim() const { return domain.dim; }
  // The constants, then the unknowns at their initial values: the names an
  // expression that may read unknowns is checked against at load time.
  std::vector<Constant> constants_and_unknowns() const;
  // Whether an expression's text names an unknown scalar or field.
  bool mentions_unknown(const std::string& text) const;
  // Where path (or its nearest given ancestor) came from.
  Location where(const std::string& path) const { return sources.find(path); }
  // Throws InputError "file:line:col: path: message".
  [[noreturn]] void fail(const std::string& path, const std::string& message) const;
  // The boundary condition covering a part (nullptr if none: never after load).
  const BoundaryCondition* condition_for(const std::string& part) const;
  // The resolved case as YAML: every value explicit, loadable as is.
  std::string to_yaml() const;
};

}  // namespace kanpde::solver
