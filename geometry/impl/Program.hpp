#pragma once
// The flattened form of a domain's distance function: a postfix program of
// nodes (primitive leaves and R-function operators) with their parameters.
// Built on the host by Domain::emit_*, copied to Views by DistanceFunction.
#include <Kokkos_Macros.hpp>
#include <vector>

#include "common/Error.hpp"

namespace kanpde::geometry::Impl {

enum Op : int {
  kBoxProduct = 1,  // product of chosen slab / half-space factors (vanishing form of a box)
  kBoxSigned,       // R-conjunction of the slabs of a box (signed form)
  kBall,            // (R^2 - |x-c|^2) / (2R)
  kEllipse,         // q / sqrt(|grad q|^2 + 4 q^2 / min(a,b)^2), q = 1 - X^2/a^2 - Y^2/b^2
  kPolygonEdges,    // (sum_e 1/psi_e)^(-1/2) over chosen edges (unsigned)
  kPolygonSigned,   // the same over all edges, times the inside sign
  kUnion,           // R0 disjunction  a + b + sqrt(a^2 + b^2)
  kIntersection,    // R0 conjunction  a + b - sqrt(a^2 + b^2)
  kDifference,      // a - b - sqrt(a^2 + b^2)
  // Part functions (squared, "psi"): >= 0, zero exactly on one boundary part,
  // smooth where positive, psi = (distance to the part)^2 to second order.
  kFacePsi,         // one box face (an end point in 1D), trimmed to the face
  kPolygonPsi,      // 1 / sum_e 1/psi_e over chosen edges (squared kPolygonEdges)
  kSquare,          // unary: a^2
  kNegate,          // unary: -a
  kSqrt,            // unary: sqrt(a) (the zero jet at a <= 0)
  kHarmonic,        // a b / (a + b), the composition 1/psi = 1/a + 1/b (0 where a or b is 0)
  kTrim,            // psi trimmed to t >= 0: psi + w^2, w = (sqrt(t^2 + psi^2) - t)/2
  kPolygonHarmonic  // (sum_e 1/phi_e)^(-1) over chosen edges, times re-entrant corner factors
};

// Operand counts: leaves push one value, unary ops replace the top, binary
// ops (kUnion..kDifference, kHarmonic, kTrim) replace the top two by one.
// Read by the device evaluation (DistanceFunction::eval) too.
KOKKOS_INLINE_FUNCTION constexpr bool is_unary(int op) {
  return op == kSquare || op == kNegate || op == kSqrt;
}
KOKKOS_INLINE_FUNCTION constexpr bool is_binary(int op) {
  return op == kUnion || op == kIntersection || op == kDifference || op == kHarmonic || op == kTrim;
}

// Deepest evaluation stack a program may need (a CSG tree nested this deep on
// its right-hand operands).
constexpr int kMaxStack = 12;

struct ProgramBuilder {
  int dim = 0;
  std::vector<int> code;  // per node: op, parameter offset, count
  std::vector<double> params;
  int depth = 0;
  int max_depth = 0;

  void leaf(int op, const std::vector<double>& p, int count = 0) {
    code.push_back(op);
    code.push_back(static_cast<int>(params.size()));
    code.push_back(count);
    params.insert(params.end(), p.begin(), p.end());
    ++depth;
    if (depth > max_depth) max_depth = depth;
    KANPDE_REQUIRE(max_depth <= kMaxStack,
                   "CSG expression nests too deeply on its right-hand operands (needs "
                       << max_depth << " levels, at most " << kMaxStack
                       << "); write it as a left-to-right chain");
  }
  void binary(int op) {
    code.push_back(op);
    code.push_back(0);
    code.push_back(0);
    --depth;
  }
  void unary(int op) {
    code.push_back(op);
    code.push_back(0);
    code.push_back(0);
  }
  int nodes() const { return static_cast<int>(code.size() / 3); }
};

}  // namespace kanpde::geometry::Impl
