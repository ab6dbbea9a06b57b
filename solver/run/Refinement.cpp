#include "solver/run/Refinement.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "kan/Evaluate.hpp"
#include "kan/ModelIO.hpp"
#include "solver/pde/TrialFunction.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/SolveSetup.hpp"

namespace kanpde::solver {

namespace {

double rms(const std::vector<double>& v) {
  double s = 0.0;
  for (double a : v) s += a * a;
  return v.empty() ? 0.0 : std::sqrt(s / static_cast<double>(v.size()));
}

}  // namespace

std::vector<double> frozen_jets(const FrozenSum& f, const std::vector<double>& x, int d) {
  using Exec = Kokkos::DefaultExecutionSpace;
  const std::size_t n = x.size() / static_cast<std::size_t>(d), nc = std::size_t(d) + 2;
  std::vector<double> sum(n * nc, 0.0);
  if (n == 0) return sum;
  Kokkos::View<double**, Exec::memory_space> xv("kanpde::solver::frozen_x", n, std::size_t(d));
  auto hx = Kokkos::create_mirror_view(xv);
  for (std::size_t p = 0; p < n; ++p)
    for (int a = 0; a < d; ++a) hx(p, a) = x[p * std::size_t(d) + std::size_t(a)];
  Kokkos::deep_copy(xv, hx);
  Kokkos::View<double***, Exec::memory_space> jv("kanpde::solver::frozen_jets", n, 1, nc);
  for (std::size_t i = 0; i < f.nets.size(); ++i) {
    kan::evaluate(Exec(), f.nets[i], xv, kan::JetMode::laplacian, jv);
    auto hj = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), jv);
    for (std::size_t p = 0; p < n; ++p)
      for (std::size_t c = 0; c < nc; ++c) sum[p * nc + c] += f.scales[i] * hj(p, 0, c);
  }
  return sum;
}

void fold_frozen(const FrozenSum& f, const std::vector<double>& x, int d, TrialJets& tj) {
  const std::size_t n = x.size() / static_cast<std::size_t>(d), nc = std::size_t(d) + 2;
  if (tj.d.empty()) {  // no hard constraint: D = 1, G = 0
    tj.d.assign(n * nc, 0.0);
    tj.g.assign(n * nc, 0.0);
    for (std::size_t p = 0; p < n; ++p) tj.d[p * nc] = 1.0;
  }
  KANPDE_ASSERT(tj.d.size() == n * nc && tj.g.size() == n * nc, "trial jets of the wrong size");
  const std::vector<double> nsum = frozen_jets(f, x, d);
  std::vector<double> g(nc);
  for (std::size_t p = 0; p < n; ++p) {
    double* gp = &tj.g[p * nc];
    double* dp = &tj.d[p * nc];
    trial_compose_laplacian(d, gp, dp, &nsum[p * nc], g.data());  // G + D sum
    for (std::size_t c = 0; c < nc; ++c) {
      gp[c] = g[c];
      dp[c] *= f.scale;
    }
  }
}

double refinement_scale(const CaseSpec& spec, const geometry::Domain& domain,
                        const HardDirichlet& hd, const FrozenSum::Net& net,
                        const std::vector<double>& x) {
  const int d = spec.dim();
  const PointTerm t = pde_term(spec, "refinement", 1.0, x);
  const double r = rms(term_residuals(t, net, domain, hd));
  const double r0 = zero_residual_rms(t);
  const double u = rms(evaluate_solution(net, x, d, domain, hd).u);
  if (r0 > 0.0 && u > 0.0 && std::isfinite(r / r0)) return u * r / r0;
  const geometry::BoundingBox bb = domain.bounding_box();
  double ext = 0.0;
  for (int a = 0; a < d; ++a) ext = std::max(ext, bb.extent(a));
  const double s = r * ext * ext;
  return s > 0.0 && std::isfinite(s) ? s : 1.0;
}

void start_at_zero(FrozenSum::Net& net) {
  const kan::Layout& l = net.layout();
  const int last = l.num_layers() - 1;
  std::vector<double> p = net.params_host();
  for (int i = 0; i < l.width(last); ++i)
    for (int o = 0; o < l.width(last + 1); ++o) {
      for (int m = 0; m < l.basis_per_edge(); ++m) p[l.coef_index(last, i, o, m)] = 0.0;
      p[l.w_base_index(last, i, o)] = 0.0;
    }
  net.set_params(p);
}

std::vector<RefinementNetwork> read_refinements(const h5::Group& root) {
  std::vector<RefinementNetwork> out;
  if (!root.has("refinement")) return out;
  const h5::Group ref = root.open_group("refinement");
  const std::int64_t count = ref.attr_int("count");
  if (count < 0 || count > 1000) throw InputError("/refinement@count: expected 0 to 1000");
  for (std::int64_t i = 1; i <= count; ++i) {
    const std::string name = "network_" + std::to_string(i);
    if (!ref.has(name)) throw InputError("/refinement/" + name + ": missing");
    const h5::Group g = ref.open_group(name);
    const auto net = kan::read_model(g);
    RefinementNetwork rn;
    rn.layout = net.layout();
    rn.params = net.params_host();
    rn.knots = net.knots_host();
    rn.scale = g.attr_double("scale");
    if (!(std::isfinite(rn.scale) && rn.scale > 0))
      throw InputError("/refinement/" + name + "@scale: expected a positive number");
    out.push_back(std::move(rn));
  }
  return out;
}

SavedSolution saved_solution(const FrozenSum::Net& model,
                             const std::vector<RefinementNetwork>& refinements) {
  SavedSolution s;
  if (refinements.empty()) {
    s.last = model;
    return s;
  }
  auto f = std::make_shared<FrozenSum>();
  f->nets.push_back(model);
  f->scales.push_back(1.0);
  for (std::size_t i = 0; i + 1 < refinements.size(); ++i) {
    const RefinementNetwork& r = refinements[i];
    f->nets.emplace_back(r.layout, r.params, r.knots);
    f->scales.push_back(r.scale);
  }
  const RefinementNetwork& l = refinements.back();
  s.last = FrozenSum::Net(l.layout, l.params, l.knots);
  f->scale = l.scale;
  s.frozen = std::move(f);
  return s;
}

double freeze_and_restart(const CaseSpec& spec, const RefineSpec& rs,
                          const geometry::Domain& domain, HardDirichlet& hd, FrozenSum::Net& net,
                          const std::vector<double>& x) {
  const double s = rs.scale > 0 ? rs.scale : refinement_scale(spec, domain, hd, net, x);
  auto f = std::make_shared<FrozenSum>(hd.frozen ? *hd.frozen : FrozenSum{});
  f->nets.push_back(net.clone());
  f->scales.push_back(hd.frozen ? hd.frozen->scale : 1.0);
  f->scale = s;
  hd.frozen = std::move(f);
  net = FrozenSum::Net(network_spec(rs.kan, domain));
  start_at_zero(net);
  return s;
}

}  // namespace kanpde::solver
