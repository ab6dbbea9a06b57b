#include "solver/run/Problem.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "geometry/Quadrature.hpp"
#include "geometry/Samplers.hpp"
#include "geometry/Sequence.hpp"
#include "solver/case/Corners.hpp"
#include "solver/expr/Field.hpp"
#include "solver/parallel/BlockSum.hpp"
#include "solver/run/DataTerms.hpp"
#include "solver/run/Refinement.hpp"

namespace kanpde::solver {

namespace {

// g's jets from the expression language (value, gradient, Hessian).
DataJet field_data(const expr::Field& f) {
  return [f](const double* x) {
    const int d = f.dim();
    double out[1 + 3 + 9];
    f.jet(x, out);
    geometry::Jet j;
    j.v = out[0];
    for (int a = 0; a < d; ++a) {
      j.g[a] = out[1 + a];
      for (int b = 0; b < d; ++b) j.h[a][b] = out[1 + d + a * d + b];
    }
    return j;
  };
}

// The same as a Laplacian jet (any dimension; used above 3D).
LaplacianData field_laplacian_data(const expr::Field& f) {
  return [f](const double* x) {
    const int d = f.dim();
    std::vector<double> out(std::size_t(1 + d + d * d));
    f.jet(x, out.data());
    geometry::LaplacianJet j;
    j.v = out[0];
    for (int a = 0; a < d; ++a) {
      j.g[a] = out[std::size_t(1 + a)];
      j.lap += out[std::size_t(1 + d + a * d + a)];
    }
    return j;
  };
}

}  // namespace

HardDirichlet hard_dirichlet(const CaseSpec& spec) {
  HardDirichlet hd;
  std::vector<std::pair<std::string, double>> constants;
  for (const Constant& k : spec.constants) constants.emplace_back(k.name, k.value);
  for (const BoundaryCondition& bc : spec.boundary) {
    if (bc.type != BcType::dirichlet || bc.enforce != Enforcement::hard) continue;
    // The loader admits only values whose jets are available (load time).
    KANPDE_VERIFY(hard_value_problem(bc.value, spec.dim(), spec.constants).empty(),
                  bc.path << ".value: hard Dirichlet data without exact derivatives");
    if (bc.value.is_constant()) {
      const double v = bc.value.eval();
      hd.groups.push_back({bc.parts, constant_data(v), constant_laplacian_data(v)});
    } else {
      const expr::Field f = expr::Field::compile(bc.value.text(), spec.dim(), constants);
      hd.groups.push_back({bc.parts, field_data(f), field_laplacian_data(f)});
    }
  }
  if (spec.corner_amplitudes) {
    auto ce = std::make_shared<CornerEnrichment>();
    ce->sites = enriched_corners(spec);  // solver/case/Corners.hpp
    ce->amplitudes = spec.corner_amplitudes;
    KANPDE_VERIFY(ce->size() == spec.corner_amplitudes->size(),
                  "corner enrichment: " << ce->size() << " corners for "
                                        << spec.corner_amplitudes->size() << " amplitudes");
    hd.corners = std::move(ce);
  }
  if (!spec.pde.interface_list.empty()) {
    std::vector<std::string> phi;
    for (const InterfaceSpec& i : spec.pde.interface_list) phi.push_back(i.level_set);
    hd.interfaces = std::make_shared<InterfaceSet>(phi, spec.dim());
  }
  return hd;
}

TrialJets trial_jets(const geometry::Domain& domain, const HardDirichlet& hd,
                     const std::vector<double>& x, bool fold_corners) {
  TrialJets tj;
  if (!hd.groups.empty()) {
    const HardBoundary hb(domain, hd.groups);
    hb.laplacian_jets(x, tj.d, tj.g);
  }
  if (hd.frozen) fold_frozen(*hd.frozen, x, domain.dim(), tj);  // solver/run/Refinement.hpp
  if (hd.interfaces) {
    const std::size_t nc = static_cast<std::size_t>(domain.dim() + 2), n = x.size() / (nc - 2);
    if (tj.d.empty()) {  // no hard parts: D = 1, G = 0
      tj.d.assign(nc * n, 0.0);
      tj.g.assign(nc * n, 0.0);
      for (std::size_t p = 0; p < n; ++p) tj.d[nc * p] = 1.0;
    }
    tj.k = hd.interfaces->kink_jets(x, tj.d);
  }
  if (hd.corners) {
    if (!fold_corners) {
      hd.corners->jets(x, tj.s);
    } else {
      const std::size_t n = x.size() / 2;
      if (tj.d.empty()) {  // no hard parts: D = 1, G = 0
        tj.d.assign(4 * n, 0.0);
        tj.g.assign(4 * n, 0.0);
        for (std::size_t p = 0; p < n; ++p) tj.d[4 * p] = 1.0;
      }
      hd.corners->fold(x, tj.g);
    }
  }
  return tj;
}

void set_trial(SampledProblem& sp, const geometry::Domain& domain, const HardDirichlet& trial) {
  sp.hard.reset();
  if (!trial.active()) return;
  HardConstraint hc;
  for (std::size_t ti = 0; ti < sp.terms.size(); ++ti) {
    const PointTerm& t = sp.terms[ti];
    TrialJets tj = trial_jets(domain, trial, t.x, false);
    for (const SampledProblem::InterfaceTerm& it : sp.interface_terms)
      if (it.term == ti && trial.interfaces)
        flux_jump_jets(*trial.interfaces, it.interface, t.x, it.kplus, it.kminus, tj.d, tj.g, tj.s,
                       tj.k);
    if (trial.interfaces) hc.kjet.push_back(std::move(tj.k));
    hc.djet.push_back(std::move(tj.d));
    hc.gjet.push_back(std::move(tj.g));
    if (trial.corners) hc.sjet.push_back(std::move(tj.s));
  }
  if (trial.corners) hc.amplitudes = trial.corners->amplitudes;
  if (trial.interfaces) hc.kinks = trial.interfaces->size();
  sp.hard = std::move(hc);
}

std::optional<HardConstraint> one_term_constraint(const geometry::Domain& domain,
                                                  const HardDirichlet& hd,
                                                  const std::vector<double>& x) {
  if (!hd.active()) return std::nullopt;
  TrialJets tj = trial_jets(domain, hd, x);
  HardConstraint hc{{std::move(tj.d)}, {std::move(tj.g)}};
  if (hd.interfaces) {  // the kink weights (solver/pde/Interfaces.hpp)
    hc.kjet.push_back(std::move(tj.k));
    hc.kinks = hd.interfaces->size();
  }
  return hc;
}

namespace {

geometry::SamplerOptions sampler_options(const std::string& method, std::uint64_t seed) {
  geometry::SamplerOptions o;
  o.sequence = geometry::parse_sequence(method == "uniform" ? std::string("random") : method);
  o.seed = seed;
  return o;
}

// The flux condition on each interface (solver/pde/Interfaces.hpp): a
// Neumann-type row n . grad(u) with data 0 whose trial jets set_trial
// rewrites, as many points as the boundary gets, the boundary weight.
void add_interface_terms(const CaseSpec& spec, const geometry::Domain& domain, std::uint64_t seed,
                         SampledProblem& sp) {
  if (spec.pde.interface_list.empty()) return;
  const int d = spec.dim();
  std::vector<std::string> phi;
  for (const InterfaceSpec& i : spec.pde.interface_list) phi.push_back(i.level_set);
  const InterfaceSet set(phi, d);
  const geometry::BoundingBox bb = domain.bounding_box();
  double scale = 0.0;
  for (int a = 0; a < d; ++a) scale = std::max(scale, bb.extent(a));
  for (int i = 0; i < set.size(); ++i) {
    std::vector<double> x, n;
    set.sample(i, domain, static_cast<std::size_t>(spec.sampling.boundary.count),
               seed + static_cast<std::uint64_t>(i), x, n);
    KANPDE_VERIFY(!x.empty(), "interface " << set.text(i) << " = 0: no point of it lies inside "
                                           << "the domain (Newton projection failed)");
    SampledProblem::InterfaceTerm it;
    it.term = sp.terms.size();
    it.interface = i;
    flux_sides(*spec.pde.compiled, x, n, 1e-7 * scale, it.kplus, it.kminus);
    std::vector<double> zero(x.size() / static_cast<std::size_t>(d), 0.0);
    sp.terms.push_back(neumann_term("interface[" + std::to_string(i) + "]",
                                    spec.training.loss_weights.boundary, d, std::move(x), n,
                                    std::move(zero)));
    sp.interface_terms.push_back(std::move(it));
  }
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "+" : "") + v[i];
  return s;
}

}  // namespace

