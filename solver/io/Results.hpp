#pragma once
// Everything one run produces, and where it goes:
//   DIR/results.h5   the resolved case text, the model, the training history,
//                    the collocation points, the fields on the evaluation grid
//                    and the metrics (attributes of /metrics)
//   DIR/results.xmf  an XDMF sidecar so ParaView opens the fields (2D/3D
//                    rectilinear grids with explicit coordinate arrays) and
//                    the collocation points (point clouds)
//   DIR/summary.json the headline numbers for scripts
// Each file is written to a temporary name and renamed when complete.
//
// HDF5 layout:
//   /case                      string: the resolved case (YAML)
//   /model                     the KAN (kan/ModelIO.hpp layout)
//   /train/history             double [rows][columns], /train/history_columns (string,
//   comma-separated) /fields/{x,y,z}            node coordinates per axis /fields/<name> double
//   [nz][ny][nx] (C order, x fastest), NaN outside the domain /collocation/interior      double
//   [N][d] /collocation/boundary      double [M][d], /collocation/boundary_part int [M]
//   (/collocation only with RunResults::collocation) /metrics
//   attributes: kan_rel_l2, kan_max_abs, ..., fd_*, ...
//   /unknowns/{names (string, comma-separated), value, exact, rel_error}: one entry per
//   unknown scalar (inverse problems only)
//   /unknown_field             an unknown field's network (@name, @positive); the field
//   itself on the grid is /fields/<name> (with <name>_exact and err_<name>)

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "kan/Network.hpp"

namespace kanpde::solver {

struct FieldSet {
  int dim = 0;
  std::vector<std::vector<double>> axes;              // node coordinates per axis
  std::map<std::string, std::vector<double>> fields;  // each prod(axes sizes) values, x fastest
  // The datasets of the axes: empty for x, y, z; a 2D slice through a wider
  // domain names its axes (x1, x4) here.
  std::vector<std::string> axis_names;
  std::string axis_name(int a) const;
  std::size_t size() const;
};

// A refinement network (multi-stage refinement): u = G + D (N + sum_i scale_i N_i),
// N the /model network.
struct RefinementNetwork {
  kan::Layout layout;
  std::vector<double> params, knots;
  double scale = 1.0;
};

struct RunResults {
  std::string case_name;
  std::string case_yaml;
  kan::Layout layout;
  std::vector<double> params, knots;
  // Written as /refinement/network_<i> (kan/ModelIO.hpp's layout) with
  // @scale, and /refinement@count; none without refinement stages.
  std::vector<RefinementNetwork> refinements;
  std::vector<std::string> history_columns;
  std::vector<std::vector<double>> history;
  FieldSet fields;
  int dim = 0;
  std::vector<double> interior;  // N x dim
  std::vector<double> boundary;  // M x dim
  std::vector<int> boundary_part;
  std::vector<std::string> part_names;
  bool collocation = true;                         // write /collocation (output.save_collocation)
  std::map<std::string, double> metrics;           // numbers: kan_rel_l2, fd_unknowns, ...
  std::map<std::string, std::string> metric_text;  // strings: fd_solver, ...
  std::vector<std::string> warnings;               // guards that fired (summary.json "warnings")
  // Unknown scalars of an inverse problem: the recovered values and the
  // exact ones where given (NaN otherwise). results.h5 /unknowns (names,
  // value, exact, rel_error), summary.json "unknowns".
  std::vector<std::string> unknown_names;
  std::vector<double> unknown_values, unknown_exact;
  // An unknown field a(x) (empty name: none): its network, written as
  // /unknown_field (kan/ModelIO.hpp's layout) with @name and @positive (a =
  // softplus(N) when positive), and its accuracy on the evaluation grid (NaN
  // without `exact`; also metrics field_<name>_rel_l2, field_<name>_max_abs).
  std::string field_name;
  bool field_positive = false;
  kan::Layout field_layout;
  std::vector<double> field_params, field_knots;
  double field_rel_l2 = std::nan(""), field_max_abs = std::nan("");
};

// mkdir -p; RuntimeFailure naming the directory when it cannot be created.
void make_directories(const std::string& dir);

// Writes results.h5, results.xmf and summary.json into dir (created if
// needed). Refuses to replace existing results unless overwrite is set.
void write_results(const std::string& dir, const RunResults& r, bool overwrite);

// A field file of its own (`kanpde fd`): DIR/STEM.h5 holding /case, /fields
// (the layout of results.h5) and /metrics, and its DIR/STEM.xmf sidecar; each
// complete under a temporary name, then renamed. Refuses to replace either
// without overwrite.
void write_field_file(const std::string& dir, const std::string& stem, const std::string& case_yaml,
                      const FieldSet& fields, const std::map<std::string, double>& metrics,
                      const std::map<std::string, std::string>& text, bool overwrite);

// The XDMF text for a results file named h5_name (relative to the .xmf).
std::string xdmf_text(const RunResults& r, const std::string& h5_name);
// The summary.json text.
std::string summary_json(const RunResults& r);

}  // namespace kanpde::solver
