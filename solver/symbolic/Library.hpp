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
// Composed forms
//
//   phi(x) = c f(a g(x) + b) + d
//
// put a fixed inner function g (x^2, x^3, sqrt x: the table of inner forms in
// Library.cpp) under an outer library function f ("sin(x^2)" is
// c sin(a x^2 + b) + d). g carries its own derivatives up to the third for the
// chain rule of the jets; the plain forms are the case g = identity. A
// composed form's complexity is the outer one plus the inner one, so a plain
// form wins a tie.
//
// Extending the library is one row in Library.cpp (a plain function, an inner
// form, or an outer/inner pair of the composition table).

#include <string>
#include <vector>

namespace kanpde::solver::symbolic {

// A fixed inner function g of a composed form.
struct InnerFunction {
  std::string name;  // g written in x: "x^2"
  int complexity = 1;
  // g^(r)(x), r = 0..3. Non-finite where g is not defined.
  void (*eval)(double x, double out[4]) = nullptr;
  bool (*defined)(double x) = nullptr;
  // g(X) as text of the expression language and in LaTeX, X the bare
  // argument text.
  std::string (*text)(const std::string& X) = nullptr;
  std::string (*latex)(const std::string& X) = nullptr;
};

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
  // The inner form g of a composed function; nullptr: g(x) = x.
  const InnerFunction* inner = nullptr;
};

// The jets of phi(v) = c f(a g(v) + b) + d for the edge function f (composed
// or not) at v: phi^(r)(v) for r = 0..3 in p[0..3], and the derivatives of
// phi, phi', phi'' with respect to (a, b, c, d) in dp[0..2][0..3]. Non-finite
// where f or g is not defined. (The plain case is g = identity.)
void edge_jets(const LibraryFunction& f, double a, double b, double c, double d, double v,
               double p[4], double dp[3][4]);
// g(v) of f's inner form (v when f is plain); non-finite where g is not
// defined.
double inner_value(const LibraryFunction& f, double v);

// The whole library, in a fixed order (indices are stable within a build).
const std::vector<LibraryFunction>& library();
// Index of a function by name; -1 if unknown.
int library_index(const std::string& name);
// The names, comma-separated (for messages).
std::string library_names();

}  // namespace kanpde::solver::symbolic
