#include "solver/pde/Assembler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "common/Error.hpp"
#include "common/Profiling.hpp"
#include "kan/Evaluate.hpp"
#include "solver/pde/impl/AssemblerKernels.hpp"

namespace kanpde::solver {

template <class ExecSpace>
Assembler<ExecSpace>::Assembler(const ExecSpace& exec, const std::vector<PointTerm>& terms,
                                const HardConstraint* hard, parallel::Comm comm)
    : exec_(exec), comm_(comm) {
  KANPDE_REQUIRE(!terms.empty(), "the loss needs at least one term");
  // Every rank must hold the same list of terms: compare the counts.
  const double nt = static_cast<double>(terms.size());
  KANPDE_VERIFY(comm_.allreduce_max(nt) == nt && -comm_.allreduce_max(-nt) == nt,
                "the ranks hold different numbers of loss terms");
  for (const PointTerm& t : terms) global_count_.push_back(static_cast<double>(t.size()));
  comm_.allreduce_sum(global_count_.data(), global_count_.size());
  for (double c : global_count_) global_points_ += static_cast<std::size_t>(c);
  dim_ = terms.front().dim;
  hard_ = hard != nullptr;
  if (hard_) {
    KANPDE_REQUIRE(
        hard->djet.size() == terms.size() && hard->gjet.size() == terms.size(),
        "hard constraint: expected distance and data jets for " << terms.size() << " terms");
  }
  std::size_t n = 0;
  for (const PointTerm& t : terms) {
    KANPDE_REQUIRE(t.dim == dim_,
                   "loss term " << t.name << " has dimension " << t.dim << ", expected " << dim_);
    n += t.size();
  }
  const std::size_t nc = static_cast<std::size_t>(dim_ + 2), d = static_cast<std::size_t>(dim_);
  x_ = Kokkos::View<double**, memory_space>("kanpde::solver::x", n, d);
  coef_ = Kokkos::View<double**, memory_space>("kanpde::solver::coef", n, nc);
  djet_ = Kokkos::View<double**, memory_space>("kanpde::solver::djet", hard_ ? n : 0, nc);
  gjet_ = Kokkos::View<double**, memory_space>("kanpde::solver::gjet", hard_ ? n : 0, nc);
  rhs_ = Kokkos::View<double*, memory_space>("kanpde::solver::rhs", n);
  w_ = Kokkos::View<double*, memory_space>("kanpde::solver::w", n);
  r_ = Kokkos::View<double*, memory_space>("kanpde::solver::r", n);
  auto hx = Kokkos::create_mirror_view(x_);
  auto hc = Kokkos::create_mirror_view(coef_);
  auto hd = Kokkos::create_mirror_view(djet_);
  auto hg = Kokkos::create_mirror_view(gjet_);
  auto hr = Kokkos::create_mirror_view(rhs_);
  auto hw = Kokkos::create_mirror_view(w_);
  std::size_t p = 0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const PointTerm& t = terms[ti];
    names_.push_back(t.name);
    weight_of_.push_back(t.weight);
    built_weight_of_.push_back(t.weight);
    KANPDE_REQUIRE(t.quad_weight.empty() || t.quad_weight.size() == t.size(),
                   "loss term " << t.name << ": " << t.quad_weight.size()
                                << " quadrature weights for " << t.size() << " points");
    if (hard_)
      KANPDE_REQUIRE(hard->djet[ti].size() == hard->gjet[ti].size() &&
                         (hard->djet[ti].empty() || hard->djet[ti].size() == t.size() * nc),
                     "hard constraint: wrong number of distance or data jets for " << t.name);
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      term_of_.push_back(static_cast<int>(ti));
      for (std::size_t a = 0; a < d; ++a) hx(p, a) = t.x[q * d + a];
      for (std::size_t c = 0; c < nc; ++c) {
        hc(p, c) = t.coef[q * nc + c];
        if (hard_) {
          const bool none = hard->djet[ti].empty();
          hd(p, c) = none ? (c == 0 ? 1.0 : 0.0) : hard->djet[ti][q * nc + c];
          hg(p, c) = none ? 0.0 : hard->gjet[ti][q * nc + c];
        }
      }
      hr(p) = t.rhs[q];
      quad_.push_back(t.quad_weight.empty() ? 1.0 : t.quad_weight[q]);
      hw(p) = t.weight * quad_[p] / global_count_[ti];  // t has points: the count is > 0
    }
  }
  setup_equations(terms);
  setup_corners(terms, hard);
  setup_kinks(terms, hard);
  setup_blocks(terms);
  Kokkos::deep_copy(x_, hx);
  Kokkos::deep_copy(coef_, hc);
  Kokkos::deep_copy(djet_, hd);
  Kokkos::deep_copy(gjet_, hg);
  Kokkos::deep_copy(rhs_, hr);
  Kokkos::deep_copy(w_, hw);
}

