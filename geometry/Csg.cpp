#include "geometry/Csg.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/Error.hpp"
#include "geometry/Sobol.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

namespace {
constexpr int kMeasureLog2 = 16;
constexpr int kPartLog2 = 12;
}  // namespace

BoundingBox csg_bounding_box(CsgOp op, const BoundingBox& a, const BoundingBox& b) {
  BoundingBox box = a;
  for (std::size_t i = 0; i < static_cast<std::size_t>(a.dim); ++i) {
    if (op == CsgOp::Union) {
      box.lo[i] = std::min(a.lo[i], b.lo[i]);
      box.hi[i] = std::max(a.hi[i], b.hi[i]);
    } else if (op == CsgOp::Intersection) {
      box.lo[i] = std::max(a.lo[i], b.lo[i]);
      box.hi[i] = std::min(a.hi[i], b.hi[i]);
    }
  }
  return box;
}

std::string Csg::kind() const {
  switch (op_) {
    case CsgOp::Union:
      return "union";
    case CsgOp::Intersection:
      return "intersection";
    default:
      return "difference";
  }
}

Csg::Csg(CsgOp op, DomainPtr a, DomainPtr b) : op_(op), a_(std::move(a)), b_(std::move(b)) {
  KANPDE_REQUIRE(a_ && b_, kind() << " needs two operands");
  KANPDE_REQUIRE(a_->dim() == b_->dim(), kind()
                                             << " operands must have the same dimension, found "
                                             << a_->dim() << " (" << a_->display_name() << ") and "
                                             << b_->dim() << " (" << b_->display_name() << ")");
  const int d = a_->dim();
  box_ = csg_bounding_box(op_, a_->bounding_box(), b_->bounding_box());
  for (int i = 0; i < d; ++i)
    KANPDE_REQUIRE(box_.extent(i) > 0, "empty CSG result: the intersection of "
                                           << a_->display_name() << " and " << b_->display_name()
                                           << " is empty (their bounding boxes do not overlap)");
  double scale = 1.0;
  for (int i = 0; i < d; ++i) scale = std::max(scale, box_.extent(i));
  eps_ = 1e-9 * scale;

  // Measure: unshifted Sobol points in the bounding box.
  {
    const Sobol sobol(d);
    const std::uint64_t n = 1ull << kMeasureLog2;
    std::uint64_t inside = 0;
    double u[3], x[3];
    for (std::uint64_t i = 1; i <= n; ++i) {
      sobol.point(i, u);
      for (int k = 0; k < d; ++k)
        x[k] = box_.lo[static_cast<std::size_t>(k)] + u[k] * box_.extent(k);
      if (inside_strict(x)) ++inside;
    }
    KANPDE_REQUIRE(inside > 0, "empty CSG result: the " << kind() << " of " << a_->display_name()
                                                        << " and " << b_->display_name()
                                                        << " has no interior");
    measure_ = box_.volume() * static_cast<double>(inside) / static_cast<double>(n);
  }

  // Surviving pieces of the operands' parts.
  const Domain* ops[2] = {a_.get(), b_.get()};
  for (int o = 0; o < 2; ++o) {
    map_[o].assign(static_cast<std::size_t>(ops[o]->num_parts()), -1);
    for (int p = 0; p < ops[o]->num_parts(); ++p) {
      Piece piece{o, p, op_ == CsgOp::Difference && o == 1, 0.0, 0.0};
      const int pd = d - 1;
      const std::uint64_t n = pd == 0 ? 1 : (1ull << kPartLog2);
      std::uint64_t kept = 0;
      double u[2] = {0.5, 0.5}, x[3], nrm[3];
      const Sobol sobol(pd == 0 ? 1 : pd);
      for (std::uint64_t i = 1; i <= n; ++i) {
        if (pd > 0) sobol.point(i, u);
        if (!ops[o]->boundary_point(p, u, x, nrm)) continue;
        if (piece.flip)
          for (int k = 0; k < d; ++k) nrm[k] = -nrm[k];
        if (keeps(piece, x, nrm)) ++kept;
      }
      if (kept == 0) continue;
      piece.acceptance = static_cast<double>(kept) / static_cast<double>(n);
      piece.measure = ops[o]->part_measure(p) / ops[o]->part_acceptance(p) * piece.acceptance;
      map_[o][static_cast<std::size_t>(p)] = static_cast<int>(pieces_.size());
      pieces_.push_back(piece);
    }
  }
  KANPDE_VERIFY(!pieces_.empty(), kind() << " of " << a_->display_name() << " and "
                                         << b_->display_name() << " has no boundary");

  // Names, with prefixes where both operands contribute the same name.
  std::map<std::string, int> origin;  // name -> bit mask of operands
  for (const Piece& pc : pieces_) origin[ops[pc.operand]->part_name(pc.part)] |= 1 << pc.operand;
  for (const Piece& pc : pieces_) {
    const std::string& name = ops[pc.operand]->part_name(pc.part);
    if (origin[name] != 3) {
      part_names_.push_back(name);
      continue;
    }
    std::string prefix = ops[pc.operand]->label();
    if (prefix.empty()) prefix = pc.operand == 0 ? "lhs" : "rhs";
    part_names_.push_back(prefix + "." + name);
  }
  for (std::size_t i = 0; i < part_names_.size(); ++i)
    for (std::size_t j = i + 1; j < part_names_.size(); ++j)
      KANPDE_REQUIRE(part_names_[i] != part_names_[j],
                     "boundary part name '" << part_names_[i] << "' occurs in both operands of the "
                                            << kind()
                                            << " even after prefixing with their labels; give "
                                               "the operands distinct labels");
}

