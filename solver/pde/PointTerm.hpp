#pragma once
// One term of a PINN loss: a set of collocation points on which a linear
// differential expression of u must equal a right-hand side,
//
//   r_p = A_u u(x_p) + A_grad . grad u(x_p) + A_lap lap u(x_p) - rhs_p,
//
// weighted in the loss as  weight * mean_p r_p^2.  Every condition kanpde
// supports is of this form:
//   interior   -lap u + c u = f         A = (c, 0, -1)
//   Dirichlet  u = g                    A = (1, 0, 0)
//   Neumann    grad u . n = g           A = (0, n, 0)
//   Robin      a u + b grad u . n = g   A = (a, b n, 0)
// Coefficients are stored per point (normals differ from point to point),
// laid out like a Laplacian jet: [u, du/dx_0 .. du/dx_{d-1}, lap u].

#include <string>
#include <vector>

namespace kanpde::solver {

struct PointTerm {
  std::string name;
  double weight = 1.0;
  int dim = 0;
  std::vector<double> x;     // N x dim, row-major
  std::vector<double> coef;  // N x (dim + 2)
  std::vector<double> rhs;   // N
  std::size_t size() const { return rhs.size(); }
};

// The constructors validate sizes (InputError on a mismatch).
PointTerm interior_term(std::string name, double weight, int dim, std::vector<double> x,
                        std::vector<double> f, double c = 0.0);
PointTerm dirichlet_term(std::string name, double weight, int dim, std::vector<double> x,
                         std::vector<double> g);
PointTerm neumann_term(std::string name, double weight, int dim, std::vector<double> x,
                       const std::vector<double>& normals, std::vector<double> g);
PointTerm robin_term(std::string name, double weight, int dim, std::vector<double> x,
                     const std::vector<double>& normals, double a, double b, std::vector<double> g);

}  // namespace kanpde::solver
