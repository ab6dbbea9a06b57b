#include "solver/run/Progress.hpp"

#include <string>

#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {

using Clock = std::chrono::steady_clock;
using Impl::fmt;
using Impl::sci;

ProgressLine::ProgressLine(const CaseSpec& spec, const Console& console)
    : spec_(spec),
      console_(console),
      total_(spec.training.total_steps()),
      last_print_(Clock::now() - std::chrono::seconds(10)) {}

void ProgressLine::print(const Progress& p, bool recorded, std::optional<double> rel_l2) {
  if (console_.quiet()) return;
  const double rate = p.seconds > 0 ? p.step / p.seconds : 0.0;
  const double eta = rate > 0 ? (total_ - p.step) / rate : 0.0;
  std::string line = "[stage " + std::to_string(p.stage + 1) + "/" +
                     std::to_string(spec_.training.stages.size()) + " " + std::string(p.optimizer) +
                     "] step " + std::to_string(p.step) + "/" + std::to_string(total_) +
                     "  G=" + std::to_string(p.grid_size) + "  loss " + sci(p.terms.total);
  if (p.penalty > 0) line += "  sparsity " + sci(p.penalty);
  if (rel_l2) line += "  rel.L2 " + sci(*rel_l2);
  const std::size_t nu = spec_.unknowns.size();
  for (std::size_t k = 0; k < p.unknowns.size(); ++k)
    line += "  " + (k < nu ? spec_.unknowns[k].name : spec_.corner_amplitudes->names[k - nu]) +
            " " + fmt("%.6g", p.unknowns[k]);
  line += "  " + fmt("%.1f", rate) + " steps/s  ETA " + fmt("%.0f", eta) + " s";
  const bool live = console_.live();
  std::ostream& out = console_.out();
  if (!p.event.empty())
    out << (live ? "\r\033[K" : "") << "  " << p.event << " (step " << p.step << ")\n";
  if (live) {
    if (Clock::now() - last_print_ > std::chrono::milliseconds(200) || p.stage_end) {
      out << "\r\033[K" << line << std::flush;
      last_print_ = Clock::now();
    }
    if (p.stage_end) out << "\n";
  } else if (recorded) {
    out << line << "\n";
  }
}

void ProgressLine::interrupted() const {
  if (console_.live() && !console_.quiet()) console_.out() << "\n";
}

}  // namespace kanpde::solver
