#pragma once
// Csg: union, intersection or difference of two domains of the same
// dimension (which may themselves be CSG results).
//
// Boundary: the parts of the result are the operands' parts that keep a
// piece on the result's boundary: first those of the left operand, then
// those of the right one. A point p of an operand part with result normal n
// (flipped for the right operand of a difference) is kept when the result is
// inside at p - eps n and outside at p + eps n (eps = 1e-9 of the size), so
// internal faces shared by both operands are dropped. Where both operands'
// boundaries coincide with the same orientation, the left operand's piece is
// kept and the right one's dropped, so no stretch of boundary is counted
// twice.
//
// Part names: each kept part keeps its operand's name; when the same name
// survives from both operands, both are prefixed with their operand's label
// ("<label>.<name>"), or with "lhs." / "rhs." for unlabelled operands. If the
// prefixed names still collide, the construction fails with an InputError
// asking for distinct labels.
//
// Measures are quasi-Monte Carlo estimates with unshifted Sobol points:
// measure() from 2^16 points in the bounding box; each part's measure from
// 2^12 points of its parameter space (relative errors about 1e-3, smaller for
// simple shapes). A part with no surviving probe point is dropped; a result
// with no probe point inside is an InputError (empty CSG result).
//
// Distance function of a subset of the parts (emit_vanishing): the chosen
// parts of an operand whose closure holds the result's (both operands of an
// intersection, the left operand of a difference) enter as that operand's
// own vanishing function of those parts, so that parts of one group meeting
// at an operand's corner keep its smooth form there (a box's product of slab
// factors, like the full set's emit_inside); the chosen pieces of the other
// operands enter one by one, trimmed to the result (emit_part). The terms
// are combined as (sum 1/psi)^(-1/2) with psi the squared terms.
//
// Interior sampling is by rejection from the bounding box; boundary sampling
// by rejection on the operand parts (boundary_point returns false for
// parameters whose point is not kept).
#include <string>
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::geometry {

enum class CsgOp { Union, Intersection, Difference };

// The bounding box of op(a, b): the union's hull, the overlap of an
// intersection (empty, hi <= lo on some axis, when they do not overlap), a
// difference's first operand.
BoundingBox csg_bounding_box(CsgOp op, const BoundingBox& a, const BoundingBox& b);

class Csg : public Domain {
 public:
  Csg(CsgOp op, DomainPtr a, DomainPtr b);

  int dim() const override { return a_->dim(); }
  std::string kind() const override;
  BoundingBox bounding_box() const override { return box_; }
  double signed_distance(const double* x) const override;
  double measure() const override { return measure_; }
  double part_measure(int part) const override;
  bool boundary_point(int part, const double* u, double* x, double* normal) const override;
  void outward_normal(int part, const double* x, double* normal) const override;
  double part_acceptance(int part) const override;
  void ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const override;
  void emit_signed(Impl::ProgramBuilder& builder) const override;
  void emit_part(Impl::ProgramBuilder& builder, int part) const override;
  void emit_inside(Impl::ProgramBuilder& builder, bool exterior) const override;
  void emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const override;

  CsgOp op() const { return op_; }
  const Domain& lhs() const { return *a_; }
  const Domain& rhs() const { return *b_; }

 private:
  struct Piece {
    int operand;  // 0: lhs, 1: rhs
    int part;     // the operand's part
    bool flip;    // normal reversed (rhs of a difference)
    double acceptance;
    double measure;
  };
  bool inside_strict(const double* x) const;
  bool keeps(const Piece& piece, const double* x, const double* normal) const;

  CsgOp op_;
  DomainPtr a_, b_;
  BoundingBox box_;
  double measure_ = 0.0;
  double eps_ = 0.0;
  std::vector<Piece> pieces_;
  std::vector<int> map_[2];  // operand part -> result part (-1 if dropped)
};

DomainPtr make_union(DomainPtr a, DomainPtr b);
DomainPtr make_intersection(DomainPtr a, DomainPtr b);
DomainPtr make_difference(DomainPtr a, DomainPtr b);

}  // namespace kanpde::geometry
