#pragma once
// A compiled Program (Program.hpp) in two Views, for evaluation inside Kokkos
// kernels: instructions over a small register file (registers reused once a
// value is dead), the constants beside them. No strings, virtual calls or std
// containers on the device.
//
// Evaluation is exactly the host Program::eval (the same impl/Math.hpp), so a
// host-space DeviceProgram reproduces it bit for bit.

#include <Kokkos_Core.hpp>

#include <string>
#include <vector>

#include "solver/expr/Program.hpp"
#include "solver/expr/impl/Math.hpp"

namespace kanpde::solver::expr {

namespace Impl {
// Per instruction: op, destination register, then either the argument
// registers (-1: none) or, for Const / Var, the constant / input index.
struct FlatProgram {
  static constexpr int kStride = 5;
  std::vector<int> code;
  std::vector<double> constants;
  std::vector<int> outputs;  // registers holding the outputs at the end
  int registers = 0;
  int inputs = 0;  // 1 + the largest input index read
};
// Throws InputError when the program needs more than max_registers.
FlatProgram flatten(const Program& p, int max_registers);
}  // namespace Impl

template <class MemorySpace>
class DeviceProgram {
 public:
  using memory_space = MemorySpace;
  // Registers one thread holds on its stack.
  static constexpr int kMaxRegisters = 64;

  DeviceProgram() = default;
  explicit DeviceProgram(const Program& p) {
    const Impl::FlatProgram f = Impl::flatten(p, kMaxRegisters);
    instructions_ = static_cast<int>(f.code.size()) / Impl::FlatProgram::kStride;
    outputs_n_ = static_cast<int>(f.outputs.size());
    inputs_ = f.inputs;
    code_ = to_view<int>("kanpde::expr::program_code", f.code);
    constants_ = to_view<double>("kanpde::expr::program_constants", f.constants);
    outputs_ = to_view<int>("kanpde::expr::program_outputs", f.outputs);
  }

  KOKKOS_INLINE_FUNCTION int num_outputs() const { return outputs_n_; }
  KOKKOS_INLINE_FUNCTION int num_inputs() const { return inputs_; }
  int num_instructions() const { return instructions_; }

  // in: the inputs (num_inputs()); out: num_outputs() values.
  KOKKOS_INLINE_FUNCTION void operator()(const double* in, double* out) const {
    double reg[kMaxRegisters];
    for (int i = 0; i < instructions_; ++i) {
      const int* c = code_.data() + Impl::FlatProgram::kStride * i;
      const Op op = static_cast<Op>(c[0]);
      double v;
      if (op == Op::Const) {
        v = constants_(c[2]);
      } else if (op == Op::Var) {
        v = in[c[2]];
      } else {
        v = Impl::apply(op, reg[c[2]], c[3] >= 0 ? reg[c[3]] : 0.0, c[4] >= 0 ? reg[c[4]] : 0.0);
      }
      reg[c[1]] = v;
    }
    for (int k = 0; k < outputs_n_; ++k) out[k] = reg[outputs_(k)];
  }

 private:
  template <class T>
  static Kokkos::View<T*, MemorySpace> to_view(const char* label, const std::vector<T>& v) {
    Kokkos::View<T*, MemorySpace> d(std::string(label), v.empty() ? 1 : v.size());
    auto h = Kokkos::create_mirror_view(d);
    for (std::size_t i = 0; i < v.size(); ++i) h(i) = v[i];
    Kokkos::deep_copy(d, h);
    return d;
  }

  int instructions_ = 0, outputs_n_ = 0, inputs_ = 0;
  Kokkos::View<int*, MemorySpace> code_;
  Kokkos::View<double*, MemorySpace> constants_;
  Kokkos::View<int*, MemorySpace> outputs_;
};

}  // namespace kanpde::solver::expr
