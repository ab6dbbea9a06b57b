#include "solver/expr/Program.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <tuple>

#include "common/Error.hpp"
#include "solver/expr/DeviceProgram.hpp"
#include "solver/expr/impl/Math.hpp"

namespace kanpde::solver::expr {

namespace {

class Compiler {
 public:
  explicit Compiler(std::vector<Instr>& code) : code_(code) {}

  int emit(const NodePtr& n) {
    const auto seen = by_node_.find(n.get());
    if (seen != by_node_.end()) return seen->second;
    Instr in;
    in.op = n->op;
    if (n->op == Op::Const) in.value = n->value;
    if (n->op == Op::Var) in.slot = n->slot;
    const std::size_t k = n->args.size();
    if (k > 0) in.a = emit(n->args[0]);
    if (k > 1) in.b = emit(n->args[1]);
    if (k > 2) in.c = emit(n->args[2]);
    std::uint64_t bits = 0;
    std::memcpy(&bits, &in.value, sizeof bits);
    const auto key = std::make_tuple(int(in.op), in.a, in.b, in.c, bits, in.slot);
    auto it = by_key_.find(key);
    int index;
    if (it != by_key_.end()) {
      index = it->second;
    } else {
      index = static_cast<int>(code_.size());
      code_.push_back(in);
      by_key_.emplace(key, index);
    }
    by_node_.emplace(n.get(), index);
    keep_.push_back(n);
    return index;
  }

 private:
  std::vector<Instr>& code_;
  std::map<const Node*, int> by_node_;
  std::map<std::tuple<int, int, int, int, std::uint64_t, int>, int> by_key_;
  std::vector<NodePtr> keep_;
};

// The Hessians are formed on and above the diagonal and mirrored, so they are
// exactly symmetric.
void mirror(double* h, int nd) {
  for (int p = 0; p < nd; ++p)
    for (int q = 0; q < p; ++q) h[p * nd + q] = h[q * nd + p];
}

}  // namespace

Program Program::compile(const std::vector<NodePtr>& outputs) {
  Program p;
  Compiler c(p.code_);
  for (const auto& o : outputs) {
    KANPDE_VERIFY(o != nullptr, "compiling an empty expression tree");
    p.outputs_.push_back(c.emit(o));
  }
  for (const auto& in : p.code_)
    if (in.op == Op::Var && in.slot + 1 > p.slots_) p.slots_ = in.slot + 1;
  return p;
}

bool Program::reads(int slot) const {
  for (const auto& in : code_)
    if (in.op == Op::Var && in.slot == slot) return true;
  return false;
}

namespace {
// Every instruction's value into r (sized to the code).
inline void run(const std::vector<Instr>& code, const double* slots, double* r) {
  const std::size_t n = code.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Instr& in = code[i];
    switch (in.op) {
      case Op::Const:
        r[i] = in.value;
        break;
      case Op::Var:
        r[i] = slots[in.slot];
        break;
      default: {
        const double a = r[std::size_t(in.a)];
        const double b = in.b >= 0 ? r[std::size_t(in.b)] : 0.0;
        const double c = in.c >= 0 ? r[std::size_t(in.c)] : 0.0;
        r[i] = Impl::apply(in.op, a, b, c);
      }
    }
  }
}
}  // namespace

void Program::eval(const double* slots, double* out, std::vector<double>& r) const {
  r.resize(code_.size());
  run(code_, slots, r.data());
  for (std::size_t k = 0; k < outputs_.size(); ++k) out[k] = r[std::size_t(outputs_[k])];
}

void Program::eval_many(const double* points, std::size_t n, std::size_t stride, double* out,
                        std::vector<double>& r) const {
  KANPDE_VERIFY(outputs_.size() == 1,
                "eval_many of a program with " << outputs_.size() << " outputs");
  r.resize(code_.size());
  const std::size_t o = std::size_t(outputs_[0]);
  for (std::size_t i = 0; i < n; ++i) {
    run(code_, points + i * stride, r.data());
    out[i] = r[o];
  }
}

