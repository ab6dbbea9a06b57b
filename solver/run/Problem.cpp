#include "solver/run/Problem.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "geometry/DistanceFunction.hpp"
#include "geometry/Samplers.hpp"
#include "geometry/Sequence.hpp"

namespace kanpde::solver {

HardDirichlet hard_dirichlet(const CaseSpec& spec) {
  HardDirichlet hd;
  bool have = false;
  for (const BoundaryCondition& bc : spec.boundary) {
    if (bc.type != BcType::dirichlet || bc.enforce != Enforcement::hard) continue;
    if (!bc.value.is_constant())
      spec.fail(bc.path + ".value",
                "hard Dirichlet enforcement (u = g0 + D N) needs a constant value; found \"" +
                    bc.value.text() + "\" (use enforce: soft for a varying g)");
    const double g = bc.value.eval();
    if (have && g != hd.g0)
      spec.fail(bc.path + ".value",
                "every hard Dirichlet condition must have the same value; "
                "found " +
                    std::to_string(g) + " and " + std::to_string(hd.g0));
    hd.g0 = g;
    have = true;
    hd.parts.insert(hd.parts.end(), bc.parts.begin(), bc.parts.end());
  }
  return hd;
}

std::vector<double> distance_jets(const geometry::Domain& domain, const HardDirichlet& hd,
                                  const std::vector<double>& x) {
  using Mem = Kokkos::DefaultExecutionSpace::memory_space;
  const int d = domain.dim();
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  const geometry::DistanceFunction<Mem> D(domain, hd.parts);
  Kokkos::View<double**, Mem> xv("kanpde::solver::dist_x", n, static_cast<std::size_t>(d));
  auto hx = Kokkos::create_mirror_view(xv);
  for (std::size_t p = 0; p < n; ++p)
    for (int a = 0; a < d; ++a) hx(p, a) = x[p * d + a];
  Kokkos::deep_copy(xv, hx);
  Kokkos::View<double*, Mem> v("kanpde::solver::dist_v", n), l("kanpde::solver::dist_l", n);
  Kokkos::View<double**, Mem> g("kanpde::solver::dist_g", n, static_cast<std::size_t>(d));
  geometry::evaluate_distance(Kokkos::DefaultExecutionSpace(), D, xv, v, g, l);
  auto hv = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
  auto hg = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  auto hl = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), l);
  std::vector<double> out;
  out.reserve(n * static_cast<std::size_t>(d + 2));
  for (std::size_t p = 0; p < n; ++p) {
    out.push_back(hv(p));
    for (int a = 0; a < d; ++a) out.push_back(hg(p, a));
    out.push_back(hl(p));
  }
  return out;
}

namespace {

geometry::SamplerOptions sampler_options(const std::string& method, std::uint64_t seed) {
  geometry::SamplerOptions o;
  o.sequence = geometry::parse_sequence(method == "uniform" ? std::string("random") : method);
  o.seed = seed;
  return o;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "+" : "") + v[i];
  return s;
}

}  // namespace

SampledProblem sample_problem(const CaseSpec& spec, const geometry::Domain& domain, int round) {
  const int d = spec.dim();
  SampledProblem sp;
  // Seeds: the case's sampling seed, shifted per round and per set, so that
  // a fresh draw differs and interior and boundary streams are independent.
  const std::uint64_t base = spec.sampling.seed + 1000003ull * static_cast<std::uint64_t>(round);
  const auto& si = spec.sampling.interior;
  const auto& sb = spec.sampling.boundary;
  sp.interior = geometry::sample_interior(domain, static_cast<std::size_t>(si.count),
                                          sampler_options(si.method, base));
  sp.boundary = geometry::sample_boundary(domain, static_cast<std::size_t>(sb.count),
                                          sampler_options(sb.method, base + 7919));
  sp.terms.push_back(pde_term(spec, "pde", spec.training.loss_weights.pde, sp.interior.x));
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
    if (bc.type == BcType::equation) {
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
  if (hd.active()) {
    HardConstraint hc;
    hc.g0 = hd.g0;
    for (const PointTerm& t : sp.terms) hc.djet.push_back(distance_jets(domain, hd, t.x));
    sp.hard = std::move(hc);
  }
  return sp;
}

SampledProblem local_part(const SampledProblem& global, const parallel::Comm& comm) {
  SampledProblem sp;
  sp.interior = global.interior;
  sp.boundary = global.boundary;
  if (global.hard) sp.hard = HardConstraint{global.hard->g0, {}};
  for (std::size_t ti = 0; ti < global.terms.size(); ++ti) {
    const PointTerm& g = global.terms[ti];
    const parallel::Range r = parallel::split(g.size(), comm.rank(), comm.size());
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
    if (g.equation) {
      t.equation = g.equation;
      t.aux = block(g.aux, static_cast<std::size_t>(g.equation->num_aux()));
    }
    sp.terms.push_back(std::move(t));
    if (global.hard) {
      const std::vector<double>& dj = global.hard->djet[ti];
      sp.hard->djet.push_back(dj.empty() ? dj : block(dj, nc));
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
    const geometry::Domain& domain, const HardDirichlet& hard) {
  if (term.size() == 0) return {};
  std::optional<HardConstraint> hc;
  if (hard.active()) hc = HardConstraint{hard.g0, {distance_jets(domain, hard, term.x)}};
  const Assembler<> as(Kokkos::DefaultExecutionSpace(), {term}, hc ? &*hc : nullptr);
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
  std::vector<double> in(nc + na, 0.0), out(1 + nc);
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
                                                  const parallel::Comm& comm) {
  const SampledProblem mine = comm.size() > 1 ? local_part(global, comm) : SampledProblem{};
  const SampledProblem& sp = comm.size() > 1 ? mine : global;
  return std::make_shared<const Assembler<>>(Kokkos::DefaultExecutionSpace(), sp.terms,
                                             sp.hard ? &*sp.hard : nullptr, comm);
}

}  // namespace kanpde::solver
