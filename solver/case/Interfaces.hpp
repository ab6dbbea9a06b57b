#pragma once
// Interfaces of a case: where a coefficient of the equation's flux jumps.
//
// A coefficient k inside div(k grad u) (expr::FluxTerm) that is piecewise in
// x, written with comparisons such as "x < 0.5 ? 1 : 10", makes u kink
// across the level set phi = g - h = 0 of each comparison g < h (also >,
// <=, >=; inside c ? p : q, && and ||, or used as a number): the flux
// k du/dn is continuous there, du/dn is not. Detection runs at load time
// (pde.interfaces: auto, the default) over the coefficients that the flux
// terms read; each distinct phi whose sign changes inside the domain is one
// interface (phi and -phi are the same one). The run then gives the trial
// function a kink there and trains the flux condition
// (solver/pde/Interfaces.hpp).
//
// phi is oriented so that on phi = 0 itself the coefficient takes its value
// of the side phi > 0 (g < h and g >= h give g - h, g > h and g <= h give
// h - g): there the trial function's jets are those of that side too, so a
// collocation point exactly on the interface sees one side consistently.
//
// Supported: comparisons of expressions of the coordinates and constants.
// Refused with the coefficient's file:line:col (pde.interfaces: none solves
// without interface terms): other discontinuities of a flux coefficient
// (==, !=, sign, floor, ceil, rint, fmod), a comparison inside a comparison,
// a flux coefficient that also reads u, a coefficient that reads unknown
// scalars, an equation with single second derivatives of u (Hessian jets),
// more than four interfaces, and the run features that do not carry the
// kink yet (refinement stages, an unknown field, interpret). Adaptive
// sampling carries it (its candidates get the kink weights' jets).

#include <string>
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::solver {

struct CaseSpec;

struct InterfaceSpec {
  std::string level_set;    // phi as text, an expression of the coordinates
  std::string coefficient;  // the coefficient it was found in
};

// The level sets of the comparisons in an expression text of `dim`
// coordinates (each rendered as text, in order of appearance, duplicates and
// constant ones dropped). Throws expr::ExpressionError at a discontinuity it
// cannot locate (position inside text).
std::vector<std::string> comparison_level_sets(
    const std::string& text, int dim, const std::vector<std::pair<std::string, double>>& constants);

// Whether phi changes sign over the domain (on a grid of its bounding box).
bool level_set_crosses(const std::string& phi, const geometry::Domain& domain);

// The model of u's network: the case's, with 1 + m outputs for m interfaces.
struct KanModelSpec;
KanModelSpec kan_with_interfaces(const CaseSpec& cs);

// Fills cs.pde.interface_list from pde.interfaces (InputError at
// file:line:col as described above). Needs the parsed pde section only: the
// loader calls it before the sampling and model defaults, which grow with
// the interfaces (solver/case/InterfaceDefaults.hpp).
void detect_interfaces(CaseSpec& cs, const geometry::Domain& domain);

// The refusals that need the rest of the case: the equation's jet mode, an
// unknown field, interpret and refinement stages (InputError at their keys).
void check_interface_support(const CaseSpec& cs);

}  // namespace kanpde::solver
