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
  // Exact data on any edge: the compact support, vanishing on every edge but
  // the corner's own two; else the wide one (no cutoff band to fit).
  bool any_hard = false;
  for (int e = 0; e < static_cast<int>(v.size()); ++e) {
    const BoundaryCondition* bc = cs.condition_for(edge_part(d, e));
    any_hard = any_hard ||
               (bc != nullptr && bc->type == BcType::dirichlet && bc->enforce == Enforcement::hard);
  }
  for (const geometry::CornerSite& s : geometry::reentrant_corners(v)) {
    // The kind by the two edges' conditions; other kinds (Robin, equation
    // conditions) have no enrichment.
    int dirichlet = 0, neumann = 0, dirichlet_edge = -1;
    for (int e : s.edges) {
      const BoundaryCondition* bc = cs.condition_for(edge_part(d, e));
      if (bc != nullptr && bc->type == BcType::dirichlet) {
        ++dirichlet;
        dirichlet_edge = e;
      }
      if (bc != nullptr && bc->type == BcType::neumann) ++neumann;
    }
    if (dirichlet + neumann < 2) continue;
    const geometry::CornerKind kind = dirichlet == 2 ? geometry::CornerKind::dirichlet
                                      : neumann == 2 ? geometry::CornerKind::neumann
                                                     : geometry::CornerKind::mixed;
    const geometry::CornerSite k = geometry::with_kind(s, kind, dirichlet_edge);
    out.push_back(any_hard ? k : geometry::widen(k, v));
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