template <class ExecSpace>
void Assembler<ExecSpace>::setup_blocks(const std::vector<PointTerm>& terms) {
  // Where this rank's slice of each term begins: the points of the ranks
  // before it (local_part keeps the slices in rank order).
  const std::size_t T = terms.size(), B = parallel::kBlockPoints;
  std::vector<double> mine(T);
  for (std::size_t t = 0; t < T; ++t) mine[t] = static_cast<double>(terms[t].size());
  const std::vector<double> all = comm_.allgatherv(mine);
  KANPDE_ASSERT(all.size() == T * static_cast<std::size_t>(comm_.size()),
                "the ranks hold different numbers of loss terms");
  std::size_t first_block = 0, p = 0;  // of term t, over all ranks; of this rank's points
  block_begin_.assign(1, 0);
  block_global_.clear();
  for (std::size_t t = 0; t < T; ++t) {
    std::size_t begin = 0;
    for (int r = 0; r < comm_.rank(); ++r)
      begin += static_cast<std::size_t>(all[static_cast<std::size_t>(r) * T + t]);
    const std::size_t n = terms[t].size(), total = static_cast<std::size_t>(global_count_[t]);
    KANPDE_ASSERT(n == 0 || (begin % B == 0 && (n % B == 0 || begin + n == total)),
                  "the points of " << terms[t].name << " on rank " << comm_.rank()
                                   << " are not whole blocks of " << B
                                   << " (split them with parallel::split_aligned)");
    for (std::size_t q = 0; q < n; q += B) {
      block_global_.push_back(first_block + (begin + q) / B);
      block_begin_.push_back(p + std::min(n, q + B));
    }
    p += n;
    first_block += parallel::num_blocks(total);
  }
  global_blocks_ = first_block;
  KANPDE_REQUIRE(p < static_cast<std::size_t>(std::numeric_limits<int>::max()),
                 p << " points on one rank are too many for 32-bit point indices");
  block_begin_dev_ =
      Kokkos::View<int*, memory_space>("kanpde::solver::block_begin", block_begin_.size());
  auto h = Kokkos::create_mirror_view(block_begin_dev_);
  for (std::size_t k = 0; k < block_begin_.size(); ++k) h(k) = static_cast<int>(block_begin_[k]);
  Kokkos::deep_copy(block_begin_dev_, h);
}

template <class ExecSpace>
std::vector<double> Assembler<ExecSpace>::per_term_sums(const std::vector<double>& v) const {
  const std::size_t T = names_.size();
  parallel::BlockSum sum(global_blocks_, T);
  for (std::size_t k = 0; k < block_global_.size(); ++k) {
    double* leaf = sum.open(block_global_[k]);
    std::fill(leaf, leaf + T, 0.0);
    double s = 0.0;
    for (std::size_t p = block_begin_[k]; p < block_begin_[k + 1]; ++p) s += v[p];
    leaf[static_cast<std::size_t>(term_of_[block_begin_[k]])] = s;
    sum.close();
  }
  return sum.result(comm_);
}

template <class ExecSpace>
void Assembler<ExecSpace>::setup_equations(const std::vector<PointTerm>& terms) {
  std::vector<const expr::Equation*> distinct;
  std::vector<int> id_of;  // per term
  bool hessian = false;
  for (const PointTerm& t : terms) {
    int id = -1;
    if (t.equation) {
      const auto it = std::find(distinct.begin(), distinct.end(), t.equation.get());
      id = static_cast<int>(it - distinct.begin());
      if (it == distinct.end()) distinct.push_back(t.equation.get());
      hessian = hessian || t.equation->mode() == expr::JetMode::hessian;
    }
    id_of.push_back(id);
  }
  if (distinct.empty()) return;
  KANPDE_REQUIRE(!(hessian && hard_),
                 "an equation with single second derivatives of u (Hessian jets) cannot be "
                 "combined with hard Dirichlet conditions yet; use enforce: soft");
  mode_ = hessian ? kan::JetMode::hessian : kan::JetMode::laplacian;
  const expr::JetMode m = hessian ? expr::JetMode::hessian : expr::JetMode::laplacian;
  std::size_t max_aux = 1;
  for (const expr::Equation* e : distinct) {
    equations_.push_back(e->with_mode(m));
    KANPDE_REQUIRE(equations_.back().num_inputs() <= Impl::kMaxEquationInputs,
                   "the equation \"" << e->text() << "\" reads " << equations_.back().num_inputs()
                                     << " values per point, at most " << Impl::kMaxEquationInputs
                                     << " fit");
    max_aux = std::max(max_aux, static_cast<std::size_t>(e->num_aux()));
  }
  std::vector<const expr::Program*> progs;
  for (const auto& e : equations_) progs.push_back(&e.program());
  programs_ = expr::DeviceProgramSet<memory_space>(progs);
  const std::size_t n = term_of_.size();
  // Unknown scalars: every equation that reads them shares the same ones.
  program_info_ =
      Kokkos::View<int*, memory_space>("kanpde::solver::program_info", 3 * equations_.size());
  auto hi = Kokkos::create_mirror_view(program_info_);
  for (std::size_t k = 0; k < equations_.size(); ++k) {
    const expr::Equation& e = equations_[k];
    hi(3 * k) = e.num_aux();
    hi(3 * k + 1) = e.num_unknowns();
    hi(3 * k + 2) = e.num_field_inputs();
    if (e.num_fields() > 0) {
      KANPDE_REQUIRE(e.num_fields() == 1, "the equation \"" << e.text() << "\" reads "
                                                            << e.num_fields()
                                                            << " unknown fields, at most 1 fits");
      KANPDE_REQUIRE(field_name_.empty() || field_name_ == e.field_names()[0],
                     "the equations of one loss read different unknown fields");
      field_name_ = e.field_names()[0];
    }
    if (e.num_unknowns() == 0) continue;
    KANPDE_REQUIRE(!unknowns_ || unknowns_ == e.unknowns(),
                   "the equations of one loss read different unknown scalars");
    unknowns_ = e.unknowns();
  }
  Kokkos::deep_copy(program_info_, hi);
  if (unknowns_) num_eq_unknowns_ = unknowns_->size();
  eq_ = Kokkos::View<int*, memory_space>("kanpde::solver::equation_of_point", n);
  aux_ = Kokkos::View<double**, memory_space>("kanpde::solver::equation_inputs", n, max_aux);
  auto he = Kokkos::create_mirror_view(eq_);
  auto ha = Kokkos::create_mirror_view(aux_);
  std::size_t p = 0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const PointTerm& t = terms[ti];
    const std::size_t na = t.equation ? static_cast<std::size_t>(t.equation->num_aux()) : 0;
    KANPDE_REQUIRE(t.aux.size() == t.size() * na, t.name << ": " << t.aux.size()
                                                         << " tabulated equation inputs for "
                                                         << t.size() << " points");
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      he(p) = id_of[ti];
      for (std::size_t k = 0; k < na; ++k) ha(p, k) = t.aux[q * na + k];
    }
  }
  Kokkos::deep_copy(eq_, he);
  Kokkos::deep_copy(aux_, ha);
}

