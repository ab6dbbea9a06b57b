#include "solver/pde/PointTerm.hpp"

#include <algorithm>
#include <cmath>

#include "common/Coordinates.hpp"
#include "common/Error.hpp"

namespace kanpde::solver {
namespace {

PointTerm make(std::string name, double weight, int dim, std::vector<double> x,
               std::vector<double> rhs) {
  KANPDE_REQUIRE(dim >= 1 && dim <= max_space_dim,
                 "dimension must be in 1.." << max_space_dim << ", found " << dim);
  KANPDE_REQUIRE(std::isfinite(weight) && weight >= 0.0,
                 "loss weight of " << name << " must be finite and >= 0, found " << weight);
  KANPDE_REQUIRE(x.size() == rhs.size() * static_cast<std::size_t>(dim),
                 name << ": " << rhs.size() << " right-hand-side values for "
                      << x.size() / static_cast<std::size_t>(dim) << " points");
  for (double v : rhs)
    KANPDE_REQUIRE(std::isfinite(v), name << ": a right-hand-side value is not finite");
  PointTerm t;
  t.name = std::move(name);
  t.weight = weight;
  t.dim = dim;
  t.x = std::move(x);
  t.rhs = std::move(rhs);
  t.coef.assign(t.rhs.size() * static_cast<std::size_t>(dim + 2), 0.0);
  return t;
}

double* coef_row(PointTerm& t, std::size_t p) {
  return t.coef.data() + p * static_cast<std::size_t>(t.dim + 2);
}

void check_normals(const PointTerm& t, const std::vector<double>& normals) {
  KANPDE_REQUIRE(normals.size() == t.x.size(), t.name << ": expected one normal per point ("
                                                      << t.x.size() << " values), found "
                                                      << normals.size());
}

}  // namespace

PointTerm interior_term(std::string name, double weight, int dim, std::vector<double> x,
                        std::vector<double> f, double c) {
  PointTerm t = make(std::move(name), weight, dim, std::move(x), std::move(f));
  for (std::size_t p = 0; p < t.size(); ++p) {
    double* a = coef_row(t, p);
    a[0] = c;
    a[dim + 1] = -1.0;
  }
  return t;
}

PointTerm dirichlet_term(std::string name, double weight, int dim, std::vector<double> x,
                         std::vector<double> g) {
  PointTerm t = make(std::move(name), weight, dim, std::move(x), std::move(g));
  for (std::size_t p = 0; p < t.size(); ++p) coef_row(t, p)[0] = 1.0;
  return t;
}

PointTerm neumann_term(std::string name, double weight, int dim, std::vector<double> x,
                       const std::vector<double>& normals, std::vector<double> g) {
  return robin_term(std::move(name), weight, dim, std::move(x), normals, 0.0, 1.0, std::move(g));
}

PointTerm robin_term(std::string name, double weight, int dim, std::vector<double> x,
                     const std::vector<double>& normals, double a, double b,
                     std::vector<double> g) {
  PointTerm t = make(std::move(name), weight, dim, std::move(x), std::move(g));
  check_normals(t, normals);
  for (std::size_t p = 0; p < t.size(); ++p) {
    double* r = coef_row(t, p);
    r[0] = a;
    for (int d = 0; d < dim; ++d) r[1 + d] = b * normals[p * static_cast<std::size_t>(dim) + d];
  }
  return t;
}

PointTerm equation_term(std::string name, double weight, int dim, std::vector<double> x,
                        std::shared_ptr<const expr::Equation> equation,
                        const std::vector<double>& normals) {
  KANPDE_REQUIRE(equation != nullptr, name << ": no equation");
  KANPDE_REQUIRE(equation->dim() == dim, name << ": an equation in " << equation->dim()
                                              << " dimensions for points in " << dim);
  const std::size_t n = x.size() / static_cast<std::size_t>(std::max(dim, 1));
  PointTerm t = make(std::move(name), weight, dim, std::move(x), std::vector<double>(n, 0.0));
  if (!normals.empty()) check_normals(t, normals);
  t.aux = equation->tabulate(t.x, normals);
  for (double v : t.aux)
    KANPDE_REQUIRE(std::isfinite(v), t.name << ": a coefficient of the equation \""
                                            << equation->text() << "\" is not finite");
  t.equation = std::move(equation);
  return t;
}

}  // namespace kanpde::solver
