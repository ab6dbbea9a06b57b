#pragma once
// One term of a PINN loss: a set of collocation points on which a linear
// differential expression of u must equal a right-hand side,
//
//   r_p = A_u u(x_p) + A_grad . grad u(x_p) + A_lap lap u(x_p) - rhs_p,
//
// weighted in the loss as  weight * mean_p q_p r_p^2, q_p the quadrature
// weights of the points (mean 1; all 1 unless given, geometry/Quadrature.hpp).  Every condition
// kanpde supports is of this form:
//   interior   -lap u + c u = f         A = (c, 0, -1)
//   Dirichlet  u = g                    A = (1, 0, 0)
//   Neumann    grad u . n = g           A = (0, n, 0)
//   Robin      a u + b grad u . n = g   A = (a, b n, 0)
// Coefficients are stored per point (normals differ from point to point),
// laid out like a Laplacian jet: [u, du/dx_0 .. du/dx_{d-1}, lap u].
//
// An equation term (equation_term) has instead any residual of the equation
// language, r_p = F(u's jets at x_p, aux_p) (solver/expr/Equation.hpp), with
// its per-point inputs (coordinates, coefficient fields, normals) tabulated
// in aux; coef is 0 and rhs 0 there.

#include <memory>
#include <string>
#include <vector>

#include "solver/expr/Equation.hpp"

namespace kanpde::solver {

struct PointTerm {
  std::string name;
  double weight = 1.0;
  int dim = 0;
  std::vector<double> x;                           // N x dim, row-major
  std::vector<double> coef;                        // N x (dim + 2)
  std::vector<double> rhs;                         // N
  std::shared_ptr<const expr::Equation> equation;  // an equation term (else null)
  std::vector<double> aux;                         // N x equation->num_aux()
  std::vector<double> quad_weight;                 // N quadrature weights q_p, or empty (all 1)
  std::size_t size() const { return rhs.size(); }
};

// The constructors validate sizes (InputError on a mismatch).
PointTerm interior_term(std::string name, double weight, int dim, std::vector<double> x,
                        std::vector<double> f, double c = 0.0);
PointTerm dirichlet_term(std::string name, double weight, int dim, std::vector<double> x,
                         std::vector<double> g);
PointTerm neumann_term(std::string name, double weight, int dim, std::vector<double> x,
                       const std::vector<double>& normals, std::vector<double> g);
// normals: N x dim, needed when the equation uses n.
PointTerm equation_term(std::string name, double weight, int dim, std::vector<double> x,
                        std::shared_ptr<const expr::Equation> equation,
                        const std::vector<double>& normals = {});
PointTerm robin_term(std::string name, double weight, int dim, std::vector<double> x,
                     const std::vector<double>& normals, double a, double b, std::vector<double> g);

}  // namespace kanpde::solver
