#pragma once
// An equation of the case, "LHS = RHS", compiled to the residual
// r = LHS - RHS as a function of u's jet components and of per-point inputs
// tabulated on the host (coordinates, coefficient fields and their
// x-derivatives, the outward normal), together with the partial derivatives
// dr/d(jet component): the seeds of the network's reverse pass.
//
// The language is the expression language (Parse.hpp) plus
//   u; grad(s); div(V); lap(s); dx(s) dy(s) dz(s); dxx(s) dyy(s) dzz(s)
//   dxy(s) dxz(s) dyz(s)
// of scalar expressions s and vectors V (one component per coordinate),
// the coefficient names, and n (the outward normal) in a boundary equation.
// Derivatives are total derivatives in x (d/dx_i u = u_i, d/dx_i u_j = u_ij,
// d/dx_i a = da/dx_i of a coefficient, from the coefficient's exact jets).
// Derivatives of u above second order are an error at the operator's
// position; a boundary equation uses u and grad(u) only.
//
// Unknown scalars (EquationOptions::unknowns, solver/expr/Unknowns.hpp) are
// names like constants whose values change during training: they are program
// inputs after the aux inputs, and the program also outputs dr/dk for each.
//
// Unknown fields (EquationOptions::fields: the names of coefficient fields
// a(x) that a second network represents during training) are inputs after
// the unknown scalars: per field its value and first derivatives
// [a, da/dx_0 .. da/dx_{d-1}], and the program outputs dr/d(each of them),
// the seeds of the field network's reverse pass. Second derivatives of a
// field are an error at the operator's position. An equation may involve a
// field and no u (a regularisation term such as dx(a) = 0).
//
// Jet mode: Laplacian ([u, grad u, lap u]) when the equation needs no single
// second derivative of u: lap(u), and div(V) where dV_i/du_j = k delta_ij
// (so -div(a grad u) and -div((1 + u^2) grad u) stay in Laplacian mode);
// otherwise Hessian ([u, grad u, H_00, H_01, .., H_11, ..], the upper
// triangle row by row: the layouts of kan/Jet.hpp).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "solver/expr/Field.hpp"
#include "solver/expr/Program.hpp"
#include "solver/expr/Tree.hpp"
#include "solver/expr/Unknowns.hpp"

namespace kanpde::solver::expr {

enum class JetMode : int { laplacian = 1, hessian = 2 };  // as kan::JetMode

// The names equations reserve: u, n and the differential operators.
const std::vector<std::string>& equation_names();
int jet_size(JetMode mode, int dim);
int hessian_index(int dim, int a, int b);  // the jet component of H_ab

// A named coefficient field: a scalar or a vector of fields of x.
struct Coefficient {
  std::string name;
  std::vector<Field> components;
  // A coefficient that reads unknown scalars is not tabulated: its text is
  // parsed into the equation itself (over the coordinates, the constants and
  // the unknowns), so that dr/dk covers it; components stay empty then.
  std::string inline_text;
  // Compiles text (ExpressionError positions are inside text).
  static Coefficient compile(const std::string& name, const std::string& text, int dim,
                             const std::vector<std::pair<std::string, double>>& constants = {});
};

struct EquationOptions {
  int dim = 2;
  std::vector<std::pair<std::string, double>> constants;
  std::vector<Coefficient> coefficients;
  bool boundary = false;  // n is known; derivatives of u up to first order
  // Unknown scalars usable by name (null: none). Every equation of a case is
  // compiled with all of them, so all have the same unknown inputs.
  std::shared_ptr<const UnknownValues> unknowns;
  // Unknown fields usable by name (with grad(a), dx(a), ..).
  std::vector<std::string> fields;
};

// One per-point input besides u's jets.
struct AuxInput {
  enum class Kind : int { coordinate, coefficient, normal, unknown, field };
  Kind kind = Kind::coordinate;
  int index = 0;         // coordinate or normal component; coefficient component (flat)
  int d1 = -1, d2 = -1;  // coefficient: derivative directions (-1: none)
  std::string name;      // "x", "a", "da/dx", "d2a/dxdy", "b[1]", "n_x"
  // unknown field: index = field, d1 = derivative direction (-1: value)
};

// A term weight · div(k grad u) of the residual with k a non-constant field
// of x and u (it reads no derivative of u): the finite-difference reference
// discretises it in flux form with k at half nodes. `nodal` is the term's
// expansion inside the residual, k lap u + grad k · grad u (over the same
// inputs as the residual; r is affine in it with slope weight).
struct FluxTerm {
  double weight = 1.0;
  NodePtr k;
  NodePtr nodal;
};

class Equation {
 public:
  Equation() = default;
  // Throws ExpressionError (0-based position in text).
  static Equation compile(const std::string& text, const EquationOptions& options);

