#include "solver/run/SolveSetup.hpp"

#include "solver/case/BuildDomain.hpp"
#include "solver/case/Interfaces.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {
namespace {

// Unknown scalars (inverse problems): trained from their initial values,
// kept inside their bounds (solver/train/UnknownSet.hpp). The corner
// enrichment's amplitudes (solver/pde/CornerEnrichment.hpp) follow them,
// unbounded, from 0.
std::shared_ptr<UnknownSet> make_unknowns(const CaseSpec& spec) {
  std::vector<std::shared_ptr<expr::UnknownValues>> groups;
  std::vector<UnknownBounds> bounds;
  if (spec.unknown_values) {
    for (std::size_t i = 0; i < spec.unknowns.size(); ++i) {
      spec.unknown_values->values[i] = spec.unknowns[i].init;
      bounds.push_back({spec.unknowns[i].min, spec.unknowns[i].max});
    }
    groups.push_back(spec.unknown_values);
  }
  if (spec.corner_amplitudes) {
    for (double& a : spec.corner_amplitudes->values) {
      a = 0.0;
      bounds.push_back({});
    }
    groups.push_back(spec.corner_amplitudes);
  }
  if (groups.empty()) return nullptr;
  return std::make_shared<UnknownSet>(groups, bounds);
}

// An unknown field's network: u's spline order, base function and
// initialisation, its own widths and grid.
std::unique_ptr<SolveNet> make_field_net(const CaseSpec& spec, const geometry::Domain& domain,
                                         const Console& console) {
  if (spec.field_unknowns.empty()) return nullptr;
  const FieldUnknownSpec& fu = spec.field_unknowns.front();
  KanModelSpec fm = spec.model.kan;
  fm.widths = fu.widths;
  fm.grid_size = fu.grid_size;
  fm.seed = spec.model.kan.seed + 1;
  auto net = std::make_unique<SolveNet>(network_spec(fm, domain));
  console.say("  unknown field " + fu.name + ": KAN " + Impl::widths_text(fu.widths) +
              " G=" + std::to_string(fu.grid_size) + ", " + std::to_string(net->num_params()) +
              " params" + (fu.positive ? ", positive (softplus)" : "") + "\n");
  return net;
}

}  // namespace

kan::NetworkSpec network_spec(const KanModelSpec& m, const geometry::Domain& domain) {
  kan::NetworkSpec n;
  n.widths = m.widths;
  n.grid_size = m.grid_size;
  n.order = m.spline_order;
  n.base = m.base_function;
  n.seed = m.seed;
  n.coef_noise = m.coef_noise;
  n.base_scale = m.base_scale;
  n.spline_scale = m.spline_scale;
  if (!m.grid_range.empty()) {
    n.input_ranges = m.grid_range;
  } else {
    const geometry::BoundingBox bb = domain.bounding_box();
    for (int a = 0; a < domain.dim(); ++a)
      n.input_ranges.push_back(
          {bb.lo[static_cast<std::size_t>(a)], bb.hi[static_cast<std::size_t>(a)]});
  }
  return n;
}

SolveModel set_up_model(const CaseSpec& spec, const Console& console) {
  std::shared_ptr<UnknownSet> unknowns = make_unknowns(spec);
  geometry::DomainPtr domain = build_domain(spec.domain);
  SampledProblem sp = sample_problem(spec, *domain, 0);
  HardDirichlet hd = hard_dirichlet(spec);
  SolveNet net(network_spec(kan_with_interfaces(spec), *domain));
  std::unique_ptr<SolveNet> field_net = make_field_net(spec, *domain, console);
  FieldBinding fb;
  if (field_net) fb = {field_net.get(), spec.field_unknowns.front().positive};
  // MPI (ARCHITECTURE decision 9): sp is the global problem, the same on
  // every rank; each rank assembles its slice.
  std::shared_ptr<const Assembler<>> loss = make_assembler(sp, parallel::Comm::world(), fb);
  return SolveModel{std::move(domain),   std::move(sp),        std::move(hd),
                    std::move(net),      std::move(field_net), fb,
                    std::move(unknowns), std::move(loss)};
}

AccuracyGrid make_accuracy_grid(const CaseSpec& spec, const geometry::Domain& domain) {
  AccuracyGrid a;
  const int d = spec.dim();
  a.n = spec.output.grid.empty() ? reference_resolution(spec) : spec.output.grid;
  if (a.n.size() == 1) a.n.assign(static_cast<std::size_t>(d), a.n.front());
  // Above 3D no grid covers the domain: the accuracy is taken at Halton
  // points, the fields go on a 2D slice (step 6).
  a.sliced = d > 3;
  a.grid = a.sliced ? make_eval_points(domain, static_cast<std::size_t>(kAccuracyPointsAbove3D))
                    : make_eval_grid(domain, a.n);
  if (spec.pde.exact) a.exact = evaluate_exact(*spec.pde.exact, a.grid.x, domain);
  return a;
}

}  // namespace kanpde::solver
