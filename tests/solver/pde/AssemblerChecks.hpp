#pragma once
// Checks shared by the assembler tests (test_assembler.cpp).
#include <vector>

#include "solver/pde/PointTerm.hpp"

namespace kanpde::test {

// D(x, y) = (1 - x^2)(1 - y^2) and its Laplacian jets.
std::vector<double> square_distance_jets(const std::vector<double>& x);
// G(x, y) = 0.25 + 0.3 x y^2 + sin x and its Laplacian jets.
std::vector<double> varying_g_jets(const std::vector<double>& x);
// The loss gradient against finite differences, J^T R against the gradient
// and J^T J against a finite-difference Jacobian, for these terms (with the
// hard constraint u = G + D N of square_distance_jets and varying_g_jets when
// hard).
void check_gradient_and_gauss_newton(bool hard, const std::vector<solver::PointTerm>& terms);

}  // namespace kanpde::test
