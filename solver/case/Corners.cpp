#include "solver/case/Corners.hpp"

#include <algorithm>
#include <array>

#include "common/Error.hpp"
#include "common/H5.hpp"

namespace kanpde::solver {

namespace {

// The final part name of polygon edge e (natural name, rename, prefix: the
// naming rule of solver/case/DomainSpec.hpp).
std::string edge_part(const DomainSpec& d, int e) {
  std::string n = d.edge_names.empty() ? "edge" + std::to_string(e) : d.edge_names[std::size_t(e)];
  for (const auto& [from, to] : d.rename)
    if (n == from) {
      n = to;
      break;
    }
  if (!d.name.empty()) n = d.name + ":" + n;
  return n;
}

}  // namespace

void restore_corner_amplitudes(const CaseSpec& cs, const std::string& results_path) {
  if (!cs.corner_amplitudes) return;
  const h5::File f = h5::File::open_read(results_path);
  const h5::Group m = f.root().open_group("metrics");
  for (std::size_t c = 0; c < cs.corner_amplitudes->names.size(); ++c) {
    const std::string key = cs.corner_amplitudes->names[c] + "_amplitude";
    if (!m.has_attr(key))
      throw InputError(m.where(key) +
                       ": missing; the case enriches a re-entrant corner and its amplitude is "
                       "needed to evaluate u (write the results again with kanpde solve)");
    cs.corner_amplitudes->values[c] = m.attr_double(key);
  }
}

std::string corner_name(const geometry::CornerSite& site) {
  return "corner" + std::to_string(site.vertex);
}

namespace {

// Every corner that `auto` would enrich, before the extra-scalar cap.
std::vector<geometry::CornerSite> eligible_corners(const CaseSpec& cs) {
  const DomainSpec& d = cs.domain;
  if (d.type != DomainType::polygon || d.corners != "auto" || cs.pde.general()) return {};
  for (const StageSpec& st : cs.training.stages)
    if (st.refine) return {};
  std::vector<std::array<double, 2>> v;
  for (const auto& p : d.vertices) v.push_back({p[0], p[1]});
  std::vector<geometry::CornerSite> out;
  for (const geometry::CornerSite& s : geometry::reentrant_corners(v)) {
    const bool dirichlet = std::all_of(std::begin(s.edges), std::end(s.edges), [&](int e) {
      const BoundaryCondition* bc = cs.condition_for(edge_part(d, e));
      return bc != nullptr && bc->type == BcType::dirichlet;
    });
    if (!dirichlet) continue;
    // Soft terms on both edges: the wide support (no cutoff band to fit);
    // exact data on either: the compact one, vanishing on every other edge.
    const bool soft = std::all_of(std::begin(s.edges), std::end(s.edges), [&](int e) {
      return cs.condition_for(edge_part(d, e))->enforce == Enforcement::soft;
    });
    out.push_back(soft ? geometry::widen(s, v) : s);
  }
  return out;
}

std::size_t corner_room(const CaseSpec& cs) {
  return static_cast<std::size_t>(
      std::max(0, kMaxExtraScalars - static_cast<int>(cs.unknowns.size())));
}

}  // namespace

std::vector<geometry::CornerSite> enriched_corners(const CaseSpec& cs) {
  std::vector<geometry::CornerSite> out = eligible_corners(cs);
  if (out.size() > corner_room(cs)) out.resize(corner_room(cs));
  return out;
}

std::size_t corners_left_out(const CaseSpec& cs) {
  const std::size_t n = eligible_corners(cs).size(), room = corner_room(cs);
  return n > room ? n - room : 0;
}

}  // namespace kanpde::solver