template <class ExecSpace>
void Assembler<ExecSpace>::setup_kinks(const std::vector<PointTerm>& terms,
                                       const HardConstraint* hard) {
  if (!hard || hard->kinks == 0) return;
  const std::size_t n = term_of_.size(), nc = static_cast<std::size_t>(dim_ + 2);
  const std::size_t m = static_cast<std::size_t>(hard->kinks);
  KANPDE_REQUIRE(hard->kinks <= Impl::kMaxKinks,
                 hard->kinks << " interfaces, at most " << Impl::kMaxKinks << " fit");
  KANPDE_REQUIRE(hard->kjet.size() == terms.size(),
                 "interfaces: expected the kink jets of " << terms.size() << " terms");
  KANPDE_REQUIRE(mode_ == kan::JetMode::laplacian,
                 "interfaces need Laplacian jets (an equation with single second derivatives "
                 "of u cannot take them)");
  num_kinks_ = hard->kinks;
  kjet_ = Kokkos::View<double**, memory_space>("kanpde::solver::kink_jets", n, m * nc);
  auto hk = Kokkos::create_mirror_view(kjet_);
  std::size_t p = 0;
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const std::vector<double>& k = hard->kjet[t];
    KANPDE_REQUIRE(k.size() == terms[t].size() * m * nc,
                   "interfaces: wrong number of kink jets for " << terms[t].name);
    for (std::size_t q = 0; q < terms[t].size(); ++q, ++p)
      for (std::size_t c = 0; c < m * nc; ++c) hk(p, c) = k[q * m * nc + c];
  }
  Kokkos::deep_copy(kjet_, hk);
}

template <class ExecSpace>
void Assembler<ExecSpace>::setup_corners(const std::vector<PointTerm>& terms,
                                         const HardConstraint* hard) {
  const std::size_t n = term_of_.size(), nc = static_cast<std::size_t>(dim_ + 2);
  if (hard && !hard->sjet.empty()) {
    KANPDE_REQUIRE(hard->amplitudes && hard->sjet.size() == terms.size(),
                   "corner enrichment: expected the corner jets of " << terms.size()
                                                                     << " terms and amplitudes");
    KANPDE_REQUIRE(mode_ == kan::JetMode::laplacian,
                   "corner enrichment needs Laplacian jets (an equation with single second "
                   "derivatives of u cannot take it)");
    amplitudes_ = hard->amplitudes;
    num_corners_ = amplitudes_->size();
    const std::size_t m = static_cast<std::size_t>(num_corners_);
    sjet_ = Kokkos::View<double**, memory_space>("kanpde::solver::corner_jets", n, m * nc);
    auto hs = Kokkos::create_mirror_view(sjet_);
    std::size_t p = 0;
    for (std::size_t t = 0; t < terms.size(); ++t) {
      const std::vector<double>& s = hard->sjet[t];
      KANPDE_REQUIRE(s.size() == terms[t].size() * m * nc,
                     "corner enrichment: wrong number of corner jets for " << terms[t].name);
      for (std::size_t q = 0; q < terms[t].size(); ++q, ++p)
        for (std::size_t k = 0; k < m * nc; ++k) hs(p, k) = s[q * m * nc + k];
    }
    Kokkos::deep_copy(sjet_, hs);
  }
  num_unknowns_ = num_eq_unknowns_ + num_corners_;
  if (num_unknowns_ > 0) {
    KANPDE_REQUIRE(num_unknowns_ <= Impl::kMaxUnknowns,
                   num_eq_unknowns_ << " unknown scalars and " << num_corners_
                                    << " corner amplitudes, at most " << Impl::kMaxUnknowns
                                    << " fit");
    unknown_values_ =
        Kokkos::View<double*, memory_space>("kanpde::solver::unknowns", std::size_t(num_unknowns_));
  }
  allocate_extra_rows();
}

template <class ExecSpace>
void Assembler<ExecSpace>::allocate_extra_rows() {
  const std::size_t ne = static_cast<std::size_t>(num_extra());
  if (ne == 0) {
    drdk_ = {};
    drdk_host_ = {};
    unknown_grad_.clear();
    return;
  }
  drdk_ = decltype(drdk_)("kanpde::solver::unknown_rows", term_of_.size(), ne);
  drdk_host_ = Kokkos::create_mirror_view(drdk_);
  unknown_grad_.assign(ne, 0.0);
}

