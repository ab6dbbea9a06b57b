#pragma once
// The library of univariate functions an edge of a trained KAN is matched
// against. Every edge formula has the form
//
//   phi(x) = c f(a x + b) + d,
//
// f from this table. Each entry gives f and its first three derivatives
// analytically (the symbolic model's jets and their parameter Jacobian need
// f', f'', f'''), where f is defined (log, sqrt, 1/x are not defined
// everywhere), which of a, b are meaningful (x^n absorbs a into c; exp absorbs
// b into c; x absorbs both), a complexity used for ranking, and how to write
// f(T) in the expression language of case files and in LaTeX.
//
// Extending the library is one row in Library.cpp.

#include <string>
#include <vector>

namespace kanpde::solver::symbolic {

struct LibraryFunction {
  std::string name;  // as the user writes it (pinning) and the report prints it
  int complexity = 1;
  bool a_free = true;     // a is fitted; otherwise a = 1
  bool b_free = true;     // b is fitted; otherwise b = 0
  bool constant = false;  // f = 0: the edge is the constant d
  // f^(r)(t), r = 0..3. Non-finite where f is not defined.
  void (*eval)(double t, double out[4]) = nullptr;
  // Whether t lies in the domain of f.
  bool (*defined)(double t) = nullptr;
  // Samples must all lie on one side of a singularity at t = 0 (1/x).
  bool one_sign = false;
  // f(T) as text of the expression language, and in LaTeX, for the bare
  // argument text T (parentheses are added where f needs them).
  std::string (*text)(const std::string& T) = nullptr;
  std::string (*latex)(const std::string& T) = nullptr;
};

// The whole library, in a fixed order (indices are stable within a build).
const std::vector<LibraryFunction>& library();
// Index of a function by name; -1 if unknown.
int library_index(const std::string& name);
// The names, comma-separated (for messages).
std::string library_names();

}  // namespace kanpde::solver::symbolic
