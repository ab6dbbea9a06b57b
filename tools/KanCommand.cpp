// `kanpde kan`: the KAN core on its own. Builds a network, evaluates its
// jets at sample points, checks the exact derivatives against finite
// differences, times the loss-gradient kernel, extends the grid, saves.
#include <sys/stat.h>

#include <Kokkos_Core.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "common/AtomicFile.hpp"
#include "common/Error.hpp"
#include "common/H5.hpp"
#include "common/Random.hpp"
#include "kan/Evaluate.hpp"
#include "kan/Grid.hpp"
#include "kan/ModelIO.hpp"
#include "solver/run/Refinement.hpp"
#include "tools/Commands.hpp"

namespace kanpde::tools {
namespace {

using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;

std::vector<double> host_jets(const kan::Network<Mem>& net, const Kokkos::View<double**, Mem>& x,
                              kan::JetMode mode) {
  const int nc = kan::jet_size(mode, net.layout().input_dim());
  Kokkos::View<double***, Mem> out("kanpde::jets", x.extent(0),
                                   static_cast<std::size_t>(net.layout().output_dim()),
                                   static_cast<std::size_t>(nc));
  kan::evaluate(Exec(), net, x, mode, out);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  return std::vector<double>(h.data(), h.data() + h.size());
}

std::string shape(const kan::Layout& lay) {
  std::string s = "[";
  for (int l = 0; l <= lay.num_layers(); ++l) s += (l ? "," : "") + std::to_string(lay.width(l));
  return s + "]";
}

}  // namespace

void add_kan_command(CLI::App& app, KanOptions& o) {
  auto* c = app.add_subcommand(
      "kan", "Build a KAN, check its exact derivatives against finite differences, time it");
  c->add_option("--widths", o.widths, "layer widths, input width = dimension (1-3)")
      ->capture_default_str()
      ->delimiter(',');
  c->add_option("--grid", o.grid, "grid intervals G")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  c->add_option("--order", o.order, "spline order k (1-5)")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  c->add_option("--points", o.points, "sample points on [-1,1]^d")
      ->capture_default_str()
      ->check(CLI::Range(10, 10000000));
  c->add_option("--seed", o.seed, "initialisation seed")->capture_default_str();
  c->add_option("--extend", o.extend, "grid sizes to extend to, in order")
      ->capture_default_str()
      ->delimiter(',');
  c->add_option("--save", o.save, "write the final model to this HDF5 file");
  c->add_flag("--force", o.overwrite, "replace an existing --save file");
}

int run_kan_command(const KanOptions& o) {
  // 1. The network (the check below uses Hessian jets: 1..3 inputs).
  KANPDE_REQUIRE(o.widths.empty() || (o.widths.front() >= 1 && o.widths.front() <= 3),
                 "kanpde kan checks Hessian jets: the input width must be 1, 2 or 3, found "
                     << o.widths.front());
  kan::NetworkSpec spec;
  spec.widths = o.widths;
  spec.grid_size = o.grid;
  spec.order = o.order;
  spec.seed = o.seed;
  spec.coef_noise = 0.5;  // visible splines, so the check exercises them
  kan::Network<Mem> net(spec);
  const kan::Layout& lay = net.layout();
  const int d = lay.input_dim();
  std::printf("kanpde kan: KAN %s, G=%d, k=%d, %zu parameters, Kokkos backend %s\n",
              shape(lay).c_str(), lay.grid_size(), lay.order(), net.num_params(), Exec::name());

  // 2. Sample points, seeded.
  Kokkos::View<double**, Mem> x("kanpde::points", static_cast<std::size_t>(o.points),
                                static_cast<std::size_t>(d));
  auto hx = Kokkos::create_mirror_view(x);
  SplitMix64 rng(o.seed + 1);
  for (int p = 0; p < o.points; ++p)
    for (int a = 0; a < d; ++a) hx(p, a) = rng.uniform(-0.95, 0.95);
  Kokkos::deep_copy(x, hx);

  // 3. Exact derivatives against central differences of the exact gradient.
  const auto jh = host_jets(net, x, kan::JetMode::hessian);
  const int nh = kan::jet_size(kan::JetMode::hessian, d), nout = lay.output_dim();
  const int ncheck = std::min(o.points, 200);
  const double h = 1e-5;
  double err_g = 0.0, err_h = 0.0, scale_g = 0.0, scale_h = 0.0;
  for (int a = 0; a < d; ++a) {
    Kokkos::View<double**, Mem> xs("kanpde::shifted", 2 * static_cast<std::size_t>(ncheck),
                                   static_cast<std::size_t>(d));
    auto hs = Kokkos::create_mirror_view(xs);
    for (int p = 0; p < ncheck; ++p)
      for (int b = 0; b < d; ++b) {
        hs(2 * p, b) = hx(p, b) + (a == b ? h : 0.0);
        hs(2 * p + 1, b) = hx(p, b) - (a == b ? h : 0.0);
      }
    Kokkos::deep_copy(xs, hs);
    const auto js = host_jets(net, xs, kan::JetMode::hessian);
    for (int p = 0; p < ncheck; ++p)
      for (int q = 0; q < nout; ++q) {
        const double* jp = &js[(2 * p * nout + q) * nh];
        const double* jm = &js[((2 * p + 1) * nout + q) * nh];
        const double* j0 = &jh[(p * nout + q) * nh];
        err_g = std::max(err_g, std::abs(j0[kan::jet_grad(a)] - (jp[0] - jm[0]) / (2 * h)));
        scale_g = std::max(scale_g, std::abs(j0[kan::jet_grad(a)]));
        for (int b = 0; b < d; ++b) {
          const double fd = (jp[kan::jet_grad(b)] - jm[kan::jet_grad(b)]) / (2 * h);
          err_h = std::max(err_h, std::abs(j0[kan::jet_hess(d, a, b)] - fd));
          scale_h = std::max(scale_h, std::abs(j0[kan::jet_hess(d, a, b)]));
        }
      }
  }
  std::printf("  derivative check at %d points (central differences, h=%g):\n", ncheck, h);
  std::printf("    gradient  max |exact - FD| = %.2e  (max |grad| %.2e)\n", err_g, scale_g);
  std::printf("    Hessian   max |exact - FD| = %.2e  (max |H| %.2e)\n", err_h, scale_h);
  const bool ok = err_g <= 1e-6 * (1 + scale_g) && err_h <= 1e-4 * (1 + scale_h);

  // 4. Throughput of Laplacian jets + reverse pass for the parameter gradient.
  const int nl = kan::jet_size(kan::JetMode::laplacian, d);
  Kokkos::View<double***, Mem> seeds("kanpde::seeds", static_cast<std::size_t>(o.points),
                                     static_cast<std::size_t>(nout), static_cast<std::size_t>(nl));
  Kokkos::deep_copy(seeds, 1.0 / o.points);
  Kokkos::View<double*, Mem> grad("kanpde::grad", net.num_params());
  double best = 1e300;
  for (int rep = 0; rep < 5; ++rep) {
    Kokkos::fence();
    const auto t0 = std::chrono::steady_clock::now();
    Kokkos::deep_copy(grad, 0.0);
    kan::accumulate_gradient(Exec(), net, x, kan::JetMode::laplacian, seeds, grad);
    Kokkos::fence();
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("  jets + parameter gradient over %d points: %.3f ms (best of 5), %.3g points/s\n",
              o.points, best * 1e3, o.points / best);

  // 5. Grid extension keeps the function.
  std::vector<double> samples(static_cast<std::size_t>(o.points * d));
  for (int p = 0; p < o.points; ++p)
    for (int a = 0; a < d; ++a) samples[static_cast<std::size_t>(p * d + a)] = hx(p, a);
  kan::update_grid(net, samples, {1.0, 0.0});
  auto before = host_jets(net, x, kan::JetMode::value);
  for (int g : o.extend) {
    net = kan::extend_grid(net, g);
    const auto after = host_jets(net, x, kan::JetMode::value);
    double m = 0.0;
    for (std::size_t q = 0; q < after.size(); ++q) m = std::max(m, std::abs(after[q] - before[q]));
    std::printf("  grid extension -> G=%d: %zu parameters, max change of u %.2e\n", g,
                net.num_params(), m);
    before = after;
  }

  // 6. Save.
  if (!o.save.empty()) {
    kan::save_model(o.save, net, o.overwrite);
    std::printf("  model written to %s\n", o.save.c_str());
  }
  std::printf("%s\n",
              ok ? "kanpde kan: derivative check passed" : "kanpde kan: derivative check FAILED");
  return ok ? 0 : 1;
}

int run_info_command(const std::string& path) {
  const auto net = kan::load_model<Kokkos::HostSpace>(path);
  const kan::Layout& lay = net.layout();
  const h5::File f = h5::File::open_read(path);
  const h5::Group& root = f.root();
  const bool results = root.has_attr("format") && root.attr_string("format") == "kanpde-results";
  if (results) {
    const std::string yaml = root.read_string("case");
    const auto at = yaml.find("name:");
    std::string name =
        at == std::string::npos ? "?" : yaml.substr(at + 5, yaml.find('\n', at) - at - 5);
    name.erase(0, name.find_first_not_of(" \""));
    name.erase(name.find_last_not_of(" \"") + 1);
    std::printf("%s: kanpde results of case %s\n", path.c_str(), name.c_str());
    // summary.json is published last: without it the run did not finish.
    const std::string json = io::directory_of(path) + "/summary.json";
    struct stat st {};
    if (stat(json.c_str(), &st) != 0)
      std::printf(
          "  warning: %s is missing: the run that wrote this file did not finish "
          "publishing its results\n",
          json.c_str());
  } else {
    std::printf("%s: kanpde KAN model (format %s v%lld)\n", path.c_str(), kan::model_format,
                static_cast<long long>(kan::model_format_version));
  }
  std::printf("  model: widths %s, G=%d, k=%d, base %s, %zu parameters\n", shape(lay).c_str(),
              lay.grid_size(), lay.order(), kan::to_string(lay.base()).c_str(), net.num_params());
  const auto t = net.knots_host();
  for (int i = 0; i < lay.width(0); ++i)
    std::printf("  input %d grid range [%g, %g]\n", i, t[lay.knot_index(0, i, lay.order())],
                t[lay.knot_index(0, i, lay.order() + lay.grid_size())]);
  if (results) {
    // Refine stages: u = G + D (N + sum_i s_i N_i), solver/run/Refinement.hpp.
    const auto refinements = solver::read_refinements(root);
    for (std::size_t i = 0; i < refinements.size(); ++i) {
      const kan::Layout& l = refinements[i].layout;
      std::printf("  refinement %zu: widths %s, G=%d, k=%d, %zu parameters, scale %.6g\n", i + 1,
                  shape(l).c_str(), l.grid_size(), l.order(), refinements[i].params.size(),
                  refinements[i].scale);
    }
    h5::Dims dims;
    root.open_group("train").read<double>("history", &dims);
    std::printf("  history: %llu rows\n",
                static_cast<unsigned long long>(dims.empty() ? 0 : dims[0]));
    const h5::Group m = root.open_group("metrics");
    for (const std::string& a : m.attr_names()) {
      if (m.attr_class(a) == H5T_STRING)
        std::printf("  %-20s %s\n", a.c_str(), m.attr_string(a).c_str());
      else
        std::printf("  %-20s %.6g\n", a.c_str(), m.attr_double(a));
    }
  }
  return 0;
}

}  // namespace kanpde::tools