template <class ExecSpace>
void Assembler<ExecSpace>::set_field(const Net* field, bool positive) {
  KANPDE_REQUIRE(field == nullptr || !field_name_.empty(),
                 "set_field: no equation of this loss reads an unknown field");
  if (field != nullptr) {
    KANPDE_REQUIRE(field->layout().input_dim() == dim_,
                   "the field network has input width " << field->layout().input_dim()
                                                        << ", the problem dimension is " << dim_);
    KANPDE_REQUIRE(field->layout().output_dim() == 1,
                   "a field network has one output, found " << field->layout().output_dim());
  }
  field_ = field;
  field_positive_ = positive;
  num_field_params_ = field ? static_cast<int>(field->num_params()) : 0;
  allocate_extra_rows();
}

template <class ExecSpace>
void Assembler<ExecSpace>::upload_unknowns() const {
  if (num_unknowns_ == 0) return;
  KANPDE_VERIFY(num_eq_unknowns_ == 0 || unknowns_->values.size() == std::size_t(num_eq_unknowns_),
                "unknown scalars: " << unknowns_->values.size() << " values for "
                                    << num_eq_unknowns_ << " names");
  KANPDE_VERIFY(num_corners_ == 0 || amplitudes_->values.size() == std::size_t(num_corners_),
                "corner amplitudes: " << amplitudes_->values.size() << " values for "
                                      << num_corners_ << " corners");
  auto h = Kokkos::create_mirror_view(unknown_values_);
  for (int k = 0; k < num_eq_unknowns_; ++k) h(k) = unknowns_->values[std::size_t(k)];
  for (int k = 0; k < num_corners_; ++k)
    h(num_eq_unknowns_ + k) = amplitudes_->values[std::size_t(k)];
  Kokkos::deep_copy(exec_, unknown_values_, h);
}

template <class ExecSpace>
void Assembler<ExecSpace>::unknown_rows(std::size_t p0, std::size_t p1) const {
  if (num_extra() == 0 || p1 <= p0) return;
  const auto range = std::make_pair(p0, p1);
  auto dst = Kokkos::subview(drdk_host_, range, Kokkos::ALL());
  Kokkos::deep_copy(exec_, dst, Kokkos::subview(drdk_, range, Kokkos::ALL()));
  exec_.fence();
}

template <class ExecSpace>
std::shared_ptr<const Assembler<ExecSpace>> Assembler<ExecSpace>::reweighted(
    const std::vector<double>& factors) const {
  KANPDE_REQUIRE(factors.size() == names_.size(),
                 "reweighted: expected " << names_.size() << " factors, found " << factors.size());
  auto out = std::make_shared<Assembler>(*this);  // Views: shallow copies
  // Scratch of its own (allocated on first use), new per-point weights.
  out->jac_cols_ = {};
  out->jac_vals_ = {};
  out->jac_nnz_ = {};
  out->jac_scaled_ = {};
  out->gram_.reset();
  out->dgram_.reset();
  out->dgram_scaled_ = {};
  if (num_extra() > 0) {
    out->drdk_ = decltype(drdk_)("kanpde::solver::unknown_rows", drdk_.extent(0), drdk_.extent(1));
    out->drdk_host_ = Kokkos::create_mirror_view(out->drdk_);
  }
  out->grad_rows_ = {};
  out->r_ = Kokkos::View<double*, memory_space>("kanpde::solver::r", r_.extent(0));
  out->w_ = Kokkos::View<double*, memory_space>("kanpde::solver::w", w_.extent(0));
  auto hw = Kokkos::create_mirror_view(out->w_);
  for (std::size_t t = 0; t < names_.size(); ++t) {
    KANPDE_REQUIRE(std::isfinite(factors[t]) && factors[t] >= 0,
                   "reweighted: factor " << factors[t] << " for " << names_[t]);
    out->weight_of_[t] = built_weight_of_[t] * factors[t];
  }
  for (std::size_t p = 0; p < term_of_.size(); ++p) {
    const auto t = static_cast<std::size_t>(term_of_[p]);
    hw(p) = out->weight_of_[t] * quad_[p] / global_count_[t];
  }
  Kokkos::deep_copy(out->w_, hw);
  return out;
}

template <class ExecSpace>
void Assembler<ExecSpace>::check_network(const Net& net) const {
  KANPDE_REQUIRE(net.layout().input_dim() == dim_, "the network has input width "
                                                       << net.layout().input_dim()
                                                       << ", the problem dimension is " << dim_);
  KANPDE_REQUIRE(net.layout().output_dim() == 1 + num_kinks_,
                 "a scalar PDE with " << num_kinks_ << " interfaces needs a network with "
                                      << 1 + num_kinks_ << " outputs, found "
                                      << net.layout().output_dim());
  KANPDE_REQUIRE(field_name_.empty() || field_ != nullptr,
                 "the equations read the unknown field \"" << field_name_
                                                           << "\" and no network is set for it");
  KANPDE_REQUIRE(field_ == nullptr || (field_->layout().order() == net.layout().order() &&
                                       field_->num_params() == std::size_t(num_field_params_)),
                 "the field network has spline order "
                     << field_->layout().order() << " and " << field_->num_params()
                     << " parameters; expected order " << net.layout().order() << " and "
                     << num_field_params_);
}

template <class ExecSpace>
LossTerms Assembler<ExecSpace>::summarize() const {
  auto hr = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), r_);
  std::vector<double> sq(hr.extent(0));
  for (std::size_t p = 0; p < sq.size(); ++p) sq[p] = quad_[p] * hr(p) * hr(p);
  LossTerms out;
  out.names = names_;
  out.values = per_term_sums(sq);
  for (std::size_t t = 0; t < names_.size(); ++t)
    if (global_count_[t] > 0) out.values[t] *= weight_of_[t] / global_count_[t];
  for (double v : out.values) out.total += v;
  return out;
}

