#pragma once
// DistanceFunction: a distance-like function D(x) of a domain, evaluable with
// its jets (value, gradient, Hessian, Laplacian; above 3D value, gradient
// and Laplacian: LaplacianJet) inside Kokkos kernels, for
// trial functions u = g + D * N(x) that satisfy Dirichlet conditions exactly.
//
// Guarantees (see README.md for the construction of each domain):
// - D = 0 exactly on the chosen boundary parts (all parts by default), D > 0
//   at every other point of the closed domain (interior and other parts).
// - D is C-infinity in the open domain. Its gradient has unit length on the
//   chosen boundary away from corners (D matches the distance to first order)
//   for disks, balls, ellipses, polygons and CSG; for boxes D is the product
//   of slab factors (polynomial, smooth up to the corners), scaled so that
//   |grad D| = 1 at the centres of the faces of the box's narrowest direction.
// - Values outside the domain are not specified. On the boundary the value 0
//   is exact; where D is not differentiable there (polygon edges, CSG), the
//   returned derivatives are 0.
// - Vanishing on any subset of parts, for every domain and CSG tree: the
//   full boundary uses the domain's own form (box product, polygon edges,
//   R-function of a CSG tree); a proper subset of a CSG result composes per
//   operand functions psi_i (an operand holding the result: its own
//   vanishing form of its chosen parts, squared; other operands: squared part
//   functions trimmed to the part, Domain::emit_part) as
//   D = (sum_i 1/psi_i)^(-1/2), the R-equivalence with m = 2, so |grad D| = 1
//   on every chosen part away from its ends, except on box faces, where the
//   box's product form keeps its own scaling (Csg.hpp).
//
// The domain is flattened into a small postfix program (impl/Program.hpp)
// stored in two Views: no virtual calls or std containers on the device.
#include <Kokkos_Core.hpp>

#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "geometry/Jet.hpp"
#include "geometry/impl/DistanceKernels.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

namespace Impl {
// The program of `domain` vanishing on `parts` (names; empty: all parts).
ProgramBuilder build_distance_program(const Domain& domain, const std::vector<std::string>& parts);
}  // namespace Impl

template <class MemorySpace>
class DistanceFunction {
 public:
  using memory_space = MemorySpace;

  DistanceFunction() = default;
  // D vanishing on the named parts of `domain` (all parts when empty).
  explicit DistanceFunction(const Domain& domain, const std::vector<std::string>& parts = {}) {
    const Impl::ProgramBuilder b = Impl::build_distance_program(domain, parts);
    dim_ = b.dim;
    nodes_ = b.nodes();
    Kokkos::View<int*, MemorySpace> code("kanpde::geometry::distance_code", b.code.size());
    Kokkos::View<double*, MemorySpace> params("kanpde::geometry::distance_params",
                                              b.params.size() > 0 ? b.params.size() : 1);
    auto hc = Kokkos::create_mirror_view(code);
    auto hp = Kokkos::create_mirror_view(params);
    for (std::size_t i = 0; i < b.code.size(); ++i) hc(i) = b.code[i];
    for (std::size_t i = 0; i < b.params.size(); ++i) hp(i) = b.params[i];
    Kokkos::deep_copy(code, hc);
    Kokkos::deep_copy(params, hp);
    code_ = code;
    params_ = params;
  }

  KOKKOS_INLINE_FUNCTION int dim() const { return dim_; }

  // Jet of D at x (dim() coordinates, dim() <= 3).
  KOKKOS_INLINE_FUNCTION Jet operator()(const double* x) const { return eval<Jet>(x); }
  // Laplacian jet of D at x (any dimension up to max_space_dim).
  KOKKOS_INLINE_FUNCTION LaplacianJet laplacian_jet(const double* x) const {
    return eval<LaplacianJet>(x);
  }