SampledProblem sample_problem(const CaseSpec& spec, const geometry::Domain& domain, int round,
                              int interior_count, const HardDirichlet* trial) {
  const int d = spec.dim();
  SampledProblem sp;
  // Seeds: the case's sampling seed, shifted per round and per set, so that
  // a fresh draw differs and interior and boundary streams are independent.
  const std::uint64_t base = spec.sampling.seed + 1000003ull * static_cast<std::uint64_t>(round);
  const auto& si = spec.sampling.interior;
  const auto& sb = spec.sampling.boundary;
  const int n_interior = interior_count > 0 ? interior_count : si.count;
  // gauss: the weighted tensor quadrature of a box (geometry/Quadrature.hpp);
  // the pde term carries its weights.
  sp.interior = si.method == "gauss"
                    ? geometry::gauss_interior(domain, static_cast<std::size_t>(n_interior))
                    : geometry::sample_interior(domain, static_cast<std::size_t>(n_interior),
                                                sampler_options(si.method, base));
  sp.boundary = geometry::sample_boundary(domain, static_cast<std::size_t>(sb.count),
                                          sampler_options(sb.method, base + 7919));
  sp.terms.push_back(pde_term(spec, "pde", spec.training.loss_weights.pde, sp.interior.x));
  sp.terms.back().quad_weight = sp.interior.weight;
  // An unknown field's regularisation, at the interior points.
  for (const FieldUnknownSpec& f : spec.field_unknowns)
    for (const auto& rt : f.reg_terms)
      sp.terms.push_back(equation_term(rt.name, rt.weight, d, sp.interior.x, rt.equation));
  const HardDirichlet hd = hard_dirichlet(spec);
  for (std::size_t bi = 0; bi < spec.boundary.size(); ++bi) {
    const BoundaryCondition& bc = spec.boundary[bi];
    if (bc.type == BcType::dirichlet && bc.enforce == Enforcement::hard) continue;
    std::vector<double> x, n;
    for (std::size_t p = 0; p < sp.boundary.size(); ++p) {
      const std::string& part =
          sp.boundary.part_names[static_cast<std::size_t>(sp.boundary.part[p])];
      if (std::find(bc.parts.begin(), bc.parts.end(), part) == bc.parts.end()) continue;
      x.insert(x.end(), sp.boundary.point(p), sp.boundary.point(p) + d);
      n.insert(n.end(), sp.boundary.normal.begin() + static_cast<long>(p * d),
               sp.boundary.normal.begin() + static_cast<long>((p + 1) * d));
    }
    if (x.empty()) continue;  // a part that received no points (tiny measure)
    const std::string name = "bc[" + std::to_string(bi) + "]:" + join(bc.parts);
    if (bc.compiled) {  // an equation condition, or a value that reads unknowns
      sp.terms.push_back(equation_term(name, bc.weight, d, x, bc.compiled, n));
      continue;
    }
    std::vector<double> g = bc.value.eval_many(x, d);
    switch (bc.type) {
      case BcType::dirichlet:
        sp.terms.push_back(dirichlet_term(name, bc.weight, d, x, std::move(g)));
        break;
      case BcType::neumann:
        sp.terms.push_back(neumann_term(name, bc.weight, d, x, n, std::move(g)));
        break;
      case BcType::robin:
        sp.terms.push_back(robin_term(name, bc.weight, d, x, n, bc.a, bc.b, std::move(g)));
        break;
      case BcType::equation:  // above
        break;
    }
  }
  add_interface_terms(spec, domain, base + 104729, sp);
  for (const DataTermSpec& ds : spec.data) sp.terms.push_back(data_term(ds, d));
  set_trial(sp, domain, trial ? *trial : hd);
  return sp;
}

