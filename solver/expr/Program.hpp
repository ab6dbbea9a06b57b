#pragma once
// A scalar tree (or several sharing sub-trees) compiled to a flat program:
// instructions in evaluation order, each reading earlier results by index
// (common sub-expressions merged). The host evaluators here give values and
// forward-mode second-order jets (value, gradient, Hessian) with respect to
// the first input slots; they are the reference for the device programs.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/Coordinates.hpp"
#include "solver/expr/Tree.hpp"

namespace kanpde::solver::expr {

struct Instr {
  Op op = Op::Const;
  int a = -1, b = -1, c = -1;  // argument instructions
  double value = 0.0;          // Const
  int slot = -1;               // Var
};

class Program {
 public:
  static constexpr int kMaxJetDim = max_space_dim;

  Program() = default;
  static Program compile(const std::vector<NodePtr>& outputs);

  const std::vector<Instr>& code() const { return code_; }
  const std::vector<int>& outputs() const { return outputs_; }
  // 1 + the largest slot read (0: reads none).
  int slots() const { return slots_; }
  bool reads(int slot) const;

  // slots: the input values; out: one value per output. scratch is resized.
  void eval(const double* slots, double* out, std::vector<double>& scratch) const;
  // A one-output program at n points: the slots of point i start at
  // points + i * stride; out: n values (each exactly eval()'s).
  void eval_many(const double* points, std::size_t n, std::size_t stride, double* out,
                 std::vector<double>& scratch) const;
  // Jets with respect to slots 0..nd-1 (nd <= kMaxJetDim): per output,
  // 1 + nd + nd*nd values [v, grad v, Hessian row-major].
  void eval_jets(const double* slots, int nd, double* out, std::vector<double>& scratch) const;

 private:
  std::vector<Instr> code_;
  std::vector<int> outputs_;
  int slots_ = 0;
};

}  // namespace kanpde::solver::expr
