#include "kan/ModelIO.hpp"

#include <cmath>

#include "common/Error.hpp"

namespace kanpde::kan {

void write_model(h5::Group& g, const Layout& lay, const std::vector<double>& params,
                 const std::vector<double>& knots) {
  g.set_attr("format", std::string(model_format));
  g.set_attr("format_version", model_format_version);
  g.set_attr("grid_size", static_cast<std::int64_t>(lay.grid_size()));
  g.set_attr("spline_order", static_cast<std::int64_t>(lay.order()));
  g.set_attr("num_layers", static_cast<std::int64_t>(lay.num_layers()));
  g.set_attr("base_function", to_string(lay.base()));
  std::vector<std::int64_t> widths(lay.widths().begin(), lay.widths().end());
  g.write("widths", widths, {widths.size()});
  const int nb = lay.basis_per_edge(), kpi = lay.knots_per_input();
  for (int l = 0; l < lay.num_layers(); ++l) {
    h5::Group lg = g.create_group("layer_" + std::to_string(l));
    const hsize_t nin = static_cast<hsize_t>(lay.width(l)),
                  nout = static_cast<hsize_t>(lay.width(l + 1));
    std::vector<double> t(knots.begin() + static_cast<long>(lay.knot_index(l, 0, 0)),
                          knots.begin() + static_cast<long>(lay.knot_index(l, 0, 0) + nin * kpi));
    lg.write("knots", t, {nin, static_cast<hsize_t>(kpi)});
    const auto c0 = params.begin() + static_cast<long>(lay.coef_index(l, 0, 0, 0));
    const long E = static_cast<long>(nin * nout);
    lg.write("coef", std::vector<double>(c0, c0 + E * nb), {nin, nout, static_cast<hsize_t>(nb)});
    const auto b0 = params.begin() + static_cast<long>(lay.w_base_index(l, 0, 0));
    lg.write("w_base", std::vector<double>(b0, b0 + E), {nin, nout});
    const auto s0 = params.begin() + static_cast<long>(lay.w_spline_index(l, 0, 0));
    lg.write("w_spline", std::vector<double>(s0, s0 + E), {nin, nout});
  }
}

namespace {
void expect_shape(const h5::Group& g, const std::string& name, const h5::Dims& got,
                  const h5::Dims& want) {
  if (got == want) return;
  auto str = [](const h5::Dims& d) {
    std::string s = "[";
    for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
    return s + "]";
  };
  throw InputError(g.where(name) + ": expected shape " + str(want) + ", found " + str(got));
}
}  // namespace

Network<Kokkos::HostSpace> read_model(const h5::Group& g) {
  if (!g.has_attr("format") || g.attr_string("format") != model_format)
    throw InputError(g.where("") + ": not a kanpde model (no @format = \"" +
                     std::string(model_format) + "\")");
  const std::int64_t version = g.attr_int("format_version");
  if (version != model_format_version)
    throw InputError(g.where("@format_version") + ": model format version " +
                     std::to_string(version) + " is not supported by this kanpde (reads " +
                     std::to_string(model_format_version) + ")");
  h5::Dims dims;
  const std::vector<std::int64_t> w64 = g.read<std::int64_t>("widths", &dims);
  const std::int64_t L = g.attr_int("num_layers");
  if (dims.size() != 1 || static_cast<std::int64_t>(w64.size()) != L + 1)
    throw InputError(g.where("widths") + ": expected " + std::to_string(L + 1) + " widths");
  std::vector<int> widths;
  for (std::int64_t w : w64) {
    if (w < 1 || w > max_width) throw InputError(g.where("widths") + ": width out of range");
    widths.push_back(static_cast<int>(w));
  }
  const std::int64_t G = g.attr_int("grid_size"), k = g.attr_int("spline_order");
  if (G < 1 || G > 1000000 || k < 1 || k > max_order)
    throw InputError(g.where("") + ": grid_size or spline_order out of range");
  Layout lay;
  try {
    lay = Layout(widths, static_cast<int>(G), static_cast<int>(k),
                 base_function_from_string(g.attr_string("base_function")));
  } catch (const InputError& e) {
    throw InputError(g.where("") + ": " + e.what());
  }
  std::vector<double> params(lay.num_params()), knots(lay.num_knots());
  const int nb = lay.basis_per_edge(), kpi = lay.knots_per_input();
  for (int l = 0; l < lay.num_layers(); ++l) {
    const h5::Group lg = g.open_group("layer_" + std::to_string(l));
    const hsize_t nin = static_cast<hsize_t>(lay.width(l)),
                  nout = static_cast<hsize_t>(lay.width(l + 1));
    std::vector<double> t = lg.read<double>("knots", &dims);
    expect_shape(lg, "knots", dims, {nin, static_cast<hsize_t>(kpi)});
    std::copy(t.begin(), t.end(), knots.begin() + static_cast<long>(lay.knot_index(l, 0, 0)));
    std::vector<double> c = lg.read<double>("coef", &dims);
    expect_shape(lg, "coef", dims, {nin, nout, static_cast<hsize_t>(nb)});
    std::copy(c.begin(), c.end(), params.begin() + static_cast<long>(lay.coef_index(l, 0, 0, 0)));
    std::vector<double> b = lg.read<double>("w_base", &dims);
    expect_shape(lg, "w_base", dims, {nin, nout});
    std::copy(b.begin(), b.end(), params.begin() + static_cast<long>(lay.w_base_index(l, 0, 0)));
    std::vector<double> s = lg.read<double>("w_spline", &dims);
    expect_shape(lg, "w_spline", dims, {nin, nout});
    std::copy(s.begin(), s.end(), params.begin() + static_cast<long>(lay.w_spline_index(l, 0, 0)));
  }
  for (double v : params)
    if (!std::isfinite(v))
      throw InputError(g.where("") + ": the model holds non-finite parameters");
  try {
    return Network<Kokkos::HostSpace>(lay, params, knots);
  } catch (const InputError& e) {
    throw InputError(g.where("") + ": " + e.what());
  }
}

}  // namespace kanpde::kan
