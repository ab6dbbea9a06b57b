#include "geometry/Sequence.hpp"

#include <algorithm>
#include <cmath>

#include "common/Coordinates.hpp"
#include "common/Error.hpp"
#include "common/Random.hpp"
#include "geometry/Halton.hpp"
#include "geometry/Sobol.hpp"

namespace kanpde::geometry {

namespace {
std::uint64_t mix(std::uint64_t seed, std::uint64_t stream) {
  SplitMix64 a(seed);
  SplitMix64 b(a.next() ^ (stream * 0xD1B54A32D192ED03ull));
  return b.next();
}
double open_unit(std::uint64_t bits) {
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}
}  // namespace

Sequence parse_sequence(const std::string& name) {
  if (name == "random") return Sequence::Random;
  if (name == "lhs" || name == "latin_hypercube") return Sequence::LatinHypercube;
  if (name == "sobol") return Sequence::Sobol;
  if (name == "halton") return Sequence::Halton;
  if (name == "hammersley") return Sequence::Hammersley;
  if (name == "grid") return Sequence::Grid;
  KANPDE_REQUIRE(false, "unknown sampler '" << name
                                            << "'; expected one of random, lhs, sobol, halton, "
                                               "hammersley, grid");
  return Sequence::Random;
}

std::string to_string(Sequence s) {
  switch (s) {
    case Sequence::Random:
      return "random";
    case Sequence::LatinHypercube:
      return "lhs";
    case Sequence::Sobol:
      return "sobol";
    case Sequence::Halton:
      return "halton";
    case Sequence::Hammersley:
      return "hammersley";
    default:
      return "grid";
  }
}

bool is_streaming(Sequence s) {
  return s == Sequence::Random || s == Sequence::Sobol || s == Sequence::Halton;
}

void stream_points(Sequence s, int dim, std::uint64_t seed, std::uint64_t stream,
                   std::uint64_t first, std::size_t n, double* out) {
  const auto d = static_cast<std::size_t>(dim);
  if (s == Sequence::Random) {
    const std::uint64_t key = mix(seed, stream);
    for (std::size_t i = 0; i < n; ++i) {
      SplitMix64 rng(key ^ ((first + i) * 0x9E3779B97F4A7C15ull));
      rng.next();
      for (std::size_t j = 0; j < d; ++j) out[i * d + j] = open_unit(rng.next());
    }
  } else if (s == Sequence::Sobol) {
    const Sobol sobol(dim, seed == 0 ? 0 : mix(seed, stream));
    sobol.points(first, n, out);
  } else if (s == Sequence::Halton) {
    const Halton halton(dim, seed == 0 ? 0 : mix(seed, stream));
    for (std::size_t i = 0; i < n; ++i) halton.point(first + i, out + i * d);
  } else {
    KANPDE_ASSERT(false, to_string(s) << " is not a streaming sequence");
  }
}

std::vector<double> design_points(Sequence s, int dim, std::uint64_t seed, std::uint64_t stream,
                                  std::size_t n, const double* extents) {
  const auto d = static_cast<std::size_t>(dim);
  std::vector<double> out;
  if (s == Sequence::Hammersley) {
    out.resize(n * d);
    const Hammersley h(dim, n, seed == 0 ? 0 : mix(seed, stream));
    for (std::size_t i = 0; i < n; ++i) h.point(i, out.data() + i * d);
  } else if (s == Sequence::LatinHypercube) {
    out.resize(n * d);
    SplitMix64 rng(mix(seed, stream) ^ (n * 0xA0761D6478BD642Full));
    std::vector<std::size_t> perm(n);
    for (std::size_t j = 0; j < d; ++j) {
      for (std::size_t i = 0; i < n; ++i) perm[i] = i;
      for (std::size_t i = n; i > 1; --i) {  // Fisher-Yates with a platform-fixed draw
        const auto k = static_cast<std::size_t>(open_unit(rng.next()) * static_cast<double>(i));
        std::swap(perm[i - 1], perm[std::min(k, i - 1)]);
      }
      for (std::size_t i = 0; i < n; ++i)
        out[i * d + j] =
            (static_cast<double>(perm[i]) + open_unit(rng.next())) / static_cast<double>(n);
    }
  } else if (s == Sequence::Grid) {
    double ext[max_space_dim] = {}, vol = 1.0;
    for (std::size_t j = 0; j < d; ++j) {
      ext[j] = extents ? extents[j] : 1.0;
      vol *= ext[j];
    }
    double h = std::pow(vol / static_cast<double>(std::max<std::size_t>(n, 1)), 1.0 / dim);
    std::size_t k[max_space_dim] = {}, total = 0;
    for (int iter = 0; iter < 10000; ++iter) {
      total = 1;
      for (std::size_t j = 0; j < d; ++j) {
        k[j] = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(ext[j] / h)));
        total *= k[j];
      }
      if (total >= n) break;
      h *= 0.99;
    }
    out.resize(total * d);
    for (std::size_t i = 0; i < total; ++i) {
      std::size_t r = i;
      for (std::size_t j = d; j-- > 0;) {  // last coordinate fastest
        out[i * d + j] = (static_cast<double>(r % k[j]) + 0.5) / static_cast<double>(k[j]);
        r /= k[j];
      }
    }
  } else {
    KANPDE_ASSERT(false, to_string(s) << " is a streaming sequence, not a design");
  }
  return out;
}

}  // namespace kanpde::geometry
