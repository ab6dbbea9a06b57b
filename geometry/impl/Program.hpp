#pragma once
// The flattened form of a domain's distance function: a postfix program of
// nodes (primitive leaves and R-function operators) with their parameters.
// Built on the host by Domain::emit_*, copied to Views by DistanceFunction.
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
  kDifference       // a - b - sqrt(a^2 + b^2)
};

// Deepest evaluation stack a program may need (a CSG tree nested this deep on
// its right-hand operands).
constexpr int kMaxStack = 8;

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
  int nodes() const { return static_cast<int>(code.size() / 3); }
};

}  // namespace kanpde::geometry::Impl
