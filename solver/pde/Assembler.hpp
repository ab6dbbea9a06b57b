#pragma once
// The residual assembler: PINN loss terms, their gradient, and the
// Gauss-Newton normal equations, from exact KAN jets at collocation points.
//
// All points of all terms are held together; one flat kernel over points
// evaluates the network's Laplacian jet (kan/PointKernel.hpp), forms the
// trial function u, the residual r_p (solver/pde/PointTerm.hpp) and then, as
// asked, nothing more (loss), the reverse pass of w_p r_p^2 into the parameter
// gradient, or the Jacobian row of sqrt(w_p) r_p. Here w_p = weight q_p / N_term,
// q_p the point's quadrature weight (PointTerm::quad_weight; 1 when none).
//
// Data parallelism (ARCHITECTURE decision 9): with a distributed communicator
// each rank holds its slice of every term's points (solver/run/Problem.hpp,
// local_part), cut at block boundaries (parallel::split_aligned). N_term is
// the GLOBAL count (summed over ranks at construction).
//
// Reproducibility: every sum over points (the loss terms, the gradient, J^T J
// and J^T r, the Jacobian traces) is formed per block of
// parallel::kBlockPoints points of a term in point order, and the blocks are
// combined by the fixed tree of parallel::BlockSum over the global block
// index. So the totals are bitwise the same on every rank and for any rank
// count and thread count, equal to one rank holding all points. The
// constructor and every evaluation are collective: all ranks call them in
// the same order.
//
// Equation terms (PointTerm::equation) evaluate their compiled program per
// point on u's jets and seed the reverse pass with dr/d(u's jets), so the
// gradient and the Jacobian rows are exact for nonlinear equations too.
//
// Unknown scalars (inverse problems): the equations may read unknown scalars
// k (solver/expr/Unknowns.hpp), whose current values are read before every
// evaluation. Their derivatives are extra entries beside the network's:
// unknown_gradient() after loss_and_gradient, and with m unknowns
// gauss_newton's JtJ and Jtr and jacobian's J have P + m columns, the last m
// those of dR/dk (dense: every equation point depends on every k).
//
// An unknown field a(x) (set_field): a second network N_a evaluated in the
// same point kernel (its jets give a and grad a, through softplus when
// positive); its Pa parameters are dense extra columns between the
// network's and the scalars': P + Pa + m columns in all, the parameter
// vector [theta_u, theta_a, k].
//
// Trial function: u = N (the network), or with a hard constraint
// u = G + D N, where D vanishes on the hard Dirichlet parts, G takes their
// data there, and the jets (value, gradient, Laplacian) of both are given per
// point (solver/pde/TrialFunction.hpp has the product rule and its adjoint).
// A corner enrichment adds sum_c a_c S_c; its m amplitudes are extra scalars
// after the equations' unknowns: num_unknowns() counts both, and the last m
// columns of gauss_newton's and jacobian's extra block are dR/da_c.

#include <Eigen/Dense>
#include <Kokkos_Core.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kan/Jet.hpp"
#include "kan/Network.hpp"
#include "solver/expr/DeviceProgram.hpp"
#include "solver/expr/Unknowns.hpp"
#include "solver/parallel/BlockSum.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/pde/DeviceGram.hpp"
#include "solver/pde/PointTerm.hpp"
#include "solver/pde/SparseGram.hpp"

namespace kanpde::solver {

struct LossTerms {
  std::vector<std::string> names;
  std::vector<double> values;  // weight * mean r^2 per term
  double total = 0.0;
};

// u = G + D N (+ sum_c a_c S_c). djet[t] and gjet[t] hold D's and G's
// Laplacian jets at term t's points (N_t x (dim+2) each), or are both empty
// for D = 1, G = 0 there. With a corner enrichment
// (solver/pde/CornerEnrichment.hpp), sjet[t] holds the jets of its m
// functions S_c at term t's points (N_t x m x (dim+2)) and amplitudes their
// m amplitudes a_c (read before every evaluation, like unknown scalars);
// sjet empty: none.
struct HardConstraint {
  std::vector<std::vector<double>> djet;
  std::vector<std::vector<double>> gjet;
  std::vector<std::vector<double>> sjet = {};
  std::shared_ptr<const expr::UnknownValues> amplitudes = {};
  // Interfaces (solver/pde/Interfaces.hpp): kinks > 0 kink weights E_i with
  // their jets at term t's points in kjet[t] (N_t x kinks x (dim+2)); then
  // u = G + D N_0 + sum_c a_c S_c + sum_i E_i N_i, N_i the network's output
  // 1 + i (the network has 1 + kinks outputs). Laplacian jets only.
  std::vector<std::vector<double>> kjet = {};
  int kinks = 0;
};

template <class ExecSpace = Kokkos::DefaultExecutionSpace>
class Assembler {
 public:
  using memory_space = typename ExecSpace::memory_space;
  using Net = kan::Network<memory_space>;