void Program::eval_jets(const double* slots, int nd, double* out,
                        std::vector<double>& scratch) const {
  KANPDE_VERIFY(nd >= 0 && nd <= kMaxJetDim, "jets in " << nd << " directions");
  // Per instruction: [value, gradient (nd), Hessian (nd x nd), active].
  // "active" (the derivative parts may be non-zero) keeps 0 * inf out of the
  // terms of arguments that do not vary.
  const std::size_t kG = 1, kH = kG + std::size_t(nd), kActive = kH + std::size_t(nd * nd),
                    kStride = kActive + 1;
  const std::size_t n = code_.size();
  scratch.assign(n * kStride, 0.0);
  double* const base = scratch.data();
  auto J = [base, kStride](int i) { return base + std::size_t(i) * kStride; };
  for (std::size_t i = 0; i < n; ++i) {
    const Instr& in = code_[i];
    double* r = base + i * kStride;
    if (in.op == Op::Const) {
      r[0] = in.value;
      continue;
    }
    if (in.op == Op::Var) {
      r[0] = slots[in.slot];
      if (in.slot < nd) {
        r[kG + std::size_t(in.slot)] = 1.0;
        r[kActive] = 1.0;
      }
      continue;
    }
    const double* a = J(in.a);
    const bool aa = a[kActive] != 0.0;
    const int k = arity(in.op);
    if (k == 3) {  // c ? a : b: the jet of the selected branch
      const double* pick = J(a[0] != 0.0 ? in.b : in.c);
      std::copy(pick, pick + kStride, r);
      continue;
    }
    if (k == 1) {
      r[0] = Impl::apply(in.op, a[0]);
      if (!aa || is_step(in.op)) continue;
      double d1, d2;
      Impl::unary_partials(in.op, a[0], r[0], d1, d2);
      for (int p = 0; p < nd; ++p) r[kG + p] = d1 * a[kG + p];
      for (int p = 0; p < nd; ++p)
        for (int q = p; q < nd; ++q)
          r[kH + p * nd + q] = d1 * a[kH + p * nd + q] + d2 * a[kG + p] * a[kG + q];
      mirror(r + kH, nd);
      r[kActive] = 1.0;
      continue;
    }
    const double* b = J(in.b);
    const bool ba = b[kActive] != 0.0;
    r[0] = Impl::apply(in.op, a[0], b[0]);
    if ((!aa && !ba) || is_step(in.op)) continue;
    const Impl::Partials2 d = Impl::binary_partials(in.op, a[0], b[0], r[0], aa, ba);
    for (int p = 0; p < nd; ++p) {
      r[kG + p] = (aa ? d.fa * a[kG + p] : 0.0) + (ba ? d.fb * b[kG + p] : 0.0);
      for (int q = p; q < nd; ++q) {
        double h = 0.0;
        if (aa) h += d.fa * a[kH + p * nd + q] + d.faa * a[kG + p] * a[kG + q];
        if (ba) h += d.fb * b[kH + p * nd + q] + d.fbb * b[kG + p] * b[kG + q];
        if (aa && ba) h += d.fab * (a[kG + p] * b[kG + q] + b[kG + p] * a[kG + q]);
        r[kH + p * nd + q] = h;
      }
    }
    mirror(r + kH, nd);
    r[kActive] = 1.0;
  }
  const std::size_t stride = std::size_t(1 + nd + nd * nd);
  for (std::size_t k = 0; k < outputs_.size(); ++k) {
    const double* o = J(outputs_[k]);
    double* dst = out + k * stride;
    dst[0] = o[0];
    for (int p = 0; p < nd; ++p) dst[1 + p] = o[kG + p];
    for (int p = 0; p < nd * nd; ++p) dst[1 + nd + p] = o[kH + p];
  }
}

}  // namespace kanpde::solver::expr

namespace kanpde::solver::expr::Impl {

FlatProgram flatten(const Program& p, int max_registers) {
  const auto& code = p.code();
  const int n = static_cast<int>(code.size());
  // The last instruction reading each value (outputs live to the end).
  std::vector<int> last(std::size_t(n), -1);
  for (int i = 0; i < n; ++i)
    for (int a : {code[std::size_t(i)].a, code[std::size_t(i)].b, code[std::size_t(i)].c})
      if (a >= 0) last[std::size_t(a)] = i;
  for (int o : p.outputs()) last[std::size_t(o)] = n;
  FlatProgram f;
  std::vector<int> reg(std::size_t(n), -1), free_regs;
  for (int i = 0; i < n; ++i) {
    const Instr& in = code[std::size_t(i)];
    int args[3] = {-1, -1, -1};
    const int ids[3] = {in.a, in.b, in.c};
    for (int k = 0; k < 3; ++k)
      if (ids[k] >= 0) args[k] = reg[std::size_t(ids[k])];
    // Registers whose value dies here may hold the result (read before written).
    for (int k = 0; k < 3; ++k) {
      const int a = ids[k];
      if (a >= 0 && last[std::size_t(a)] == i && reg[std::size_t(a)] >= 0) {
        bool dup = false;
        for (int m = 0; m < k; ++m) dup = dup || ids[m] == a;
        if (!dup) free_regs.push_back(reg[std::size_t(a)]);
      }
    }
    int dst;
    if (!free_regs.empty()) {
      dst = free_regs.back();
      free_regs.pop_back();
    } else {
      dst = f.registers++;
    }
    reg[std::size_t(i)] = dst;
    f.code.push_back(static_cast<int>(in.op));
    f.code.push_back(dst);
    if (in.op == Op::Const) {
      f.code.push_back(static_cast<int>(f.constants.size()));
      f.constants.push_back(in.value);
      f.code.push_back(-1);
      f.code.push_back(-1);
    } else if (in.op == Op::Var) {
      f.code.push_back(in.slot);
      f.code.push_back(-1);
      f.code.push_back(-1);
      f.inputs = std::max(f.inputs, in.slot + 1);
    } else {
      for (int k = 0; k < 3; ++k) f.code.push_back(args[k]);
    }
  }
  for (int o : p.outputs()) f.outputs.push_back(reg[std::size_t(o)]);
  if (f.registers > max_registers)
    throw InputError("the equation is too large for the device program: it needs " +
                     std::to_string(f.registers) + " registers, at most " +
                     std::to_string(max_registers) + " fit; write it with fewer terms");
  return f;
}

}  // namespace kanpde::solver::expr::Impl
