#pragma once
// Every edge of a trained KAN fitted against the library: the symbolic model
// that replaces each spline edge by its best-ranked formula (or the function
// the user pinned for it).

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "solver/symbolic/EdgeFit.hpp"
#include "solver/symbolic/KanEdges.hpp"
#include "solver/symbolic/SymbolicModel.hpp"

namespace kanpde::solver::symbolic {

using EdgeKey = std::tuple<int, int, int>;  // (layer, input, output)

struct NetworkFitOptions {
  EdgeFitOptions edge;
  std::map<EdgeKey, std::string> pinned;  // edge -> library function name
  int max_samples = 400;                  // per edge, spread over the sorted inputs
};

struct NetworkFit {
  SymbolicModel model;
  // Per edge (SymbolicModel numbering): every candidate, best first (one
  // entry for a pinned edge).
  std::vector<std::vector<EdgeFormula>> candidates;
  std::vector<bool> pinned;
  // Samples the fits used (sorted inputs and the KAN's outputs), per edge.
  std::vector<std::vector<double>> x, y;
};

// InputError for a pinned edge that does not exist or an unknown function.
NetworkFit fit_network(const KanModel& kan, const std::vector<double>& points,
                       const NetworkFitOptions& options = {});

}  // namespace kanpde::solver::symbolic
