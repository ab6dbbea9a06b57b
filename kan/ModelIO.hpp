#pragma once
// Saving and loading a KAN in HDF5.
//
// Layout inside a group (a model file's root, or /model of a results file):
//   @format = "kanpde-kan", @format_version = 1
//   @grid_size, @spline_order, @num_layers (int64), @base_function (string)
//   widths                       int64 [L+1]
//   layer_<l>/knots              double [n_l][G+2k+1]
//   layer_<l>/coef               double [n_l][n_{l+1}][G+k]
//   layer_<l>/w_base, w_spline   double [n_l][n_{l+1}]
// Values are stored bit for bit; loading validates every shape and knot vector
// and reports a foreign or damaged file as an InputError.

#include <string>

#include "common/H5.hpp"
#include "kan/Network.hpp"

namespace kanpde::kan {

inline constexpr const char* model_format = "kanpde-kan";
inline constexpr std::int64_t model_format_version = 1;

void write_model(h5::Group& group, const Layout& layout, const std::vector<double>& params,
                 const std::vector<double>& knots);
Network<Kokkos::HostSpace> read_model(const h5::Group& group);

template <class MemorySpace>
void write_model(h5::Group& group, const Network<MemorySpace>& net) {
  write_model(group, net.layout(), net.params_host(), net.knots_host());
}

// A model file on its own, written atomically (refuses to replace an existing
// file unless overwrite is set).
template <class MemorySpace>
void save_model(const std::string& path, const Network<MemorySpace>& net, bool overwrite = false) {
  const std::vector<double> params = net.params_host(), knots = net.knots_host();
  h5::write_atomically(
      path, [&](h5::File& f) { write_model(f.root(), net.layout(), params, knots); }, overwrite);
}

// A model file, or the /model group of a kanpde results or checkpoint file.
template <class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
Network<MemorySpace> load_model(const std::string& path) {
  const h5::File f = h5::File::open_read(path);
  const h5::Group& root = f.root();
  const std::string format = root.has_attr("format") ? root.attr_string("format") : "";
  if ((format == "kanpde-results" || format == "kanpde-checkpoint") && root.has("model"))
    return read_model(root.open_group("model")).template clone<MemorySpace>();
  return read_model(root).template clone<MemorySpace>();
}

}  // namespace kanpde::kan