template <class ExecSpace>
template <class F>
F Assembler<ExecSpace>::functor(const decltype(F::net)& v, const decltype(F::cols)& cols,
                                const decltype(F::vals)& vals, const decltype(F::nnz)& nnz,
                                const decltype(F::scaled)& scaled, int p0) const {
  return F{v,
           x_,
           coef_,
           djet_,
           gjet_,
           rhs_,
           w_,
           r_,
           hard_,
           cols,
           vals,
           nnz,
           scaled,
           p0,
           eq_,
           aux_,
           programs_,
           unknown_values_,
           program_info_,
           drdk_,
           sjet_,
           num_eq_unknowns_,
           num_corners_,
           kjet_,
           num_kinks_,
           field_ ? field_->view() : kan::NetworkView<memory_space>{},
           field_ != nullptr,
           field_positive_,
           num_field_params_};
}

template <class ExecSpace>
LossTerms Assembler<ExecSpace>::loss(const Net& net) const {
  const Region region("kanpde::loss");
  check_network(net);
  upload_unknowns();
  const auto v = net.view();
  const int n = static_cast<int>(num_points());
  kan::dispatch(
      net.layout().order(), dim_, mode_, kan::DimPath::automatic, [&](auto K, auto D, auto M) {
        if constexpr (decltype(M)::value != kan::JetMode::value) {
          using F =
              Impl::AssembleFunctor<decltype(K)::value, decltype(D)::value,
                                    Impl::AssembleMode::residual, ExecSpace, decltype(M)::value>;
          const F f = functor<F>(v);
          Kokkos::parallel_for("kanpde::solver::residual",
                               Kokkos::RangePolicy<ExecSpace>(exec_, 0, n), f);
        }
      });
  return summarize();
}

template <class ExecSpace>
LossTerms Assembler<ExecSpace>::loss_and_gradient(
    const Net& net, const Kokkos::View<double*, memory_space>& grad) const {
  const Region region("kanpde::gradient");
  check_network(net);
  upload_unknowns();
  KANPDE_REQUIRE(grad.extent(0) == net.num_params(), "gradient has the wrong length");
  const std::size_t P = net.num_params(), nb = block_global_.size();
  // At most 32 MB of block rows at a time.
  const std::size_t per = std::max<std::size_t>(
      1,
      std::min(nb, blocks_per_launch_ > 0 ? blocks_per_launch_
                                          : (std::size_t(1) << 22) / std::max<std::size_t>(P, 1)));
  if (grad_rows_.extent(0) != per || grad_rows_.extent(1) != P)
    grad_rows_ = decltype(grad_rows_)("kanpde::solver::gradient_blocks", per, P);
  const auto rows = grad_rows_;
  auto hrows = Kokkos::create_mirror_view(rows);
  parallel::BlockSum sum(global_blocks_, P);
  const auto v = net.view();
  for (std::size_t k0 = 0; k0 < nb; k0 += per) {
    const std::size_t k1 = std::min(nb, k0 + per);
    Kokkos::deep_copy(exec_, rows, 0.0);
    kan::dispatch(
        net.layout().order(), dim_, mode_, kan::DimPath::automatic, [&](auto K, auto D, auto M) {
          if constexpr (decltype(M)::value != kan::JetMode::value) {
            using F =
                Impl::AssembleFunctor<decltype(K)::value, decltype(D)::value,
                                      Impl::AssembleMode::gradient, ExecSpace, decltype(M)::value>;
            const F f = functor<F>(v);
            Impl::BlockGradientFunctor<F> g{f,
                                            block_begin_dev_,
                                            rows,
                                            static_cast<int>(k0),
                                            static_cast<int>(k1),
                                            reversed_blocks_};
            Kokkos::parallel_for(
                "kanpde::solver::gradient",
                Kokkos::RangePolicy<ExecSpace>(exec_, 0, static_cast<int>(k1 - k0)), g);
          }
        });
    Kokkos::deep_copy(exec_, hrows, rows);
    exec_.fence();
    for (std::size_t k = k0; k < k1; ++k) sum.add(block_global_[k], &hrows(k - k0, 0));
  }
  auto hg = Kokkos::create_mirror_view(grad);
  sum.result(comm_, hg.data());
  Kokkos::deep_copy(grad, hg);
  if (num_extra() > 0) {
    // d loss / d(field parameters, k): the sum of the points' 2 w r dr/d(.),
    // block by block in the same fixed tree as the network's gradient.
    unknown_rows(0, num_points());
    const auto mu = static_cast<std::size_t>(num_extra());
    parallel::BlockSum usum(global_blocks_, mu);
    for (std::size_t k = 0; k < nb; ++k) {
      double* leaf = usum.open(block_global_[k]);
      std::fill(leaf, leaf + mu, 0.0);
      for (std::size_t p = block_begin_[k]; p < block_begin_[k + 1]; ++p)
        for (std::size_t j = 0; j < mu; ++j) leaf[j] += drdk_host_(p, j);
      usum.close();
    }
    usum.result(comm_, unknown_grad_.data());
  }
  return summarize();
}

