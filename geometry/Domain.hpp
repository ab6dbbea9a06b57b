#pragma once
// Domain: the host-side description of a computational domain (interval, box,
// disk/ball, ellipse, polygon, CSG of these) with named boundary parts. Boxes
// and balls exist in up to max_space_dim dimensions, the others in 2 or 3.
//
// Conventions shared by every domain:
// - Points are `const double*` with dim() coordinates.
// - signed_distance(x) < 0 inside, 0 on the boundary, > 0 outside. It is the
//   exact Euclidean signed distance for boxes, balls and polygons; a
//   first-order approximation for ellipses (exact on the boundary, exact sign);
//   the min/max composition for CSG (exact sign, exact near the boundary away
//   from the operands' intersections).
// - Tolerance policy: contains(x) is true when signed_distance(x) <=
//   boundary_tolerance() = 1e-12 * max(1, largest bounding-box extent), so
//   points on the boundary (up to round-off) count as inside;
//   contains(x, tol) uses an absolute tolerance instead (tol < 0 shrinks).
// - Boundary parts partition the boundary. Each part is parametrised over
//   [0,1)^(dim-1): boundary_point(part, u, x, n) maps a parameter to a point x
//   of that part and its outward unit normal n. For primitives the map is
//   measure-preserving (uniform u gives points uniform by length/area) and
//   always succeeds; CSG parts reject parameters whose point does not survive
//   on the result's boundary (returns false).
// - Normals at corners and edges (box corners, polygon vertices, CSG seams)
//   are not defined; outward_normal(x, part) returns the normal of the named
//   part there (the one-sided limit from that part).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "common/Coordinates.hpp"

namespace kanpde::geometry {

namespace Impl {
struct ProgramBuilder;
}

struct BoundingBox {
  int dim = 0;
  std::array<double, max_space_dim> lo{};
  std::array<double, max_space_dim> hi{};
  double extent(int a) const {
    return hi[static_cast<std::size_t>(a)] - lo[static_cast<std::size_t>(a)];
  }
  double volume() const;
};

// A crossing of an axis-parallel ray x + t*dir*e_axis (t > 0) with the
// boundary of a domain, on boundary part `part` (-1: a piece that is not part
// of the result, used internally by CSG).
struct Crossing {
  double t;
  int part;
};

// The first boundary crossing along a grid line from an inside point.
struct GridLineHit {
  double distance;  // t of the crossing, or the requested maximum when none
  int part;         // boundary part hit, -1 when no crossing within the maximum
  bool hit() const { return part >= 0; }
};

class Domain {
 public:
  virtual ~Domain() = default;

  virtual int dim() const = 0;
  // "interval", "box", "disk", "ball", "ellipse", "polygon", "union", ...
  virtual std::string kind() const = 0;
  virtual BoundingBox bounding_box() const = 0;
  virtual double signed_distance(const double* x) const = 0;
  // Lebesgue measure: length (1D), area (2D), volume (3D). Exact for
  // primitives; CSG: quasi-Monte Carlo estimate (see Csg.hpp).
  virtual double measure() const = 0;

  double boundary_tolerance() const;
  bool contains(const double* x) const { return signed_distance(x) <= boundary_tolerance(); }
  bool contains(const double* x, double tol) const { return signed_distance(x) <= tol; }
  bool on_boundary(const double* x, double tol) const;

  // Boundary parts.
  int num_parts() const { return static_cast<int>(part_names_.size()); }
  const std::vector<std::string>& part_names() const { return part_names_; }
  const std::string& part_name(int part) const;
  // Index of a named part; InputError listing the known names if unknown.
  int part_index(const std::string& name) const;
  // (dim-1)-dimensional measure of a part: the count of points in 1D, length
  // in 2D, area in 3D. CSG: estimate (see Csg.hpp).
  virtual double part_measure(int part) const = 0;
  double boundary_measure() const;
  // Dimension of a part's parameter space (dim() - 1).
  int boundary_param_dim() const { return dim() - 1; }
  // Maps u in [0,1)^(dim-1) to a point and its outward unit normal. Returns
  // false (for CSG) when the point is not on the result's boundary.
  virtual bool boundary_point(int part, const double* u, double* x, double* normal) const = 0;
  // Outward unit normal at a point x of `part` (see corners above).
  virtual void outward_normal(int part, const double* x, double* normal) const = 0;
  // Fraction of the part's parameter space accepted by boundary_point (1 for
  // primitives).
  virtual double part_acceptance(int /*part*/) const { return 1.0; }

  // Interior sampling by mapping: when available, map_interior sends
  // u in [0,1)^dim to a point of the domain, measure-preserving.
  virtual bool has_interior_map() const { return false; }
  virtual void map_interior(const double* u, double* x) const;

  // Every crossing of the ray x + t*s*e_axis (t > 0, s = dir = +1 or -1) with
  // the boundary of the domain (not sorted; tangential touches may appear).
  virtual void ray_crossings(const double* x, int axis, int dir,
                             std::vector<Crossing>& out) const = 0;
  // Distance from an inside point x along axis `axis` in direction `dir`
  // (+1/-1) to the first boundary crossing, exact up to round-off for every
  // domain (the crossings of the primitives are computed in closed form and
  // CSG classifies the segments between them). No crossing within t_max:
  // {t_max, -1}. x outside the domain: {0, -1}. x on the boundary: the next
  // crossing at which the domain is left (possibly 0).
  GridLineHit grid_line_distance(const double* x, int axis, int dir, double t_max) const;

  // Distance-function program (DistanceFunction.hpp). emit_signed pushes one
  // node whose value is positive inside, zero on the boundary, negative
  // outside, smooth away from corners; emit_vanishing pushes a node that is
  // >= 0 in the domain and vanishes exactly on the listed parts.
  // emit_part pushes psi_part: >= 0 on the closed domain, zero exactly on the
  // closed part, smooth where positive, (distance to the part)^2 to second
  // order near the part's relative interior. The default emit_vanishing uses
  // emit_signed for all parts and (sum_i 1/psi_i)^(-1/2) for a subset.
  virtual void emit_signed(Impl::ProgramBuilder& builder) const = 0;
  // emit_inside pushes a node that is positive inside, zero on the boundary,
  // and (when `exterior` is true) negative outside, like emit_signed; with
  // `exterior` false its sign outside is free, so a smoother form may be used
  // (a box's product of slab factors, smooth at its corners). The default
  // emit_vanishing of all parts uses emit_inside(false).
  virtual void emit_inside(Impl::ProgramBuilder& builder, bool /*exterior*/) const {
    emit_signed(builder);
  }
  virtual void emit_part(Impl::ProgramBuilder& builder, int part) const = 0;
  virtual void emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const;

  // A name for messages and for CSG part-name prefixes (empty by default).
  const std::string& label() const { return label_; }
  void set_label(std::string label) { label_ = std::move(label); }
  // label() if set, else kind().
  std::string display_name() const;

 protected:
  std::vector<std::string> part_names_;
  std::string label_;
};

using DomainPtr = std::shared_ptr<const Domain>;

}  // namespace kanpde::geometry