SampledProblem local_part(const SampledProblem& global, const parallel::Comm& comm) {
  SampledProblem sp;
  sp.interior = global.interior;
  sp.boundary = global.boundary;
  if (global.hard) {
    sp.hard = HardConstraint{};
    sp.hard->amplitudes = global.hard->amplitudes;
    sp.hard->kinks = global.hard->kinks;
  }
  sp.interface_terms = global.interface_terms;  // (their k+- stay global: set_trial is done)
  for (std::size_t ti = 0; ti < global.terms.size(); ++ti) {
    const PointTerm& g = global.terms[ti];
    const parallel::Range r = parallel::split_aligned(g.size(), comm.rank(), comm.size());
    const std::size_t d = static_cast<std::size_t>(g.dim), nc = d + 2;
    auto block = [&](const std::vector<double>& v, std::size_t per) {
      return std::vector<double>(v.begin() + static_cast<long>(r.begin * per),
                                 v.begin() + static_cast<long>(r.end * per));
    };
    PointTerm t;
    t.name = g.name;
    t.weight = g.weight;
    t.dim = g.dim;
    t.x = block(g.x, d);
    t.coef = block(g.coef, nc);
    t.rhs = block(g.rhs, 1);
    if (!g.quad_weight.empty()) t.quad_weight = block(g.quad_weight, 1);
    if (g.equation) {
      t.equation = g.equation;
      t.aux = block(g.aux, static_cast<std::size_t>(g.equation->num_aux()));
    }
    sp.terms.push_back(std::move(t));
    if (global.hard) {
      const std::vector<double>& dj = global.hard->djet[ti];
      const std::vector<double>& gj = global.hard->gjet[ti];
      sp.hard->djet.push_back(dj.empty() ? dj : block(dj, nc));
      sp.hard->gjet.push_back(gj.empty() ? gj : block(gj, nc));
      if (!global.hard->sjet.empty()) {
        const std::size_t m = static_cast<std::size_t>(global.hard->amplitudes->size());
        sp.hard->sjet.push_back(block(global.hard->sjet[ti], m * nc));
      }
      if (global.hard->kinks > 0)
        sp.hard->kjet.push_back(
            block(global.hard->kjet[ti], static_cast<std::size_t>(global.hard->kinks) * nc));
    }
  }
  return sp;
}

