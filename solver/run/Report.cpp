#include "solver/run/Report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {
namespace {

using Impl::fmt;
using Impl::sci;

// Rows of the KAN, FD, and KAN against FD.
void solution_rows(const CaseSpec& spec, const KanEvaluation& kan, const FdComparison& fd,
                   const RunResults& R, std::ostream& t) {
  const double nan = std::nan("");
  char line[256];
  std::snprintf(line, sizeof line, "  %-26s %11s %11s %11s %11s %11s %16s %9s\n", "", "rel. L2",
                "max abs", "MSE", "H1 semi", "PDE resid.", "size", "time");
  t << line;
  const std::string kan_name =
      "KAN " + Impl::widths_text(R.layout.widths()) + " G=" + std::to_string(R.layout.grid_size()) +
      (R.refinements.empty() ? "" : " +" + std::to_string(R.refinements.size()) + " refined");
  const auto& a = kan.accuracy;
  std::snprintf(line, sizeof line, "  %-26s %11s %11s %11s %11s %11s %9zu params %8.2fs\n",
                kan_name.c_str(), sci(a ? a->rel_l2 : nan).c_str(),
                sci(a ? a->max_abs : nan).c_str(), sci(a ? a->mse : nan).c_str(),
                sci(a ? a->h1_semi_rel : nan).c_str(), sci(kan.validation.rms).c_str(),
                static_cast<std::size_t>(R.metrics.at("kan_params")),
                R.metrics.at("train_seconds"));
  t << line;
  if (fd.ran) {
    const std::string fd_name = (fd.forward ? "FD (recovered) " : "FD ") + fd.grid_text;
    std::snprintf(line, sizeof line, "  %-26s %11s %11s %11s %11s %11s %9zu unkn.  %8.2fs\n",
                  fd_name.c_str(), sci(fd.rel_l2).c_str(), sci(fd.max_abs).c_str(), "-", "-", "-",
                  fd.unknowns, fd.seconds);
    t << line;
    std::snprintf(line, sizeof line, "  %-26s %11s %11s\n", "KAN vs FD (at FD nodes)",
                  sci(fd.kan_rel_l2).c_str(), sci(fd.kan_max_abs).c_str());
    t << line;
    if (fd.order == 1) t << "  FD accuracy: " << fd.accuracy << "\n";
  } else if (spec.dim() > 3) {
    t << "  FD: not run (" << spec.reference.unknowns_text() << ")\n";
  }
}

void data_rows(const CaseSpec& spec, const KanEvaluation& kan, const FdComparison& fd,
               std::ostream& t) {
  const ReferenceData* data = spec.reference.data_points.get();
  if (!data) return;
  char line[256];
  const std::string kd = "KAN vs data (" + std::to_string(data->size()) + " pts)";
  std::snprintf(line, sizeof line, "  %-26s %11s %11s\n", kd.c_str(), sci(kan.data->rel_l2).c_str(),
                sci(kan.data->max_abs).c_str());
  t << line;
  if (fd.data) {
    std::snprintf(line, sizeof line, "  %-26s %11s %11s\n", "FD vs data (multilinear)",
                  sci(fd.data->rel_l2).c_str(), sci(fd.data->max_abs).c_str());
    t << line;
  }
  t << "  data: " << spec.reference.data << " (" << data->format << ")";
  if (fd.data) {
    t << "; FD interpolated multilinearly in its grid cells (corners outside the domain "
         "dropped)";
    if (fd.data->skipped > 0) t << ", " << fd.data->skipped << " points without an FD value";
  }
  t << "\n";
}

// Corner amplitudes, unknown scalars, a recovered field, the forward re-solve.
void unknown_rows(const CaseSpec& spec, const FdComparison& fd, const RunResults& R,
                  std::ostream& t) {
  char line[256];
  const std::size_t n_corners = spec.corner_amplitudes ? spec.corner_amplitudes->values.size() : 0;
  for (std::size_t c = 0; c < n_corners; ++c) {
    std::snprintf(line, sizeof line, "  corner enrichment at vertex %s: amplitude %.10g\n",
                  spec.corner_amplitudes->names[c].substr(6).c_str(),
                  spec.corner_amplitudes->values[c]);
    t << line;
  }
  for (std::size_t k = 0; k < R.unknown_names.size(); ++k) {
    const double v = R.unknown_values[k], ex = R.unknown_exact[k];
    std::snprintf(line, sizeof line, "  unknown %-18s %.10g", R.unknown_names[k].c_str(), v);
    t << line;
    if (std::isfinite(ex))
      t << "  (exact " << fmt("%.10g", ex) << ", rel. error "
        << sci(std::abs(v - ex) / std::abs(ex)) << ")";
    t << "\n";
  }
  if (!R.field_name.empty()) {
    t << "  unknown field " << R.field_name << ": KAN "
      << Impl::widths_text(R.field_layout.widths()) << " G=" << R.field_layout.grid_size() << ", "
      << R.field_params.size() << " params";
    if (std::isfinite(R.field_rel_l2))
      t << ", rel. L2 " << sci(R.field_rel_l2) << ", max abs " << sci(R.field_max_abs)
        << " against its exact values";
    t << "\n";
  }
  if (fd.inverse) {
    if (fd.forward && fd.forward_points > 0)
      t << "  FD re-solve with the recovered unknowns: data misfit RMS " << sci(fd.forward_rms)
        << " at " << fd.forward_points << " measurements of u\n";
    else if (!fd.forward)
      t << "  FD re-solve with the recovered unknowns: not available (the finite-difference "
           "reference does not solve this case yet)\n";
  }
}

}  // namespace

std::string report_table(const CaseSpec& spec, const AccuracyGrid& grid, const KanEvaluation& kan,
                         const FdComparison& fd, const RunResults& R) {
  std::ostringstream t;
  t << "\n"
    << spec.name << (spec.dim() > 3 ? ": KAN" : ": KAN vs finite differences")
    << (grid.exact ? " vs exact solution" : " (no exact solution given)") << "\n";
  solution_rows(spec, kan, fd, R, t);
  if (grid.sliced)
    t << "  errors at " << grid.grid.node.size()
      << " Halton points of the domain (no grid above 3D); "
      << "fields on the slice " << R.metric_text.at("fields_slice") << "\n";
  data_rows(spec, kan, fd, t);
  unknown_rows(spec, fd, R, t);
  const std::string eq =
      spec.pde.general() ? "LHS - RHS of " + spec.pde.equation : std::string("-lap u + c u - f");
  t << "  PDE resid.: RMS of " << eq << " at " << kan.validation_points
    << " validation points (a fixed draw training never sees)";
  if (std::isfinite(kan.validation.rel))
    t << (spec.pde.general() ? "; relative to its RMS at u = 0: " : "; relative to RMS(f): ")
      << sci(kan.validation.rel);
  t << "\n";
  for (const std::string& w : R.warnings) t << "  warning: " << w << "\n";
  return t.str();
}

}  // namespace kanpde::solver