bool Csg::inside_strict(const double* x) const {
  const bool ia = a_->signed_distance(x) < 0.0, ib = b_->signed_distance(x) < 0.0;
  switch (op_) {
    case CsgOp::Union:
      return ia || ib;
    case CsgOp::Intersection:
      return ia && ib;
    default:
      return ia && !ib;
  }
}

bool Csg::keeps(const Piece& piece, const double* x, const double* normal) const {
  const int d = dim();
  double lo[3], hi[3];
  for (int k = 0; k < d; ++k) {
    lo[k] = x[k] - eps_ * normal[k];
    hi[k] = x[k] + eps_ * normal[k];
  }
  if (!inside_strict(lo) || inside_strict(hi)) return false;
  // Coinciding boundaries: the left operand's piece wins.
  if (piece.operand == 1 && a_->on_boundary(x, 10.0 * boundary_tolerance())) return false;
  return true;
}

double Csg::signed_distance(const double* x) const {
  const double sa = a_->signed_distance(x), sb = b_->signed_distance(x);
  switch (op_) {
    case CsgOp::Union:
      return std::min(sa, sb);
    case CsgOp::Intersection:
      return std::max(sa, sb);
    default:
      return std::max(sa, -sb);
  }
}

double Csg::part_measure(int part) const {
  part_name(part);
  return pieces_[static_cast<std::size_t>(part)].measure;
}

double Csg::part_acceptance(int part) const {
  part_name(part);
  const Piece& pc = pieces_[static_cast<std::size_t>(part)];
  return pc.acceptance;
}

bool Csg::boundary_point(int part, const double* u, double* x, double* normal) const {
  const Piece& pc = pieces_[static_cast<std::size_t>(part)];
  const Domain& op = pc.operand == 0 ? *a_ : *b_;
  if (!op.boundary_point(pc.part, u, x, normal)) return false;
  if (pc.flip)
    for (int k = 0; k < dim(); ++k) normal[k] = -normal[k];
  return keeps(pc, x, normal);
}

void Csg::outward_normal(int part, const double* x, double* normal) const {
  part_name(part);
  const Piece& pc = pieces_[static_cast<std::size_t>(part)];
  (pc.operand == 0 ? *a_ : *b_).outward_normal(pc.part, x, normal);
  if (pc.flip)
    for (int k = 0; k < dim(); ++k) normal[k] = -normal[k];
}

void Csg::ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const {
  const Domain* ops[2] = {a_.get(), b_.get()};
  std::vector<Crossing> tmp;
  for (int o = 0; o < 2; ++o) {
    tmp.clear();
    ops[o]->ray_crossings(x, axis, dir, tmp);
    for (const Crossing& c : tmp)
      out.push_back({c.t, c.part < 0 ? -1 : map_[o][static_cast<std::size_t>(c.part)]});
  }
}

