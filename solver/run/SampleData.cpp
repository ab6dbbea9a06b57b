#include "solver/run/SampleData.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

#include "common/Error.hpp"
#include "geometry/Samplers.hpp"
#include "geometry/Sequence.hpp"

namespace kanpde::solver {

namespace {

// A standard normal from two uniforms (Box-Muller): platform independent,
// unlike std::normal_distribution.
double normal(std::mt19937_64& rng) {
  const double scale = 1.0 / 18446744073709551616.0;  // 2^-64
  const double u1 = (static_cast<double>(rng()) + 0.5) * scale;
  const double u2 = (static_cast<double>(rng()) + 0.5) * scale;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

}  // namespace

Samples draw_samples(const geometry::Domain& domain, const SampleOptions& o,
                     const std::function<std::vector<double>(const std::vector<double>&)>& values) {
  const auto d = static_cast<std::size_t>(domain.dim());
  Samples s;
  std::mt19937_64 rng(o.seed);
  for (int round = 0; s.u.size() < o.count; ++round) {
    KANPDE_VERIFY(round < 100, "drew " << s.u.size() << " of " << o.count
                                       << " samples with a value in 100 rounds; the FD grid covers "
                                          "too little of the domain (raise reference.resolution)");
    geometry::SamplerOptions so;
    so.sequence = geometry::parse_sequence("random");
    so.seed = o.seed + 7919u * static_cast<std::uint64_t>(round + 1);
    const geometry::PointSet ps = geometry::sample_interior(domain, o.count - s.u.size(), so);
    const std::vector<double> v = values(ps.x);
    for (std::size_t p = 0; p < ps.size() && s.u.size() < o.count; ++p) {
      if (std::isnan(v[p])) continue;
      s.x.insert(s.x.end(), ps.x.begin() + static_cast<long>(p * d),
                 ps.x.begin() + static_cast<long>((p + 1) * d));
      s.u.push_back(v[p]);
    }
  }
  if (o.noise > 0.0)
    for (double& u : s.u) u += o.noise * normal(rng);
  return s;
}

void write_samples_csv(const std::string& path, int dim, const Samples& s) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    KANPDE_VERIFY(out.good(), path << ": cannot write the samples (check the folder)");
    const char* const axes[3] = {"x", "y", "z"};
    for (int a = 0; a < dim; ++a) out << axes[a] << ",";
    out << "u\n";
    char buf[32];
    const auto d = static_cast<std::size_t>(dim);
    for (std::size_t p = 0; p < s.u.size(); ++p) {
      for (std::size_t a = 0; a < d; ++a) {
        std::snprintf(buf, sizeof buf, "%.17g", s.x[p * d + a]);
        out << buf << ",";
      }
      std::snprintf(buf, sizeof buf, "%.17g", s.u[p]);
      out << buf << "\n";
    }
    out.close();
    KANPDE_VERIFY(!out.fail(), path << ": writing the samples failed (disk full?)");
  }
  KANPDE_VERIFY(std::rename(tmp.c_str(), path.c_str()) == 0,
                path << ": cannot rename the finished samples file into place");
}

}  // namespace kanpde::solver
