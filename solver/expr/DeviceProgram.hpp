#pragma once
// A compiled Program (Program.hpp) in two Views, for evaluation inside Kokkos
// kernels: instructions over a small register file (registers reused once a
// value is dead), the constants beside them. No strings, virtual calls or std
// containers on the device.
//
// Evaluation is exactly the host Program::eval (the same impl/Math.hpp), so a
// host-space DeviceProgram reproduces it bit for bit.

#include <Kokkos_Core.hpp>

#include <algorithm>
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

// Several programs in the same two Views, chosen per call by their index
// (one kernel over points of different equations).
template <class MemorySpace>
class DeviceProgramSet {
 public:
  using memory_space = MemorySpace;
  // Registers one thread holds on its stack.
  static constexpr int kMaxRegisters = 64;

  DeviceProgramSet() = default;
  explicit DeviceProgramSet(const std::vector<const Program*>& programs) {
    std::vector<int> code, outputs, info;
    std::vector<double> constants;
    for (const Program* p : programs) {
      const Impl::FlatProgram f = Impl::flatten(*p, kMaxRegisters);
      const int first = static_cast<int>(code.size()) / Impl::FlatProgram::kStride;
      const int n = static_cast<int>(f.code.size()) / Impl::FlatProgram::kStride;
      const int c0 = static_cast<int>(constants.size());
      for (int i = 0; i < n; ++i) {
        const int* c = f.code.data() + Impl::FlatProgram::kStride * i;
        for (int k = 0; k < Impl::FlatProgram::kStride; ++k)
          code.push_back(k == 2 && static_cast<Op>(c[0]) == Op::Const ? c[k] + c0 : c[k]);
      }
      constants.insert(constants.end(), f.constants.begin(), f.constants.end());
      info.insert(info.end(), {first, n, static_cast<int>(outputs.size()),
                               static_cast<int>(f.outputs.size()), f.inputs});
      outputs.insert(outputs.end(), f.outputs.begin(), f.outputs.end());
      max_outputs_ = std::max(max_outputs_, static_cast<int>(f.outputs.size()));
      max_inputs_ = std::max(max_inputs_, f.inputs);
    }
    programs_ = static_cast<int>(programs.size());
    code_ = to_view<int>("kanpde::expr::program_code", code);
    constants_ = to_view<double>("kanpde::expr::program_constants", constants);
    outputs_ = to_view<int>("kanpde::expr::program_outputs", outputs);
    info_ = to_view<int>("kanpde::expr::program_info", info);
    if (!programs.empty()) {
      auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), info_);
      host_info_.assign(h.data(), h.data() + h.extent(0));
    }
  }

  int size() const { return programs_; }
  int max_outputs() const { return max_outputs_; }
  int max_inputs() const { return max_inputs_; }
  int num_outputs_host(int id) const { return host_info_[std::size_t(5 * id + 3)]; }
  int num_inputs_host(int id) const { return host_info_[std::size_t(5 * id + 4)]; }
  KOKKOS_INLINE_FUNCTION int num_outputs(int id) const { return info_(5 * id + 3); }
  KOKKOS_INLINE_FUNCTION int num_inputs(int id) const { return info_(5 * id + 4); }

  // Program id at in (its num_inputs values) -> out (its num_outputs).
  KOKKOS_INLINE_FUNCTION void operator()(const int id, const double* in, double* out) const {
    double reg[kMaxRegisters] = {};  // (zeroed: keeps the compiler sure of it)
    const int first = info_(5 * id), n = info_(5 * id + 1);
    for (int i = first; i < first + n; ++i) {
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
    const int o0 = info_(5 * id + 2), no = info_(5 * id + 3);
    for (int k = 0; k < no; ++k) out[k] = reg[outputs_(o0 + k)];
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

  int programs_ = 0, max_outputs_ = 0, max_inputs_ = 0;
  std::vector<int> host_info_;
  Kokkos::View<int*, MemorySpace> code_;
  Kokkos::View<double*, MemorySpace> constants_;
  Kokkos::View<int*, MemorySpace> outputs_;
  Kokkos::View<int*, MemorySpace>
      info_;  // per program: first, count, output start, outputs, inputs
};

// One program.
template <class MemorySpace>
class DeviceProgram {
 public:
  using memory_space = MemorySpace;
  DeviceProgram() = default;
  explicit DeviceProgram(const Program& p) : set_(std::vector<const Program*>{&p}) {}
  KOKKOS_INLINE_FUNCTION int num_outputs() const { return set_.num_outputs(0); }
  KOKKOS_INLINE_FUNCTION int num_inputs() const { return set_.num_inputs(0); }
  KOKKOS_INLINE_FUNCTION void operator()(const double* in, double* out) const { set_(0, in, out); }

 private:
  DeviceProgramSet<MemorySpace> set_;
};

}  // namespace kanpde::solver::expr