void Csg::emit_signed(Impl::ProgramBuilder& builder) const {
  a_->emit_signed(builder);
  b_->emit_signed(builder);
  builder.binary(op_ == CsgOp::Union          ? Impl::kUnion
                 : op_ == CsgOp::Intersection ? Impl::kIntersection
                                              : Impl::kDifference);
}

// The operand's part function, trimmed to where the piece lies on the result's
// boundary: outside the other operand for a union and for the left operand of
// a difference (t = -signed(other)), inside it for an intersection and for the
// right operand of a difference (t = signed(other)).
void Csg::emit_part(Impl::ProgramBuilder& builder, int part) const {
  part_name(part);  // range check
  const Piece& pc = pieces_[static_cast<std::size_t>(part)];
  const Domain& own = pc.operand == 0 ? *a_ : *b_;
  const Domain& other = pc.operand == 0 ? *b_ : *a_;
  own.emit_part(builder, pc.part);
  other.emit_signed(builder);
  const bool outside = op_ == CsgOp::Union || (op_ == CsgOp::Difference && pc.operand == 0);
  if (outside) builder.unary(Impl::kNegate);
  builder.binary(Impl::kTrim);
}

// r_and(a, b) vanishes where one operand does and the other is >= 0, so the
// operands of an intersection and the left operand of a difference need the
// right sign only inside them (exterior as asked of the result); a union's
// operands and a difference's right operand (whose outside is the domain)
// need it everywhere.
void Csg::emit_inside(Impl::ProgramBuilder& builder, bool exterior) const {
  a_->emit_inside(builder, exterior || op_ == CsgOp::Union);
  b_->emit_inside(builder, exterior || op_ != CsgOp::Intersection);
  builder.binary(op_ == CsgOp::Union          ? Impl::kUnion
                 : op_ == CsgOp::Intersection ? Impl::kIntersection
                                              : Impl::kDifference);
}

// See the header: per operand, its own vanishing function where its closure
// holds the result's (no trim needed: it is >= 0 on the closed operand and
// vanishes there exactly on the chosen parts), trimmed pieces otherwise.
void Csg::emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const {
  std::vector<int> sorted = parts;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  if (static_cast<int>(sorted.size()) == num_parts() || sorted.empty()) {
    Domain::emit_vanishing(builder, sorted);  // the full set's form, or the range error
    return;
  }
  const Domain* ops[2] = {a_.get(), b_.get()};
  std::vector<int> own[2];
  std::vector<int> loose;
  for (int part : sorted) {
    part_name(part);  // range check
    const Piece& pc = pieces_[static_cast<std::size_t>(part)];
    const bool holds = op_ == CsgOp::Intersection || (op_ == CsgOp::Difference && pc.operand == 0);
    if (holds)
      own[pc.operand].push_back(pc.part);
    else
      loose.push_back(part);
  }
  const int terms =
      (own[0].empty() ? 0 : 1) + (own[1].empty() ? 0 : 1) + static_cast<int>(loose.size());
  int pushed = 0;
  for (int o = 0; o < 2; ++o) {
    if (own[o].empty()) continue;
    ops[o]->emit_vanishing(builder, own[o]);
    if (terms == 1) return;  // that operand's form as it is
    builder.unary(Impl::kSquare);
    if (pushed++ > 0) builder.binary(Impl::kHarmonic);
  }
  for (int part : loose) {
    emit_part(builder, part);
    if (pushed++ > 0) builder.binary(Impl::kHarmonic);
  }
  builder.unary(Impl::kSqrt);
}

DomainPtr make_union(DomainPtr a, DomainPtr b) {
  return std::make_shared<Csg>(CsgOp::Union, std::move(a), std::move(b));
}
DomainPtr make_intersection(DomainPtr a, DomainPtr b) {
  return std::make_shared<Csg>(CsgOp::Intersection, std::move(a), std::move(b));
}
DomainPtr make_difference(DomainPtr a, DomainPtr b) {
  return std::make_shared<Csg>(CsgOp::Difference, std::move(a), std::move(b));
}

}  // namespace kanpde::geometry