  // Every rank passes the same terms in the same order (a term may have no
  // points on some ranks).
  Assembler(const ExecSpace& exec, const std::vector<PointTerm>& terms,
            const HardConstraint* hard = nullptr, parallel::Comm comm = parallel::Comm::serial());

  int dim() const { return dim_; }
  // Points held by this rank, and by all ranks together.
  std::size_t num_points() const { return term_of_.size(); }
  std::size_t global_points() const { return global_points_; }
  const parallel::Comm& comm() const { return comm_; }
  const std::vector<std::string>& term_names() const { return names_; }
  // Laplacian, or Hessian when an equation term needs single second
  // derivatives (then no hard constraint).
  kan::JetMode jet_mode() const { return mode_; }
  // The weight of each term: as built, times the factors of reweighted().
  const std::vector<double>& term_weights() const { return weight_of_; }
  // The same loss with term t's weight (as built) times factors[t]: shares
  // the points and data, only the per-point weights are new (one length-N
  // copy; no rebuild). For self-balancing weights (solver/train/Balance.hpp).
  std::shared_ptr<const Assembler> reweighted(const std::vector<double>& factors) const;
  // Per term t: sum over its points of |d(sqrt(w_p) r_p)/dtheta|^2, that is
  // the term's weight times the trace of its neural tangent kernel
  // mean_p |grad_theta r_p|^2 (summed over ranks). One pass of the Jacobian
  // kernel, no Gram matrix.
  std::vector<double> jacobian_traces(const Net& net) const;

  // Extra scalars: the unknowns the equations read, then the corner
  // amplitudes (0: a forward problem without enrichment).
  int num_unknowns() const { return num_unknowns_; }
  int num_corners() const { return num_corners_; }
  // Interfaces: extra network outputs N_i (the network has 1 + num_kinks()).
  int num_kinks() const { return num_kinks_; }
  // The unknown field: the network N_a whose a = N_a (or softplus(N_a) when
  // positive) the equations' field inputs read. It is read at every
  // evaluation (not copied): it must stay alive while this assembler
  // evaluates; same spline order as u's network. nullptr: none (an error
  // when an equation reads a field).
  void set_field(const Net* field, bool positive);
  const std::string& field_name() const { return field_name_; }  // "" : no field
  int num_field_params() const { return num_field_params_; }
  // Columns beside the network's: [field parameters (Pa), unknown scalars (m)].
  int num_extra() const { return num_field_params_ + num_unknowns_; }
  // d loss / d(field parameters, k) of the latest loss_and_gradient (summed
  // over ranks), num_extra() values.
  const std::vector<double>& unknown_gradient() const { return unknown_grad_; }