  const std::string& text() const { return text_; }
  int dim() const { return dim_; }
  JetMode mode() const { return mode_; }
  int jet_size() const { return expr::jet_size(mode_, dim_); }
  const std::vector<AuxInput>& aux() const { return aux_; }
  int num_aux() const { return static_cast<int>(aux_.size()); }
  // Unknown scalars (all of the options' unknowns, used or not).
  int num_unknowns() const { return unknowns_ ? unknowns_->size() : 0; }
  const std::shared_ptr<const UnknownValues>& unknowns() const { return unknowns_; }
  // Unknown fields (all of the options' fields, used or not) and their
  // inputs: (1 + dim) per field, [a, da/dx_0, ..].
  int num_fields() const { return static_cast<int>(field_names_.size()); }
  const std::vector<std::string>& field_names() const { return field_names_; }
  int num_field_inputs() const { return num_fields() * (1 + dim_); }
  // The residual reads u's jets (false: only fields, coordinates, ..).
  bool uses_u() const { return uses_u_; }
  // Inputs of the program: [jet (jet_size), aux (num_aux), unknowns, field
  // inputs].
  int num_inputs() const { return jet_size() + num_aux() + num_unknowns() + num_field_inputs(); }
  // r, and dr/d(jet component c) for c < jet_size.
  const NodePtr& residual() const { return residual_; }
  const std::vector<NodePtr>& partials() const { return partials_; }
  // Outputs: [r, dr/djet_0 .. dr/djet_{jet_size-1}, dr/dk_0 .. dr/dk_{m-1},
  // dr/d(field input) for each field input].
  const Program& program() const { return program_; }
  // r is affine in u's jets (the partials read no jet component).
  bool linear() const { return linear_; }
  // The divergence-form terms of variable coefficients of x (see FluxTerm).
  const std::vector<FluxTerm>& flux_terms() const { return flux_terms_; }
  // Names of the program's inputs ("u", "u_x", "lap_u", "u_xy", then aux).
  std::vector<std::string> input_names() const;
  // r written out with the input names.
  std::string describe() const;

  // The aux inputs at n points: x (n x dim), normals (n x dim; needed when the
  // equation uses n). Returns n x num_aux, row-major.
  std::vector<double> tabulate(const std::vector<double>& x,
                               const std::vector<double>& normals = {}) const;
  // The same equation over the inputs of another jet mode (Laplacian to
  // Hessian: lap u = sum H_aa; an error the other way round).
  Equation with_mode(JetMode mode) const;
  // Host evaluation: inputs [jet, aux, unknowns, fields] -> out [r, dr/djet,
  // dr/dk, dr/dfield].
  void eval(const double* inputs, double* out) const;

 private:
  std::string text_;
  int dim_ = 0;
  JetMode mode_ = JetMode::laplacian;
  std::vector<AuxInput> aux_;
  std::vector<Field> fields_;  // coefficient components (flat)
  NodePtr residual_;
  std::vector<NodePtr> partials_;
  Program program_;
  bool linear_ = true;
  std::shared_ptr<const UnknownValues> unknowns_;
  std::vector<std::string> field_names_;
  bool uses_u_ = true;
  std::vector<FluxTerm> flux_terms_;

  void finish();  // partials, program and linear_ from residual_
};

}  // namespace kanpde::solver::expr