namespace {

// The order in which SparseGram accumulates J^T J: per layer, all weights,
// then per input i the coefficients coefficient-major, c_m of every edge
// leaving i side by side. The edges leaving one input share its knots and so
// its active window m = s .. s+k at every point: a Jacobian row's non-zeros
// then form one run for the weights and one run of (k+1) n_{l+1} entries per
// input, instead of one run of k+1 per edge.
std::vector<int> gram_order(const kan::Layout& lay) {
  std::vector<int> order(lay.num_params(), -1);
  int next = 0;
  for (int l = 0; l < lay.num_layers(); ++l) {
    for (int i = 0; i < lay.width(l); ++i)
      for (int o = 0; o < lay.width(l + 1); ++o) order[lay.w_base_index(l, i, o)] = next++;
    for (int i = 0; i < lay.width(l); ++i)
      for (int o = 0; o < lay.width(l + 1); ++o) order[lay.w_spline_index(l, i, o)] = next++;
    for (int i = 0; i < lay.width(l); ++i)
      for (int m = 0; m < lay.basis_per_edge(); ++m)
        for (int o = 0; o < lay.width(l + 1); ++o) order[lay.coef_index(l, i, o, m)] = next++;
  }
  return order;
}

}  // namespace

template <class ExecSpace>
LossTerms Assembler<ExecSpace>::gauss_newton(const Net& net, Eigen::MatrixXd& JtJ,
                                             Eigen::VectorXd& Jtr, std::size_t chunk_bytes) const {
  if (gram_path_ == GramPath::device) return gauss_newton_device(net, JtJ, Jtr);
  check_network(net);
  upload_unknowns();
  const kan::Layout& lay = net.layout();
  const std::size_t P = net.num_params(), N = num_points(), nb = block_global_.size();
  const std::size_t B = parallel::kBlockPoints;
  const auto mu = static_cast<Eigen::Index>(num_extra());
  // The unknowns' blocks: C = J_net^T J_k, K = J_k^T J_k, g = J_k^T R, summed
  // block by block in the fixed tree (packed as C, K, g).
  const std::size_t ulen = mu > 0 ? std::size_t(mu) * (P + std::size_t(mu) + 1) : 0;
  std::optional<parallel::BlockSum> usum;
  if (mu > 0) usum.emplace(global_blocks_, ulen);
  // Non-zeros of one Jacobian row: every edge contributes its k+1 active
  // coefficients and its two weights.
  std::size_t max_nnz = 0;
  for (int l = 0; l < lay.num_layers(); ++l)
    max_nnz += static_cast<std::size_t>(lay.edges(l)) * static_cast<std::size_t>(lay.order() + 3);
  // Whole blocks per chunk; 12 bytes per non-zero of a row (column and
  // value). SparseGram's sorting scratch holds one block (24 bytes per
  // non-zero).
  const std::size_t chunk_blocks = std::max<std::size_t>(
      1, std::min<std::size_t>(nb, chunk_bytes / (12 * B * std::max<std::size_t>(max_nnz, 1))));
  const std::size_t chunk = std::max<std::size_t>(1, std::min(N, chunk_blocks * B));
  const std::size_t gram_rows = std::max<std::size_t>(1, std::min(N, B));
  JtJ.resize(static_cast<Eigen::Index>(P), static_cast<Eigen::Index>(P));
  Jtr.resize(static_cast<Eigen::Index>(P));
  if (!gram_ || gram_->num_params() != P || gram_->max_rows() != gram_rows ||
      gram_->max_nnz() != max_nnz || jac_cols_.extent(0) != chunk) {
    const auto no_init = [](const char* label) {
      return Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label));
    };
    jac_cols_ = decltype(jac_cols_)(no_init("kanpde::solver::jac_cols"), chunk, max_nnz);
    jac_vals_ = decltype(jac_vals_)(no_init("kanpde::solver::jac_vals"), chunk, max_nnz);
    jac_nnz_ = decltype(jac_nnz_)(no_init("kanpde::solver::jac_nnz"), chunk);
    jac_scaled_ = decltype(jac_scaled_)(no_init("kanpde::solver::scaled_residual"), chunk);
    gram_.emplace(P, gram_rows, max_nnz, gram_order(lay));
  }
  const auto cols = jac_cols_;
  const auto vals = jac_vals_;
  const auto nnz = jac_nnz_;
  const auto scaled = jac_scaled_;
  auto hcols = Kokkos::create_mirror_view(cols);
  auto hvals = Kokkos::create_mirror_view(vals);
  auto hnnz = Kokkos::create_mirror_view(nnz);
  auto hscaled = Kokkos::create_mirror_view(scaled);
  const auto v = net.view();
  // Each block's J^T J and J^T R (packed, see SparseGram::add_packed) is a leaf of
  // the fixed block tree.
  parallel::BlockSum sum(global_blocks_, gram_->packed_size());
  for (std::size_t k0 = 0; k0 < nb; k0 += chunk_blocks) {
    const std::size_t k1 = std::min(nb, k0 + chunk_blocks);
    const std::size_t p0 = block_begin_[k0], p1 = block_begin_[k1];
    std::optional<Region> assemble(std::in_place, "kanpde::assemble");
    kan::dispatch(lay.order(), dim_, mode_, kan::DimPath::automatic, [&](auto K, auto D, auto M) {
      if constexpr (decltype(M)::value != kan::JetMode::value) {
        using F =
            Impl::AssembleFunctor<decltype(K)::value, decltype(D)::value,
                                  Impl::AssembleMode::jacobian, ExecSpace, decltype(M)::value>;
        const F f = functor<F>(v, cols, vals, nnz, scaled, static_cast<int>(p0));
        Kokkos::parallel_for(
            "kanpde::solver::jacobian",
            Kokkos::RangePolicy<ExecSpace>(exec_, static_cast<int>(p0), static_cast<int>(p1)), f);
      }
    });
    Kokkos::deep_copy(exec_, hcols, cols);
    Kokkos::deep_copy(exec_, hvals, vals);
    Kokkos::deep_copy(exec_, hnnz, nnz);
    Kokkos::deep_copy(exec_, hscaled, scaled);
    exec_.fence();
    assemble.reset();
    const Region gram("kanpde::gram");
    if (mu > 0) unknown_rows(p0, p1);
    for (std::size_t k = k0; k < k1; ++k) {
      const std::size_t q = block_begin_[k] - p0;
      double* leaf = sum.open(block_global_[k]);
      std::fill(leaf, leaf + gram_->packed_size(), 0.0);
      gram_->add_packed(block_begin_[k + 1] - block_begin_[k], hcols.data() + q * max_nnz,
                        hvals.data() + q * max_nnz, max_nnz, hnnz.data() + q, hscaled.data() + q,
                        leaf);
      sum.close();
      if (mu > 0) {
        const std::size_t b1 = block_begin_[k + 1] - block_begin_[k];
        double* uleaf = usum->open(block_global_[k]);
        std::fill(uleaf, uleaf + ulen, 0.0);
        Eigen::Map<Eigen::MatrixXd> Cb(uleaf, static_cast<Eigen::Index>(P), mu);
        Eigen::Map<Eigen::MatrixXd> Kb(uleaf + P * std::size_t(mu), mu, mu);
        Eigen::Map<Eigen::VectorXd> gb(uleaf + (P + std::size_t(mu)) * std::size_t(mu), mu);
        for (std::size_t i = 0; i < b1; ++i) {
          const std::size_t row = q + i;
          const Eigen::Map<const Eigen::VectorXd> jk(&drdk_host_(block_begin_[k] + i, 0), mu);
          for (int e = 0; e < hnnz(row); ++e)
            Cb.row(hcols(row, e)) += hvals(row, e) * jk.transpose();
          Kb.noalias() += jk * jk.transpose();
          gb += hscaled(row) * jk;
        }
        usum->close();
      }
    }
  }
  {
    const Region gram("kanpde::gram");
    std::vector<double> packed = sum.result(comm_);
    gram_->unpack(packed.data(), JtJ.data(), Jtr.data());
  }
  if (mu > 0) {
    const std::vector<double> u = usum->result(comm_);
    const Eigen::Map<const Eigen::MatrixXd> C(u.data(), static_cast<Eigen::Index>(P), mu);
    const Eigen::Map<const Eigen::MatrixXd> Kk(u.data() + P * std::size_t(mu), mu, mu);
    const Eigen::Map<const Eigen::VectorXd> gk(u.data() + (P + std::size_t(mu)) * std::size_t(mu),
                                               mu);
    const auto p = static_cast<Eigen::Index>(P);
    Eigen::MatrixXd full(p + mu, p + mu);
    full.topLeftCorner(p, p) = JtJ;
    full.topRightCorner(p, mu) = C;
    full.bottomLeftCorner(mu, p) = C.transpose();
    full.bottomRightCorner(mu, mu) = Kk;
    JtJ = std::move(full);
    Jtr.conservativeResize(p + mu);
    Jtr.tail(mu) = gk;
  }
  // The Jacobian kernel also left every residual in r_: the loss terms need no
  // further pass over the points.
  return summarize();
}

