#include "solver/pde/SparseGram.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/Error.hpp"

namespace kanpde::solver {

namespace {

using HostInt2 = Kokkos::View<int**, Kokkos::LayoutRight, Kokkos::HostSpace>;
using HostDouble2 = Kokkos::View<double**, Kokkos::LayoutRight, Kokkos::HostSpace>;
using HostKey2 = Kokkos::View<std::uint64_t**, Kokkos::LayoutRight, Kokkos::HostSpace>;

// Pass 1, one row per call: sort by parameter index, split into runs of
// consecutive indices.
struct SortRows {
  Kokkos::View<const int*, Kokkos::HostSpace> order;
  const int* cols;
  const double* vals;
  std::size_t stride;
  const int* nnz;
  HostKey2 keys;
  HostInt2 idx, run_start;
  HostDouble2 val;
  Kokkos::View<int*, Kokkos::HostSpace> runs;

  void operator()(const std::size_t q) const {
    const int n = nnz[q];
    std::uint64_t* key = &keys(q, 0);
    for (int a = 0; a < n; ++a)
      key[a] = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(order(cols[q * stride + a])))
                << 32) |
               static_cast<std::uint64_t>(a);
    std::sort(key, key + n);
    int r = -1;
    for (int a = 0; a < n; ++a) {
      const int c = static_cast<int>(key[a] >> 32);
      idx(q, a) = c;
      val(q, a) = vals[q * stride + (key[a] & 0xffffffffu)];
      if (a == 0 || c != idx(q, a - 1) + 1) run_start(q, ++r) = a;
    }
    run_start(q, r + 1) = n;
    runs(q) = r + 1;
  }
};

// Pass 2, one block of A's columns per call, filled from every row in order.
struct FillColumns {
  std::size_t P, rows;
  const int* nnz;
  const double* R;
  double* A;
  double* g;
  Kokkos::View<const std::size_t*, Kokkos::HostSpace> bounds;
  HostInt2 idx, run_start;
  HostDouble2 val;
  Kokkos::View<const int*, Kokkos::HostSpace> runs;
  bool packed;  // A is the packed upper triangle (column c at c (c + 1) / 2)

  double* column(int c) const {
    const auto j = static_cast<std::size_t>(c);
    return A + (packed ? j * (j + 1) / 2 : j * P);
  }

  void operator()(const std::size_t b) const {
    const int lo = static_cast<int>(bounds(b)), hi = static_cast<int>(bounds(b + 1));
    if (lo == hi) return;
    for (std::size_t q = 0; q < rows; ++q) {
      const int n = nnz[q];
      const int* ix = &idx(q, 0);
      const double* v = &val(q, 0);
      const int* start = &run_start(q, 0);
      const double Rq = R[q];
      int a = static_cast<int>(std::lower_bound(ix, ix + n, lo) - ix);
      const int a_end = static_cast<int>(std::lower_bound(ix + a, ix + n, hi) - ix);
      if (a == a_end) continue;
      for (int x = a; x < a_end; ++x) g[ix[x]] += v[x] * Rq;
      // Entries [a, e) of run ra (this block's part of it) are consecutive
      // columns of A; against every earlier run rb they take a dense
      // len(rb) x (e - a) block, against their own run a triangle.
      for (int ra = static_cast<int>(std::upper_bound(start, start + runs(q), a) - start) - 1;
           a < a_end; ++ra) {
        const int e = std::min(start[ra + 1], a_end);
        double* const cols_a = column(ix[a]);
        for (int rb = 0; rb <= ra; ++rb) {
          const int s = start[rb];
          const double* src = v + s;
          double* dst = cols_a + ix[s];
          // From column ix[x] to ix[x] + 1: P entries, or ix[x] + 1 packed.
          std::size_t step = packed ? static_cast<std::size_t>(ix[a]) + 1 : P;
          for (int x = a; x < e; ++x, dst += step, step += packed ? 1 : 0) {
            const double vx = v[x];
            const int len = rb == ra ? x + 1 - s : start[rb + 1] - s;
            for (int c = 0; c < len; ++c) dst[c] += vx * src[c];
          }
        }
        a = e;
      }
    }
  }
};

}  // namespace

