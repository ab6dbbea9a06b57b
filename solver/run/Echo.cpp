#include "solver/run/Echo.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <string>

#include "solver/case/Corners.hpp"
#include "solver/case/Interfaces.hpp"
#include "solver/case/StageOptimizers.hpp"
#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {
namespace {

using Impl::fmt;

std::string equation_text(const CaseSpec& spec) {
  if (spec.pde.general())
    return ", equation " + spec.pde.equation + " (" +
           (spec.pde.compiled->mode() == expr::JetMode::hessian ? "Hessian" : "Laplacian") +
           " jets" + (spec.pde.compiled->linear() ? ", linear" : ", nonlinear") + ")\n";
  return ", equation -lap(u) + " + fmt("%g", spec.pde.c) + " u = f (case form \"" + spec.pde.form +
         "\")\n";
}

std::string stage_text(const StageSpec& s, std::size_t i) {
  const std::string settings = stage_optimizer(s.optimizer.name()).describe(s.optimizer);
  return "  stage " + std::to_string(i + 1) + ": " + s.optimizer.name() + " (" + settings + "), " +
         std::to_string(s.steps) + " steps" +
         (s.points > 0 ? ", " + std::to_string(s.points) + " interior points" : std::string()) +
         (s.prune ? ", pruned first (threshold " + fmt("%g", s.prune->threshold) + ")"
                  : std::string()) +
         (s.sparsity
              ? ", sparsity weight " + fmt("%g", s.sparsity->weight) + " (l1 " +
                    fmt("%g", s.sparsity->l1) + ", entropy " + fmt("%g", s.sparsity->entropy) + ")"
              : std::string()) +
         "\n";
}

}  // namespace

void echo_configuration(const CaseSpec& spec, const Console& console) {
  auto say = [&](const std::string& s) { console.say(s); };
  say("kanpde solve: " + spec.name + (spec.file.empty() ? "" : " (" + spec.file + ")") + "\n");
  say("  domain " + std::string(to_string(spec.domain.type)) + ", dimension " +
      std::to_string(spec.dim()) + equation_text(spec));
  for (const InterfaceSpec& i : spec.pde.interface_list)  // solver/case/Interfaces.hpp
    say("  interface " + i.level_set + " = 0 (a jump of " + i.coefficient + "): kink output\n");
  say("  KAN " + Impl::widths_text(kan_with_interfaces(spec).widths) +
      ", G=" + std::to_string(spec.model.kan.grid_size) +
      ", k=" + std::to_string(spec.model.kan.spline_order) + "; " +
      std::to_string(spec.sampling.interior.count) + " interior + " +
      std::to_string(spec.sampling.boundary.count) + " boundary points; Kokkos " +
      Kokkos::DefaultExecutionSpace::name() + "\n");
  for (const UnknownSpec& u : spec.unknowns)
    say("  unknown " + u.name + ": init " + fmt("%g", u.init) +
        (std::isfinite(u.min) ? ", min " + fmt("%g", u.min) : std::string()) +
        (std::isfinite(u.max) ? ", max " + fmt("%g", u.max) : std::string()) +
        (u.exact ? ", exact " + fmt("%g", *u.exact) : std::string()) + "\n");
  for (const geometry::CornerSite& c : enriched_corners(spec))  // solver/case/Corners.hpp
    say("  corner enrichment at vertex " + std::to_string(c.vertex) + " (" +
        geometry::to_string(c.kind) + "): angle " + fmt("%.6g", c.omega * 180.0 / M_PI) +
        " deg, exponent " + fmt("%.6g", c.exponent()) + ", support radius " +
        fmt("%.6g", c.radius) + "\n");
  if (const std::size_t left = corners_left_out(spec); left > 0)
    say("  " + std::to_string(left) + " more re-entrant corner(s) not enriched: at most " +
        std::to_string(kMaxExtraScalars) + " corner amplitudes and unknown scalars together\n");
  for (std::size_t i = 0; i < spec.training.stages.size(); ++i)
    say(stage_text(spec.training.stages[i], i));
}

}  // namespace kanpde::solver
