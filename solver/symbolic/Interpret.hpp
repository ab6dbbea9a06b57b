#pragma once
// `kanpde symbolic RESULTS.h5` (and the case's `interpret:` section after a
// solve): from a trained KAN to a verified formula, as numbered steps:
//   1. read the results file: the resolved case, the model, the evaluation grid
//   2. rebuild the case's domain and its (training) collocation points
//   3. optionally prune weak hidden nodes (attribution below a threshold),
//      retrain the smaller network briefly (LM) and make weak edges constant
//   4. fit every edge against the library (pinned edges keep their function;
//      edge indices refer to the network fitted, after pruning)
//   5. refit the formula's affine parameters jointly: first to the KAN's
//      values, then on the PDE loss itself (the same loss terms the KAN was
//      trained on; u = G + D S under hard Dirichlet enforcement); then try
//      each edge's runner-up functions and keep those the PDE prefers
//      (select_by_pde), and refit once more
//   6. measure it like the KAN: relative L2 and max error on the evaluation
//      grid against the exact solution (or the FD reference), and the PDE
//      and boundary residuals on FRESH collocation points, next to the KAN's
//   7. parse the printed formula back with the case-file expression parser
//      and check it evaluates to the model (an internal check: exit 1 if not)
//   8. write /symbolic into results.h5 and a "symbolic" entry into
//      summary.json (copies renamed into place), and print the report
// The formula is called exact only when the residuals on fresh points back
// it; otherwise the report says it is approximate.

#include <iosfwd>
#include <string>
#include <vector>

#include "solver/case/CaseSpec.hpp"
#include "solver/symbolic/NetworkFit.hpp"
#include "solver/symbolic/Refit.hpp"

namespace kanpde::solver::symbolic {

struct InterpretOptions {
  NetworkFitOptions fit;
  double prune_threshold = 0.0;  // > 0: prune by attribution first (Prune.hpp)
  int retrain_steps = 50;        // LM steps on the pruned network
  bool refit = true;
  bool select = true;  // try the runner-up functions on the PDE (select_by_pde)
  int refit_iterations = 200;
  int refit_points = 3000;        // at most this many points per loss term in the refits
  int fresh_round = 1000;         // sampling round of the fresh points for the residual check
  double exact_tolerance = 1e-8;  // relative residual below which the formula is called exact
  bool write = true;              // update results.h5 and summary.json
  bool force = false;             // replace an existing /symbolic
  bool quiet = false;
};

struct TermResidual {
  std::string name;
  double rms_formula = 0.0, rms_kan = 0.0;
  double scale = 0.0;  // RMS of the term's right-hand side (0 when it vanishes)
};

struct InterpretReport {
  SymbolicModel fitted;  // after the edge fits
  SymbolicModel model;   // after the refit
  std::vector<std::vector<EdgeFormula>> candidates;
  std::vector<bool> pinned;
  bool hard = false;  // u = G + D S
  std::string text, text_exact, latex;
  double r2_vs_kan_fitted = 0.0, r2_vs_kan = 0.0;  // the formula S against the network N
  double loss_kan = 0.0, loss_fitted = 0.0, loss_values = 0.0, loss_refit = 0.0;
  std::string reference;  // "exact", "fd" or "none"
  double rel_l2 = -1.0, max_abs = -1.0, kan_rel_l2 = -1.0, kan_max_abs = -1.0;
  std::vector<TermResidual> residuals;  // on fresh points
  double relative_residual = 0.0;       // max over terms of rms_formula / max(scale, |u| scale)
  double parse_back_error = 0.0;        // max |parsed - model| / max(1, max |model|)
  bool exact = false;
  std::string verdict;
  std::vector<int> widths_kan, widths_fitted;  // the trained KAN, the one the edges come from
  int pruned_nodes = 0, weak_edges = 0;
  double prune_change = 0.0, loss_pruned = 0.0, loss_retrained = 0.0, pruned_rel_l2 = -1.0;
  std::vector<Swap> swaps;   // functions changed by the PDE
  double seconds_fit = 0.0;  // edge fits and refits
  double seconds = 0.0;      // everything
};

// The options of a case's `interpret:` section.
InterpretOptions interpret_options(const InterpretSpec& spec);

InterpretReport interpret_results(const std::string& results_path, const InterpretOptions& options,
                                  std::ostream& out);

// The console report (edge table, formula, LaTeX, metrics, verdict).
std::string report_text(const InterpretReport& r);

}  // namespace kanpde::solver::symbolic