SparseGram::SparseGram(std::size_t P, std::size_t max_rows, std::size_t max_nnz,
                       const std::vector<int>& order, int column_blocks)
    : P_(P), max_rows_(max_rows), max_nnz_(max_nnz) {
  KANPDE_REQUIRE(P < (std::size_t(1) << 31), "too many parameters for 32-bit indices: " << P);
  KANPDE_REQUIRE(order.empty() || order.size() == P,
                 "SparseGram: an order of " << order.size() << " for " << P << " parameters");
  order_ = Kokkos::View<int*, Kokkos::HostSpace>("kanpde::solver::gram_order", P);
  std::vector<bool> taken(P, false);
  for (std::size_t j = 0; j < P; ++j) {
    const int pos = order.empty() ? static_cast<int>(j) : order[j];
    KANPDE_REQUIRE(
        pos >= 0 && static_cast<std::size_t>(pos) < P && !taken[static_cast<std::size_t>(pos)],
        "SparseGram: the order is not a permutation (position " << pos << ")");
    order_(j) = pos;
    taken[static_cast<std::size_t>(pos)] = true;
  }
  if (column_blocks <= 0) {
    const int threads = Host().concurrency();
    column_blocks = threads > 1 ? 4 * threads : 1;
  }
  const std::size_t B = static_cast<std::size_t>(column_blocks);
  // Column j of the upper triangle holds j + 1 entries: equal areas put block
  // b's first column at P sqrt(b / B).
  bounds_ = Kokkos::View<std::size_t*, Kokkos::HostSpace>("kanpde::solver::gram_bounds", B + 1);
  for (std::size_t b = 0; b <= B; ++b)
    bounds_(b) = std::min(P, static_cast<std::size_t>(std::llround(
                                 static_cast<double>(P) * std::sqrt(static_cast<double>(b) / B))));
  bounds_(B) = P;
  A_ =
      Kokkos::View<double**, Kokkos::LayoutLeft, Kokkos::HostSpace>("kanpde::solver::gram_A", P, P);
  g_ = Kokkos::View<double*, Kokkos::HostSpace>("kanpde::solver::gram_g", P);
  const auto no_init = [](const char* label) {
    return Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label));
  };
  keys_ = HostKey2(no_init("kanpde::solver::gram_keys"), max_rows, max_nnz);
  idx_ = HostInt2(no_init("kanpde::solver::gram_idx"), max_rows, max_nnz);
  val_ = HostDouble2(no_init("kanpde::solver::gram_val"), max_rows, max_nnz);
  run_start_ = HostInt2(no_init("kanpde::solver::gram_run_start"), max_rows, max_nnz + 1);
  runs_ = Kokkos::View<int*, Kokkos::HostSpace>(no_init("kanpde::solver::gram_runs"), max_rows);
}

void SparseGram::reset() {
  Kokkos::deep_copy(A_, 0.0);
  Kokkos::deep_copy(g_, 0.0);
}

void SparseGram::add(std::size_t rows, const int* cols, const double* vals, std::size_t stride,
                     const int* nnz, const double* R) {
  fill(rows, cols, vals, stride, nnz, R, A_.data(), g_.data(), false);
}

void SparseGram::add_packed(std::size_t rows, const int* cols, const double* vals,
                            std::size_t stride, const int* nnz, const double* R, double* packed) {
  fill(rows, cols, vals, stride, nnz, R, packed, packed + P_ * (P_ + 1) / 2, true);
}

void SparseGram::fill(std::size_t rows, const int* cols, const double* vals, std::size_t stride,
                      const int* nnz, const double* R, double* A, double* g, bool packed) {
  KANPDE_VERIFY(rows <= max_rows_, "SparseGram: " << rows << " rows, room for " << max_rows_);
  for (std::size_t q = 0; q < rows; ++q) {
    KANPDE_VERIFY(nnz[q] >= 0 && static_cast<std::size_t>(nnz[q]) <= max_nnz_ &&
                      static_cast<std::size_t>(nnz[q]) <= stride,
                  "SparseGram: row " << q << " has " << nnz[q] << " non-zeros");
    for (int a = 0; a < nnz[q]; ++a)
      KANPDE_VERIFY(
          cols[q * stride + a] >= 0 && static_cast<std::size_t>(cols[q * stride + a]) < P_,
          "SparseGram: row " << q << " names parameter " << cols[q * stride + a]);
  }
  if (rows == 0) return;
  Kokkos::parallel_for(
      "kanpde::solver::gram_sort", Kokkos::RangePolicy<Host>(0, rows),
      SortRows{order_, cols, vals, stride, nnz, keys_, idx_, run_start_, val_, runs_});
  Host().fence();
  Kokkos::parallel_for(
      "kanpde::solver::gram_fill",
      Kokkos::RangePolicy<Host, Kokkos::Schedule<Kokkos::Dynamic>>(0, bounds_.extent(0) - 1),
      FillColumns{P_, rows, nnz, R, A, g, bounds_, idx_, run_start_, val_, runs_, packed});
  Host().fence();
}

void SparseGram::result(double* A, double* g) const {
  for (std::size_t j = 0; j < P_; ++j) {
    const int pj = order_(j);
    g[j] = g_(static_cast<std::size_t>(pj));
    for (std::size_t i = 0; i < P_; ++i) {
      const int pi = order_(i);
      A[j * P_ + i] = pi <= pj ? A_(pi, pj) : A_(pj, pi);
    }
  }
}

void SparseGram::unpack(const double* packed, double* A, double* g) const {
  const double* tail = packed + P_ * (P_ + 1) / 2;
  for (std::size_t j = 0; j < P_; ++j) {
    const auto pj = static_cast<std::size_t>(order_(j));
    g[j] = tail[pj];
    for (std::size_t i = 0; i < P_; ++i) {
      const auto pi = static_cast<std::size_t>(order_(i));
      A[j * P_ + i] = pi <= pj ? packed[pj * (pj + 1) / 2 + pi] : packed[pi * (pi + 1) / 2 + pj];
    }
  }
}

}  // namespace kanpde::solver