template <class ExecSpace>
LossTerms Assembler<ExecSpace>::gauss_newton_device(const Net& net, Eigen::MatrixXd& JtJ,
                                                    Eigen::VectorXd& Jtr) const {
  check_network(net);
  upload_unknowns();
  const kan::Layout& lay = net.layout();
  const std::size_t P = net.num_params(), nb = block_global_.size();
  const std::size_t B = parallel::kBlockPoints;
  const std::size_t columns = P + static_cast<std::size_t>(num_extra()) + 1;
  if (!dgram_ || dgram_->columns() != columns)
    dgram_.emplace(exec_, columns, std::max<std::size_t>(nb, 1), device_gram_bytes_, gram_kernel_);
  dgram_->set_kernel(gram_kernel_);
  const std::size_t batch = dgram_->batch_blocks();
  if (dgram_scaled_.extent(0) != batch * B)
    dgram_scaled_ = Kokkos::View<double*, memory_space>(
        Kokkos::view_alloc(Kokkos::WithoutInitializing,
                           std::string("kanpde::solver::device_gram_scaled")),
        batch * B);
  const auto v = net.view();
  const auto rows = dgram_->rows();
  dgram_->begin(global_blocks_);
  for (std::size_t k0 = 0; k0 < nb; k0 += batch) {
    const std::size_t k1 = std::min(nb, k0 + batch);
    {
      const Region assemble("kanpde::assemble");
      dgram_->clear_rows(k1 - k0);
      kan::dispatch(lay.order(), dim_, mode_, kan::DimPath::automatic, [&](auto K, auto D, auto M) {
        if constexpr (decltype(M)::value != kan::JetMode::value) {
          using F =
              Impl::AssembleFunctor<decltype(K)::value, decltype(D)::value,
                                    Impl::AssembleMode::jacobian, ExecSpace, decltype(M)::value>;
          const F f = functor<F>(v, {}, {}, {}, dgram_scaled_, static_cast<int>(block_begin_[k0]));
          Kokkos::parallel_for(
              "kanpde::solver::dense_jacobian",
              Kokkos::RangePolicy<ExecSpace>(exec_, 0, static_cast<int>((k1 - k0) * B)),
              Impl::DenseJacobianFunctor<F>{f, block_begin_dev_, rows, static_cast<int>(k0),
                                            static_cast<int>(P)});
        }
      });
    }
    dgram_->add(k1 - k0, block_begin_dev_, k0, block_global_);
  }
  {
    const Region gram("kanpde::gram");
    std::vector<double> packed(dgram_->packed_size());
    dgram_->result(comm_, packed.data());
    DeviceGram<ExecSpace>::unpack(packed, columns, JtJ, Jtr);
  }
  // The Jacobian kernel left every residual in r_.
  return summarize();
}