  LossTerms loss(const Net& net) const;
  // grad (length P) is overwritten with d loss / d theta.
  LossTerms loss_and_gradient(const Net& net,
                              const Kokkos::View<double*, memory_space>& grad) const;
  // With R_p = sqrt(w_p) r_p (so loss = |R|^2) and J = dR/dtheta: JtJ = J^T J
  // and Jtr = J^T R, one SparseGram system per block of points (the leaves of
  // the block tree); the Jacobian rows are computed in chunks of whole blocks
  // holding at most chunk_bytes of rows (at least one block; kept between
  // calls). A few MB keep the rows in cache and the first-touch page faults
  // of a new Assembler cheap; larger chunks gain nothing.
  //
  // Two paths give the same system, bitwise (solver/pde/DeviceGram.hpp says
  // where): GramPath::host copies each chunk's sparse rows to the host and
  // sums them there (SparseGram, chunk_bytes as above); GramPath::device
  // writes the rows densely in the execution space's memory, forms each
  // block's partial system and the block tree there (DeviceGram, in batches
  // of at most device_gram_bytes) and copies only the total triangle to the
  // host. The default is default_gram_path<memory_space>() (KANPDE_GRAM).
  LossTerms gauss_newton(const Net& net, Eigen::MatrixXd& JtJ, Eigen::VectorXd& Jtr,
                         std::size_t chunk_bytes = std::size_t(8) << 20) const;
  GramPath gram_path() const { return gram_path_; }
  void set_gram_path(GramPath path) { gram_path_ = path; }
  // The device path's memory bound per batch (rows and leaves; the block
  // tree comes on top) and kernel shape (tests compare both shapes).
  void set_device_gram(std::size_t max_bytes, GramKernel kernel) {
    device_gram_bytes_ = max_bytes;
    gram_kernel_ = kernel;
    dgram_.reset();
  }
  // The dense Jacobian J (N x P) and R of this rank's points, for small
  // problems: the QR reference of the Levenberg-Marquardt step. Not
  // communicated (serial runs only).
  LossTerms jacobian(const Net& net, Eigen::MatrixXd& J, Eigen::VectorXd& R) const;
  // Unweighted residuals r_p of this rank's points, all terms concatenated in
  // order (not communicated: the local part only).
  std::vector<double> residuals(const Net& net) const;

  // How loss_and_gradient launches its blocks: at most blocks_per_launch
  // local blocks per kernel (0: as many as 32 MB of gradient rows hold),
  // run in reverse order when `reversed`. The result does not change, not
  // even in the last bit (tests vary it for the thread-independence
  // argument).
  void set_block_schedule(std::size_t blocks_per_launch, bool reversed) {
    blocks_per_launch_ = blocks_per_launch;
    reversed_blocks_ = reversed;
  }
  // Blocks of points on this rank and on all ranks.
  std::size_t num_blocks() const { return block_global_.size(); }
  std::size_t global_blocks() const { return global_blocks_; }

 private:
  LossTerms summarize() const;
  // Per term, the sum of v[p] over its points on all ranks (v: one value per
  // local point), through the block tree.
  std::vector<double> per_term_sums(const std::vector<double>& v) const;
  void setup_blocks(const std::vector<PointTerm>& terms);
  // The Jacobian rows of all points, chunk by chunk (at most 1024 rows at a
  // time): visit(p0, p1, cols, vals, nnz, scaled) gets host copies of rows
  // p0..p1-1 (non-zeros, their count, sqrt(w) r). Serves jacobian() and
  // jacobian_traces().
  LossTerms gauss_newton_device(const Net& net, Eigen::MatrixXd& JtJ, Eigen::VectorXd& Jtr) const;
  template <class Visit>
  void for_each_jacobian_chunk(const Net& net, const Visit& visit) const;
  void setup_equations(const std::vector<PointTerm>& terms);
  void setup_corners(const std::vector<PointTerm>& terms, const HardConstraint* hard);
  void setup_kinks(const std::vector<PointTerm>& terms, const HardConstraint* hard);
  void check_network(const Net& net) const;
  void upload_unknowns() const;  // the current values into unknown_values_
  void allocate_extra_rows();    // drdk_ and unknown_grad_ for num_extra()
  // A point kernel F (Impl::AssembleFunctor) over this assembler's points,
  // terms and unknowns; the Jacobian buffers and the first row p0 for the
  // jacobian mode.
  template <class F>
  F functor(const decltype(F::net)& v, const decltype(F::cols)& cols = {},
            const decltype(F::vals)& vals = {}, const decltype(F::nnz)& nnz = {},
            const decltype(F::scaled)& scaled = {}, int p0 = 0) const;
  // The dense columns dR/dk of rows p0..p1-1, to the host.
  void unknown_rows(std::size_t p0, std::size_t p1) const;