PointTerm pde_term(const CaseSpec& spec, std::string name, double weight,
                   const std::vector<double>& x) {
  const int d = spec.dim();
  if (spec.pde.general()) return equation_term(std::move(name), weight, d, x, spec.pde.compiled);
  return interior_term(std::move(name), weight, d, x, spec.pde.f.eval_many(x, d), spec.pde.c);
}

std::vector<double> term_residuals(
    const PointTerm& term, const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
    const geometry::Domain& domain, const HardDirichlet& hard, const FieldBinding& field) {
  if (term.size() == 0) return {};
  const std::optional<HardConstraint> hc = one_term_constraint(domain, hard, term.x);
  Assembler<> as(Kokkos::DefaultExecutionSpace(), {term}, hc ? &*hc : nullptr);
  if (field.net && !as.field_name().empty()) as.set_field(field.net, field.positive);
  return as.residuals(net);
}

double zero_residual_rms(const PointTerm& term) {
  const std::size_t n = term.size();
  if (n == 0) return 0.0;
  double s = 0.0;
  if (!term.equation) {
    for (double f : term.rhs) s += f * f;
    return std::sqrt(s / static_cast<double>(n));
  }
  const expr::Equation& e = *term.equation;
  const std::size_t nc = static_cast<std::size_t>(e.jet_size()),
                    na = static_cast<std::size_t>(e.num_aux());
  // The unknowns at their current values.
  std::vector<double> in(static_cast<std::size_t>(e.num_inputs()), 0.0),
      out(1 + nc + static_cast<std::size_t>(e.num_unknowns() + e.num_field_inputs()));
  if (e.unknowns())
    std::copy(e.unknowns()->values.begin(), e.unknowns()->values.end(),
              in.begin() + static_cast<long>(nc + na));
  for (std::size_t p = 0; p < n; ++p) {
    std::copy(term.aux.begin() + static_cast<long>(p * na),
              term.aux.begin() + static_cast<long>((p + 1) * na),
              in.begin() + static_cast<long>(nc));
    e.eval(in.data(), out.data());
    s += out[0] * out[0];
  }
  return std::sqrt(s / static_cast<double>(n));
}

std::shared_ptr<const Assembler<>> make_assembler(const SampledProblem& global,
                                                  const parallel::Comm& comm,
                                                  const FieldBinding& field) {
  const SampledProblem mine = comm.size() > 1 ? local_part(global, comm) : SampledProblem{};
  const SampledProblem& sp = comm.size() > 1 ? mine : global;
  auto as = std::make_shared<Assembler<>>(Kokkos::DefaultExecutionSpace(), sp.terms,
                                          sp.hard ? &*sp.hard : nullptr, comm);
  if (field.net && !as->field_name().empty()) as->set_field(field.net, field.positive);
  return as;
}

}  // namespace kanpde::solver
