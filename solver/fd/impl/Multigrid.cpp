#include "solver/fd/impl/Multigrid.hpp"

#include <Eigen/SparseCholesky>
#include <algorithm>
#include <array>

#include "common/Error.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"
#ifdef KANPDE_HAVE_CHOLMOD
#include <Eigen/CholmodSupport>
#endif

namespace kanpde::solver::fd::Impl {

namespace {

using ColMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
constexpr long kCoarseUnknowns = 2000;  // stop coarsening below this

void gauss_seidel(const RowMatrix& A, const Eigen::VectorXd& inv_diag, const Eigen::VectorXd& b,
                  Eigen::VectorXd& x, bool forward) {
  const int* outer = A.outerIndexPtr();
  const int* inner = A.innerIndexPtr();
  const double* val = A.valuePtr();
  const long n = A.rows();
  for (long s = 0; s < n; ++s) {
    const long i = forward ? s : n - 1 - s;
    double acc = b[i];
    for (int k = outer[i]; k < outer[i + 1]; ++k)
      if (inner[k] != i) acc -= val[k] * x[inner[k]];
    x[i] = acc * inv_diag[i];
  }
}

// The Galerkin product R A P (R = Pᵀ), one coarse row at a time with a
// dense accumulator over the coarse columns (Eigen's general sparse products
// are several times slower on these shapes).
RowMatrix galerkin(const RowMatrix& R, const RowMatrix& A, const RowMatrix& P) {
  const long nc = R.rows();
  RowMatrix Ac(nc, nc);
  Ac.reserve(nc * 27);
  std::vector<double> acc(static_cast<std::size_t>(nc), 0.0);
  std::vector<int> cols;
  std::vector<char> used(static_cast<std::size_t>(nc), 0);
  for (long I = 0; I < nc; ++I) {
    cols.clear();
    for (RowMatrix::InnerIterator ri(R, I); ri; ++ri)
      for (RowMatrix::InnerIterator ai(A, ri.col()); ai; ++ai) {
        const double ra = ri.value() * ai.value();
        for (RowMatrix::InnerIterator pi(P, ai.col()); pi; ++pi) {
          const int J = static_cast<int>(pi.col());
          if (!used[J]) {
            used[J] = 1;
            cols.push_back(J);
          }
          acc[J] += ra * pi.value();
        }
      }
    std::sort(cols.begin(), cols.end());
    Ac.startVec(I);
    for (int J : cols) {
      Ac.insertBackByOuterInner(I, J) = acc[J];
      acc[J] = 0.0;
      used[J] = 0;
    }
  }
  Ac.finalize();
  return Ac;
}

}  // namespace

struct Multigrid::Coarse {
#ifdef KANPDE_HAVE_CHOLMOD
  Eigen::CholmodSupernodalLLT<ColMatrix, Eigen::Lower> llt;
#else
  Eigen::SimplicialLLT<ColMatrix, Eigen::Lower, Eigen::AMDOrdering<int> > llt;
#endif
};

Multigrid::Multigrid(const RowMatrix& A, const FdGrid& grid, const std::vector<long>& unknown)
    : fine_(A), coarse_(std::make_unique<Coarse>()) {
  std::array<int, 3> n = grid.n;
  std::vector<long> map = unknown;  // node -> unknown on the current level
  long count = A.rows();
  levels_.reserve(32);  // Eigen 3.4's SparseMatrix has no move constructor: never reallocate
  levels_.emplace_back();
  Row row;
  for (;;) {
    bool even = count > kCoarseUnknowns;
    for (int a = 0; a < grid.dim; ++a) even = even && n[a] % 2 == 0 && n[a] >= 4;
    if (!even) break;
    std::array<int, 3> nc{n[0] / 2, n[1] / 2, n[2] / 2};
    const std::size_t sf1 = n[0] + 1, sf2 = sf1 * (n[1] + 1);
    const std::size_t sc1 = nc[0] + 1, sc2 = sc1 * (nc[1] + 1);
    std::vector<long> cmap(sc2 * (nc[2] + 1), -1);
    long ccount = 0;
    for (int k = 0; k <= nc[2]; ++k)
      for (int j = 0; j <= nc[1]; ++j)
        for (int i = 0; i <= nc[0]; ++i)
          if (map[2 * i + sf1 * 2 * j + sf2 * 2 * k] >= 0) cmap[i + sc1 * j + sc2 * k] = ccount++;
    // Interpolation: per axis, an even fine index sits on a coarse node, an odd
    // one halfway between two.
    RowMatrix P(count, ccount);
    P.reserve(count * (1 << grid.dim));
    for (int k = 0; k <= n[2]; ++k)
      for (int j = 0; j <= n[1]; ++j)
        for (int i = 0; i <= n[0]; ++i) {
          const long r = map[i + sf1 * j + sf2 * k];
          if (r < 0) continue;
          row.clear();
          const int ijk[3] = {i, j, k};
          for (int corner = 0; corner < 8; ++corner) {
            double w = 1.0;
            int c[3];
            bool ok = true;
            for (int a = 0; a < 3 && ok; ++a) {
              const int up = (corner >> a) & 1;
              if (ijk[a] % 2 == 0) {
                ok = up == 0;
                c[a] = ijk[a] / 2;
              } else {
                c[a] = (ijk[a] - 1) / 2 + up;
                w *= 0.5;
              }
            }
            if (!ok) continue;
            const long col = cmap[c[0] + sc1 * c[1] + sc2 * c[2]];
            if (col >= 0) row.add(col, w);
          }
          row.emit(P, r);
        }
    P.finalize();
    Level& fine = levels_.back();
    fine.P.swap(P);
    fine.R = fine.P.transpose();
    RowMatrix Ac = galerkin(fine.R, op(levels() - 1), fine.P);
    levels_.emplace_back();
    levels_.back().A.swap(Ac);
    n = nc;
    map = std::move(cmap);
    count = ccount;
  }
  for (int l = 0; l < levels(); ++l) {
    Level& lv = levels_[l];
    lv.inv_diag = op(l).diagonal().cwiseInverse();
    KANPDE_VERIFY(lv.inv_diag.allFinite(), "fd multigrid: zero diagonal on level " << l);
    lv.x.resize(op(l).rows());
    lv.b.resize(op(l).rows());
    lv.r.resize(op(l).rows());
  }
  const ColMatrix Ac = op(levels() - 1);
#ifdef KANPDE_HAVE_CHOLMOD
  coarse_->llt.cholmod().print = 0;
#endif
  coarse_->llt.compute(Ac);
  KANPDE_VERIFY(coarse_->llt.info() == Eigen::Success,
                "fd multigrid: the coarsest operator is not positive definite");
}

Multigrid::~Multigrid() = default;

void Multigrid::cycle(int l) const {
  const Level& lv = levels_[l];
  if (l == levels() - 1) {
    lv.x = coarse_->llt.solve(lv.b);
    return;
  }
  const RowMatrix& A = op(l);
  lv.x.setZero();
  gauss_seidel(A, lv.inv_diag, lv.b, lv.x, true);
  lv.r = lv.b;  // (b - A x as one expression would allocate a temporary per cycle)
  lv.r.noalias() -= A * lv.x;
  const Level& next = levels_[l + 1];
  next.b.noalias() = lv.R * lv.r;
  cycle(l + 1);
  lv.x.noalias() += lv.P * next.x;
  gauss_seidel(A, lv.inv_diag, lv.b, lv.x, false);
}

void Multigrid::apply(const Eigen::VectorXd& r, Eigen::VectorXd& z) const {
  levels_[0].b = r;
  cycle(0);
  z = levels_[0].x;
}

int multigrid_cg(const RowMatrix& A, const Eigen::VectorXd& b, Eigen::VectorXd& x,
                 const Multigrid& mg, double tolerance, int max_iterations) {
  const double bnorm = b.norm();
  if (bnorm == 0.0) {
    x.setZero();
    return 0;
  }
  Eigen::VectorXd r = b - A * x, z(b.size()), q(b.size());
  if (r.norm() <= tolerance * bnorm) return 0;
  mg.apply(r, z);
  Eigen::VectorXd p = z;
  double rz = r.dot(z);
  for (int it = 1; it <= max_iterations; ++it) {
    q.noalias() = A * p;
    const double alpha = rz / p.dot(q);
    x += alpha * p;
    r -= alpha * q;
    if (r.norm() <= tolerance * bnorm) return it;
    mg.apply(r, z);
    const double rz_new = r.dot(z);
    p = z + (rz_new / rz) * p;
    rz = rz_new;
  }
  return -1;
}

}  // namespace kanpde::solver::fd::Impl