  // The jet of kind J (Jet or LaplacianJet, geometry/Jet.hpp) of D at x.
  template <class J>
  KOKKOS_INLINE_FUNCTION J eval(const double* x) const {
    double y[max_space_dim] = {};
    for (int a = 0; a < dim_; ++a) y[a] = x[a];
    J stack[Impl::kMaxStack];
    int top = 0;
    for (int n = 0; n < nodes_; ++n) {
      const int op = code_(3 * n);
      const double* p = params_.data() + code_(3 * n + 1);
      const int count = code_(3 * n + 2);
      if (Impl::is_binary(op)) {
        const J b = stack[--top];
        const J a = stack[--top];
        if (op == Impl::kUnion) stack[top++] = Impl::r_or(a, b);
        if (op == Impl::kIntersection) stack[top++] = Impl::r_and(a, b);
        if (op == Impl::kDifference) stack[top++] = Impl::r_and(a, -b);
        if (op == Impl::kHarmonic) stack[top++] = Impl::harmonic(a, b);
        if (op == Impl::kTrim) stack[top++] = Impl::trim(a, b);
        continue;
      }
      if (Impl::is_unary(op)) {
        const J a = stack[top - 1];
        if (op == Impl::kSquare) stack[top - 1] = a * a;
        if (op == Impl::kNegate) stack[top - 1] = -a;
        if (op == Impl::kSqrt) stack[top - 1] = jet_sqrt(a);
        continue;
      }
      J r;
      if (op == Impl::kBoxProduct) r = Impl::box_product<J>(p, y, dim_);
      if (op == Impl::kBoxSigned) r = Impl::box_signed<J>(p, y, dim_);
      if (op == Impl::kBall) r = Impl::ball<J>(p, y, dim_);
      if (op == Impl::kEllipse) r = Impl::ellipse<J>(p, y);
      if (op == Impl::kPolygonEdges) r = Impl::polygon_edges<J>(p, count, y);
      if (op == Impl::kPolygonSigned) r = Impl::polygon_signed<J>(p, count, y);
      if (op == Impl::kPolygonHarmonic) r = Impl::polygon_harmonic<J>(p, count, y);
      if (op == Impl::kPolygonPsi) r = Impl::polygon_psi<J>(p, count, y);
      if (op == Impl::kFacePsi) r = Impl::face_psi<J>(p, y, dim_);
      stack[top++] = r;
    }
    return stack[0];
  }

 private:
  Kokkos::View<const int*, MemorySpace> code_;
  Kokkos::View<const double*, MemorySpace> params_;
  int dim_ = 0;
  int nodes_ = 0;
};

namespace Impl {
template <class DF, class XView, class VView, class GView, class LView>
struct EvaluateDistance {
  DF D;
  XView x;
  VView value;
  GView gradient;
  LView laplacian;
  KOKKOS_INLINE_FUNCTION void operator()(const int i) const {
    double p[max_space_dim] = {};
    const int d = D.dim();
    for (int a = 0; a < d; ++a) p[a] = x(i, a);
    if (d <= 3)
      store(i, d, D(p));
    else
      store(i, d, D.laplacian_jet(p));
  }
  template <class J>
  KOKKOS_INLINE_FUNCTION void store(const int i, const int d, const J& j) const {
    if (value.extent(0) > 0) value(i) = j.v;
    if (gradient.extent(0) > 0)
      for (int a = 0; a < d; ++a) gradient(i, a) = j.g[a];
    if (laplacian.extent(0) > 0) laplacian(i) = j.laplacian();
  }
};
}  // namespace Impl

// D, grad D (N x dim) and Laplacian of D at the N points x (N x dim), in one
// parallel_for "kanpde::geometry::distance" on `exec`. Any output View may be
// empty (extent 0) to skip it.
template <class ExecSpace, class MemorySpace, class XView, class VView, class GView, class LView>
void evaluate_distance(const ExecSpace& exec, const DistanceFunction<MemorySpace>& D,
                       const XView& x, const VView& value, const GView& gradient,
                       const LView& laplacian) {
  static_assert(XView::rank == 2 && GView::rank == 2, "points and gradient are N x dim Views");
  static_assert(VView::rank == 1 && LView::rank == 1, "value and Laplacian are rank-1 Views");
  KANPDE_REQUIRE(static_cast<int>(x.extent(1)) == D.dim(),
                 "points have " << x.extent(1) << " coordinates, the domain " << D.dim());
  const int n = static_cast<int>(x.extent(0));
  KANPDE_REQUIRE((value.extent(0) == 0 || static_cast<int>(value.extent(0)) == n) &&
                     (gradient.extent(0) == 0 || static_cast<int>(gradient.extent(0)) == n) &&
                     (laplacian.extent(0) == 0 || static_cast<int>(laplacian.extent(0)) == n),
                 "distance outputs must have one row per point (" << n << ") or be empty");
  Kokkos::parallel_for(
      "kanpde::geometry::distance", Kokkos::RangePolicy<ExecSpace>(exec, 0, n),
      Impl::EvaluateDistance<DistanceFunction<MemorySpace>, XView, VView, GView, LView>{
          D, x, value, gradient, laplacian});
}

}  // namespace kanpde::geometry