template <class ExecSpace>
template <class Visit>
void Assembler<ExecSpace>::for_each_jacobian_chunk(const Net& net, const Visit& visit) const {
  upload_unknowns();
  const kan::Layout& lay = net.layout();
  const std::size_t N = num_points();
  std::size_t max_nnz = 0;
  for (int l = 0; l < lay.num_layers(); ++l)
    max_nnz += static_cast<std::size_t>(lay.edges(l)) * static_cast<std::size_t>(lay.order() + 3);
  const std::size_t chunk = std::max<std::size_t>(1, std::min<std::size_t>(N, 1024));
  Kokkos::View<int**, Kokkos::LayoutRight, memory_space> cols("kanpde::solver::jac_cols", chunk,
                                                              max_nnz);
  Kokkos::View<double**, Kokkos::LayoutRight, memory_space> vals("kanpde::solver::jac_vals", chunk,
                                                                 max_nnz);
  Kokkos::View<int*, memory_space> nnz("kanpde::solver::jac_nnz", chunk);
  Kokkos::View<double*, memory_space> scaled("kanpde::solver::scaled_residual", chunk);
  auto hcols = Kokkos::create_mirror_view(cols);
  auto hvals = Kokkos::create_mirror_view(vals);
  auto hnnz = Kokkos::create_mirror_view(nnz);
  auto hscaled = Kokkos::create_mirror_view(scaled);
  const auto v = net.view();
  for (std::size_t p0 = 0; p0 < N; p0 += chunk) {
    const std::size_t p1 = std::min(N, p0 + chunk);
    kan::dispatch(lay.order(), dim_, mode_, kan::DimPath::automatic, [&](auto K, auto D, auto M) {
      if constexpr (decltype(M)::value != kan::JetMode::value) {
        using F =
            Impl::AssembleFunctor<decltype(K)::value, decltype(D)::value,
                                  Impl::AssembleMode::jacobian, ExecSpace, decltype(M)::value>;
        const F f = functor<F>(v, cols, vals, nnz, scaled, static_cast<int>(p0));
        Kokkos::parallel_for(
            "kanpde::solver::jacobian",
            Kokkos::RangePolicy<ExecSpace>(exec_, static_cast<int>(p0), static_cast<int>(p1)), f);
      }
    });
    Kokkos::deep_copy(exec_, hcols, cols);
    Kokkos::deep_copy(exec_, hvals, vals);
    Kokkos::deep_copy(exec_, hnnz, nnz);
    Kokkos::deep_copy(exec_, hscaled, scaled);
    exec_.fence();
    visit(p0, p1, hcols, hvals, hnnz, hscaled);
  }
}

template <class ExecSpace>
LossTerms Assembler<ExecSpace>::jacobian(const Net& net, Eigen::MatrixXd& J,
                                         Eigen::VectorXd& R) const {
  check_network(net);
  KANPDE_REQUIRE(!comm_.distributed(), "the dense Jacobian is for serial runs");
  const auto P = static_cast<Eigen::Index>(net.num_params());
  J.setZero(static_cast<Eigen::Index>(num_points()), P + num_extra());
  R.resize(static_cast<Eigen::Index>(num_points()));
  for_each_jacobian_chunk(net, [&](std::size_t p0, std::size_t p1, const auto& cols,
                                   const auto& vals, const auto& nnz, const auto& scaled) {
    unknown_rows(p0, p1);
    for (std::size_t q = 0; q < p1 - p0; ++q) {
      const auto row = static_cast<Eigen::Index>(p0 + q);
      R(row) = scaled(q);
      for (int e = 0; e < nnz(q); ++e) J(row, cols(q, e)) += vals(q, e);
      for (int k = 0; k < num_extra(); ++k) J(row, P + k) = drdk_host_(p0 + q, k);
    }
  });
  return summarize();
}

template <class ExecSpace>
std::vector<double> Assembler<ExecSpace>::jacobian_traces(const Net& net) const {
  const Region region("kanpde::jacobian_traces");
  check_network(net);
  std::vector<double> per_point(num_points(), 0.0);
  for_each_jacobian_chunk(net, [&](std::size_t p0, std::size_t p1, const auto&, const auto& vals,
                                   const auto& nnz, const auto&) {
    for (std::size_t q = 0; q < p1 - p0; ++q) {
      double s = 0;
      for (int e = 0; e < nnz(q); ++e) s += vals(q, e) * vals(q, e);
      per_point[p0 + q] = s;
    }
  });
  return per_term_sums(per_point);
}

template <class ExecSpace>
std::vector<double> Assembler<ExecSpace>::residuals(const Net& net) const {
  loss(net);
  auto hr = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), r_);
  return std::vector<double>(hr.data(), hr.data() + hr.size());
}

template class Assembler<Kokkos::DefaultExecutionSpace>;
#if defined(KOKKOS_ENABLE_CUDA) || defined(KOKKOS_ENABLE_HIP) || defined(KOKKOS_ENABLE_SYCL) || \
    defined(KOKKOS_ENABLE_OPENMPTARGET)
template class Assembler<Kokkos::DefaultHostExecutionSpace>;
#endif

}  // namespace kanpde::solver
