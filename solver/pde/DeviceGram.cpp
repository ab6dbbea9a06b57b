#include "solver/pde/DeviceGram.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

#include "common/Error.hpp"
#include "common/Profiling.hpp"
#include "solver/parallel/BlockSum.hpp"
#include "solver/pde/impl/DeviceGramKernels.hpp"

namespace kanpde::solver {

GramPath parse_gram_path(const char* text, bool device_memory) {
  const GramPath automatic = device_memory ? GramPath::device : GramPath::host;
  if (text == nullptr) return automatic;
  const std::string t(text);
  if (t == "auto" || t.empty()) return automatic;
  if (t == "host") return GramPath::host;
  if (t == "device") return GramPath::device;
  throw InputError("KANPDE_GRAM=" + t +
                   ": unknown Gauss-Newton assembly path, expected host, device or auto");
}

GramPath gram_path_from_environment(bool device_memory) {
  return parse_gram_path(std::getenv("KANPDE_GRAM"), device_memory);
}

template <class ExecSpace>
DeviceGram<ExecSpace>::DeviceGram(const ExecSpace& exec, std::size_t columns,
                                  std::size_t max_blocks, std::size_t max_bytes, GramKernel kernel)
    : exec_(exec), n_(columns), kernel_(kernel) {
  KANPDE_REQUIRE(columns >= 1 && columns < (std::size_t(1) << 31),
                 "DeviceGram: " << columns << " columns");
  const std::size_t B = parallel::kBlockPoints;
  const std::size_t per_block = 8 * (B * n_ + packed_size());
  const std::size_t batch = std::max<std::size_t>(1, std::min(max_blocks, max_bytes / per_block));
  const auto no_init = [](const char* label) {
    return Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label));
  };
  rows_ = Rows(no_init("kanpde::solver::device_gram_rows"), batch, B, n_);
  leaves_ = decltype(leaves_)(no_init("kanpde::solver::device_gram_leaves"), batch, packed_size());
}

template <class ExecSpace>
void DeviceGram<ExecSpace>::clear_rows(std::size_t count) {
  count = std::min(count, batch_blocks());
  Kokkos::deep_copy(
      exec_,
      Kokkos::subview(rows_, std::make_pair(std::size_t(0), count), Kokkos::ALL(), Kokkos::ALL()),
      0.0);
}

template <class ExecSpace>
void DeviceGram<ExecSpace>::begin(std::size_t global_blocks) {
  if (!sum_ || sum_->num_blocks() != global_blocks)
    sum_.emplace(exec_, global_blocks, packed_size());
}

template <class ExecSpace>
void DeviceGram<ExecSpace>::add(std::size_t count,
                                const Kokkos::View<const int*, memory_space>& block_begin,
                                std::size_t k0, const std::vector<std::size_t>& global) {
  KANPDE_ASSERT(sum_, "DeviceGram: add before begin");
  KANPDE_ASSERT(count <= batch_blocks() && k0 + count <= global.size(),
                "DeviceGram: " << count << " blocks from " << k0);
  if (count == 0) return;
  const Impl::GramBlockRows<memory_space> rows_of{block_begin, static_cast<int>(k0)};
  const Kokkos::View<const double***, Kokkos::LayoutRight, memory_space> rows = rows_;
  const int n = static_cast<int>(n_);
  {
    const Region region("kanpde::device_gram");
    if (kernel_ == GramKernel::team) {
      const int vector = std::min(32, Kokkos::TeamPolicy<ExecSpace>::vector_length_max());
      Kokkos::parallel_for(
          "kanpde::solver::device_gram_team",
          Kokkos::TeamPolicy<ExecSpace>(exec_, static_cast<int>(count), Kokkos::AUTO, vector),
          Impl::GramTeam<ExecSpace>{rows, leaves_, rows_of, n});
    } else {
      Kokkos::parallel_for("kanpde::solver::device_gram_flat",
                           Kokkos::RangePolicy<ExecSpace>(exec_, 0, static_cast<int>(count) * n),
                           Impl::GramFlat<memory_space>{rows, leaves_, rows_of, n});
    }
    if (profiling_enabled()) exec_.fence();  // the phase table times the kernel, not its launch
  }
  const Region region("kanpde::device_gram_tree");
  for (std::size_t b = 0; b < count; ++b)
    sum_->add(global[k0 + b], Kokkos::subview(leaves_, b, Kokkos::ALL()));
  if (profiling_enabled()) exec_.fence();
}

template <class ExecSpace>
void DeviceGram<ExecSpace>::result(const parallel::Comm& comm, double* packed) {
  KANPDE_ASSERT(sum_, "DeviceGram: result before begin");
  const Region region("kanpde::device_gram_tree");
  sum_->result(comm, packed);
}

template <class ExecSpace>
void DeviceGram<ExecSpace>::unpack(const std::vector<double>& packed, std::size_t columns,
                                   Eigen::MatrixXd& JtJ, Eigen::VectorXd& Jtr, double* rr) {
  KANPDE_ASSERT(columns >= 1 && packed.size() == columns * (columns + 1) / 2,
                "DeviceGram: " << packed.size() << " packed values for " << columns << " columns");
  const std::size_t m = columns - 1;
  const auto p = static_cast<Eigen::Index>(m);
  JtJ.resize(p, p);
  Jtr.resize(p);
  for (std::size_t j = 0; j < m; ++j) {
    const double* col = packed.data() + j * (j + 1) / 2;
    for (std::size_t i = 0; i <= j; ++i) {
      JtJ(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = col[i];
      JtJ(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = col[i];
    }
  }
  const double* last = packed.data() + m * (m + 1) / 2;
  for (std::size_t i = 0; i < m; ++i) Jtr(static_cast<Eigen::Index>(i)) = last[i];
  if (rr != nullptr) *rr = last[m];
}

template class DeviceGram<Kokkos::DefaultExecutionSpace>;
#if defined(KOKKOS_ENABLE_CUDA) || defined(KOKKOS_ENABLE_HIP) || defined(KOKKOS_ENABLE_SYCL) || \
    defined(KOKKOS_ENABLE_OPENMPTARGET)
template class DeviceGram<Kokkos::DefaultHostExecutionSpace>;
#endif

}  // namespace kanpde::solver