  ExecSpace exec_;
  parallel::Comm comm_;
  std::size_t global_points_ = 0;
  std::vector<double> global_count_;  // points per term over all ranks
  int dim_ = 0;
  bool hard_ = false;
  kan::JetMode mode_ = kan::JetMode::laplacian;
  std::vector<std::string> names_;
  std::vector<int> term_of_;
  std::vector<double> weight_of_;
  std::vector<double> built_weight_of_;  // as built
  std::vector<double> quad_;             // per point: its quadrature weight (1 when none)
  // Local block k holds points [block_begin_[k], block_begin_[k + 1]) (all of
  // one term) and is block block_global_[k] of global_blocks_.
  std::vector<std::size_t> block_begin_;
  std::vector<std::size_t> block_global_;
  std::size_t global_blocks_ = 0;
  Kokkos::View<int*, memory_space> block_begin_dev_;
  std::size_t blocks_per_launch_ = 0;
  bool reversed_blocks_ = false;
  // loss_and_gradient's per-block rows, kept between calls.
  mutable Kokkos::View<double**, Kokkos::LayoutRight, memory_space> grad_rows_;
  Kokkos::View<double**, memory_space> x_;
  Kokkos::View<double**, memory_space> coef_;
  Kokkos::View<double**, memory_space> djet_;
  Kokkos::View<double**, memory_space> gjet_;
  Kokkos::View<double*, memory_space> rhs_;
  Kokkos::View<double*, memory_space> w_;
  Kokkos::View<double*, memory_space> r_;
  // Equation terms: the program index per point (empty: none), the
  // tabulated inputs, the programs (and the equations they came from).
  Kokkos::View<int*, memory_space> eq_;
  Kokkos::View<double**, memory_space> aux_;
  std::vector<expr::Equation> equations_;
  expr::DeviceProgramSet<memory_space> programs_;
  // Unknown scalars: their shared values, on the device, per program
  // (num_aux, num_unknowns), and the kernel's per-point dense rows.
  int num_unknowns_ = 0;     // equation unknowns + corner amplitudes
  int num_eq_unknowns_ = 0;  // those the equations read (first)
  int num_corners_ = 0;      // corner amplitudes (last)
  std::shared_ptr<const expr::UnknownValues> unknowns_;
  std::shared_ptr<const expr::UnknownValues> amplitudes_;
  Kokkos::View<double**, memory_space> sjet_;  // N x (m (dim+2)) corner functions' jets
  int num_kinks_ = 0;
  Kokkos::View<double**, memory_space> kjet_;  // N x (kinks (dim+2)) kink weights' jets
  Kokkos::View<double*, memory_space> unknown_values_;
  Kokkos::View<int*, memory_space> program_info_;
  Kokkos::View<double**, Kokkos::LayoutRight, memory_space> drdk_;
  mutable typename Kokkos::View<double**, Kokkos::LayoutRight, memory_space>::HostMirror drdk_host_;
  mutable std::vector<double> unknown_grad_;
  // The unknown field (see set_field).
  std::string field_name_;
  const Net* field_ = nullptr;
  bool field_positive_ = false;
  int num_field_params_ = 0;
  // gauss_newton's Jacobian rows and host scratch, kept between calls while
  // the parameter count and chunk size stay the same.
  mutable Kokkos::View<int**, Kokkos::LayoutRight, memory_space> jac_cols_;
  mutable Kokkos::View<double**, Kokkos::LayoutRight, memory_space> jac_vals_;
  mutable Kokkos::View<int*, memory_space> jac_nnz_;
  mutable Kokkos::View<double*, memory_space> jac_scaled_;
  mutable std::optional<SparseGram> gram_;
  // The device path (gauss_newton_device): its work space, kept between
  // calls while the column count stays the same, and the scaled residuals of
  // one batch.
  GramPath gram_path_ = default_gram_path<memory_space>();
  std::size_t device_gram_bytes_ = std::size_t(256) << 20;
  GramKernel gram_kernel_ = DeviceGram<ExecSpace>::default_kernel();
  mutable std::optional<DeviceGram<ExecSpace>> dgram_;
  mutable Kokkos::View<double*, memory_space> dgram_scaled_;
};

}  // namespace kanpde::solver
