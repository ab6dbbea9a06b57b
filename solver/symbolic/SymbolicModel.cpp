#include "solver/symbolic/SymbolicModel.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "common/Error.hpp"
#include "solver/symbolic/Library.hpp"

namespace kanpde::solver::symbolic {
namespace {

const LibraryFunction& fn_of(const EdgeFormula& e) {
  return library()[static_cast<std::size_t>(e.function)];
}

// A node of the formula while it is written: an affine part in the input
// variables plus terms coefficient * body (a function call).
struct Expr {
  std::vector<double> lin;
  double cst = 0.0;
  std::vector<std::pair<double, std::string>> terms;
};

struct Style {
  bool latex = false;
  int digits = 17;
  bool nice = false;
};

std::string plain_number(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

// |v| as text (v >= 0 expected).
std::string magnitude(double v, const Style& s) {
  if (s.nice) {
    const double r = std::round(v);
    if (r != 0.0 && std::abs(v - r) <= 1e-6 * std::max(1.0, v) && r <= 1e6)
      return plain_number(r, 17);
    for (int q = 1; q <= 4; ++q) {
      const double pq = v * q / M_PI, p = std::round(pq);
      if (p >= 1 && p <= 48 && std::abs(pq - p) <= 1e-6 * std::max(1.0, p)) {
        // reduced fractions only: skip p/q with a common factor (found at a smaller q)
        const std::string pi = s.latex ? "\\pi" : "pi";
        std::string num = p == 1 ? pi : plain_number(p, 17) + (s.latex ? " " : "*") + pi;
        if (q == 1) return num;
        return s.latex ? "\\frac{" + num + "}{" + std::to_string(q) + "}"
                       : num + "/" + std::to_string(q);
      }
    }
  }
  std::string t = plain_number(v, s.digits);
  if (s.latex) {
    const auto e = t.find('e');
    if (e != std::string::npos) {
      const int ex = std::stoi(t.substr(e + 1));
      t = t.substr(0, e) + " \\cdot 10^{" + std::to_string(ex) + "}";
    }
  }
  return t;
}

std::string render(const Expr& x, const Style& s) {
  static const char* vars[3] = {"x", "y", "z"};
  std::vector<std::pair<double, std::string>> items;
  for (std::size_t k = 0; k < x.lin.size(); ++k)
    if (x.lin[k] != 0.0) items.push_back({x.lin[k], vars[k]});
  for (const auto& t : x.terms)
    if (t.first != 0.0) items.push_back(t);
  if (x.cst != 0.0) items.push_back({x.cst, ""});
  if (items.empty()) return "0";
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const double c = items[k].first;
    const std::string& body = items[k].second;
    out += k == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ");
    const std::string m = magnitude(std::abs(c), s);
    if (body.empty())
      out += m;
    else if (m == "1")
      out += body;
    else
      out += m + (s.latex ? " " : "*") + body;
  }
  return out;
}

// a E + b.
Expr affine(const Expr& E, double a, double b) {
  Expr r = E;
  for (double& v : r.lin) v *= a;
  for (auto& t : r.terms) t.first *= a;
  r.cst = a * E.cst + b;
  return r;
}

void add_scaled(Expr& out, const Expr& E, double c) {
  for (std::size_t k = 0; k < out.lin.size(); ++k) out.lin[k] += c * E.lin[k];
  for (const auto& t : E.terms) out.terms.push_back({c * t.first, t.second});
  out.cst += c * E.cst;
}

std::string write(const SymbolicModel& m, int o, const Style& s) {
  const int d = m.input_dim();
  std::vector<Expr> nodes(static_cast<std::size_t>(d));
  for (int i = 0; i < d; ++i) {
    nodes[static_cast<std::size_t>(i)].lin.assign(static_cast<std::size_t>(d), 0.0);
    nodes[static_cast<std::size_t>(i)].lin[static_cast<std::size_t>(i)] = 1.0;
  }
  for (int l = 0; l < m.num_layers(); ++l) {
    const int nin = m.widths()[static_cast<std::size_t>(l)];
    const int nout = m.widths()[static_cast<std::size_t>(l) + 1];
    std::vector<Expr> next(static_cast<std::size_t>(nout));
    for (Expr& e : next) e.lin.assign(static_cast<std::size_t>(d), 0.0);
    for (int i = 0; i < nin; ++i)
      for (int q = 0; q < nout; ++q) {
        const EdgeFormula& e = m.edge(l, i, q);
        const LibraryFunction& f = fn_of(e);
        Expr& out = next[static_cast<std::size_t>(q)];
        const Expr& in = nodes[static_cast<std::size_t>(i)];
        if (f.constant) {
          out.cst += e.d;
        } else if (f.name == "x") {
          add_scaled(out, affine(in, e.a, e.b), e.c);
          out.cst += e.d;
        } else if (f.inner) {
          Expr g;
          g.lin.assign(static_cast<std::size_t>(d), 0.0);
          const std::string x = render(in, s);
          g.terms.push_back({1.0, s.latex ? f.inner->latex(x) : f.inner->text(x)});
          const std::string arg = render(affine(g, e.a, e.b), s);
          out.terms.push_back({e.c, s.latex ? f.latex(arg) : f.text(arg)});
          out.cst += e.d;
        } else {
          const std::string arg = render(affine(in, e.a, e.b), s);
          out.terms.push_back({e.c, s.latex ? f.latex(arg) : f.text(arg)});
          out.cst += e.d;
        }
      }
    nodes = std::move(next);
  }
  return render(nodes[static_cast<std::size_t>(o)], s);
}

}  // namespace

SymbolicModel::SymbolicModel(std::vector<int> widths) : widths_(std::move(widths)) {
  KANPDE_REQUIRE(widths_.size() >= 2, "a symbolic model needs at least one layer");
  KANPDE_REQUIRE(widths_.front() >= 1 && widths_.front() <= 3,
                 "input width must be 1, 2 or 3, found " << widths_.front());
  for (std::size_t l = 0; l + 1 < widths_.size(); ++l) {
    KANPDE_REQUIRE(widths_[l] >= 1 && widths_[l + 1] >= 1, "widths must be positive");
    edge_offset_.push_back(edge_offset_.back() + widths_[l] * widths_[l + 1]);
  }
  edges_.assign(static_cast<std::size_t>(edge_offset_.back()), EdgeFormula{});
}

int SymbolicModel::edge_index(int l, int i, int o) const {
  return edge_offset_[static_cast<std::size_t>(l)] + i * widths_[static_cast<std::size_t>(l) + 1] +
         o;
}

std::vector<double> SymbolicModel::params() const {
  std::vector<double> p;
  p.reserve(num_params());
  for (const EdgeFormula& e : edges_) p.insert(p.end(), {e.a, e.b, e.c, e.d});
  return p;
}

void SymbolicModel::set_params(const std::vector<double>& p) {
  KANPDE_REQUIRE(p.size() == num_params(),
                 "expected " << num_params() << " symbolic parameters, found " << p.size());
  for (std::size_t k = 0; k < edges_.size(); ++k) {
    EdgeFormula& e = edges_[k];
    e.a = p[4 * k];
    e.b = p[4 * k + 1];
    e.c = p[4 * k + 2];
    e.d = p[4 * k + 3];
  }
}

std::vector<bool> SymbolicModel::free_mask() const {
  std::vector<bool> m;
  for (const EdgeFormula& e : edges_) {
    const LibraryFunction& f = fn_of(e);
    m.insert(m.end(), {f.a_free, f.b_free, !f.constant, true});
  }
  return m;
}

void SymbolicModel::evaluate(const double* x, double* jet, double* jac) const {
  const int d = input_dim(), NC = d + 2;
  const std::size_t P = num_params();
  // Jets of the current layer's nodes, and their parameter derivatives.
  std::vector<double> J(static_cast<std::size_t>(d * NC), 0.0), Jn;
  std::vector<double> D, Dn;
  for (int i = 0; i < d; ++i) {
    J[static_cast<std::size_t>(i * NC)] = x[i];
    J[static_cast<std::size_t>(i * NC + 1 + i)] = 1.0;
  }
  if (jac) D.assign(static_cast<std::size_t>(d * NC) * P, 0.0);
  for (int l = 0; l < num_layers(); ++l) {
    const int nin = widths_[static_cast<std::size_t>(l)];
    const int nout = widths_[static_cast<std::size_t>(l) + 1];
    Jn.assign(static_cast<std::size_t>(nout * NC), 0.0);
    if (jac) Dn.assign(static_cast<std::size_t>(nout * NC) * P, 0.0);
    for (int i = 0; i < nin; ++i) {
      const double* ji = &J[static_cast<std::size_t>(i * NC)];
      double gg = 0.0;
      for (int k = 0; k < d; ++k) gg += ji[1 + k] * ji[1 + k];
      const double v = ji[0], L = ji[d + 1];
      for (int o = 0; o < nout; ++o) {
        const std::size_t ei = static_cast<std::size_t>(edge_index(l, i, o));
        const EdgeFormula& e = edges_[ei];
        const LibraryFunction& f = fn_of(e);
        double* jo = &Jn[static_cast<std::size_t>(o * NC)];
        const std::size_t pb = 4 * ei;  // this edge's (a, b, c, d)
        if (f.constant) {
          jo[0] += e.d;
          if (jac) Dn[static_cast<std::size_t>(o * NC) * P + pb + 3] += 1.0;
          continue;
        }
        double ph[4], dph[3][4];
        edge_jets(f, e.a, e.b, e.c, e.d, v, ph, dph);
        const double p0 = ph[0], p1 = ph[1], p2 = ph[2];
        jo[0] += p0;
        for (int k = 0; k < d; ++k) jo[1 + k] += p1 * ji[1 + k];
        jo[d + 1] += p2 * gg + p1 * L;
        if (!jac) continue;
        const double p3 = ph[3];
        double* Do = &Dn[static_cast<std::size_t>(o * NC) * P];
        // Through the input jet (parameters of earlier layers).
        if (l > 0) {
          const double* Di = &D[static_cast<std::size_t>(i * NC) * P];
          for (std::size_t q = 0; q < P; ++q) {
            const double dv = Di[q];
            const double dL = Di[static_cast<std::size_t>(d + 1) * P + q];
            double gdg = 0.0;
            for (int k = 0; k < d; ++k) {
              const double dg = Di[static_cast<std::size_t>(1 + k) * P + q];
              gdg += ji[1 + k] * dg;
              Do[static_cast<std::size_t>(1 + k) * P + q] += p2 * dv * ji[1 + k] + p1 * dg;
            }
            Do[q] += p1 * dv;
            Do[static_cast<std::size_t>(d + 1) * P + q] +=
                p3 * dv * gg + 2.0 * p2 * gdg + p2 * dv * L + p1 * dL;
          }
        }
        // The edge's own parameters.
        const double* dphi = dph[0];
        const double* dp1 = dph[1];
        const double* dp2 = dph[2];
        for (int j = 0; j < 4; ++j) {
          const std::size_t q = pb + static_cast<std::size_t>(j);
          Do[q] += dphi[j];
          for (int k = 0; k < d; ++k)
            Do[static_cast<std::size_t>(1 + k) * P + q] += dp1[j] * ji[1 + k];
          Do[static_cast<std::size_t>(d + 1) * P + q] += dp2[j] * gg + dp1[j] * L;
        }
      }
    }
    J.swap(Jn);
    if (jac) D.swap(Dn);
  }
  for (int c = 0; c < output_dim() * NC; ++c) jet[c] = J[static_cast<std::size_t>(c)];
  if (jac)
    for (std::size_t k = 0; k < D.size(); ++k) jac[k] = D[k];
}

std::vector<double> SymbolicModel::node_values(const double* x) const {
  std::vector<double> nodes(x, x + input_dim());
  std::size_t first = 0;
  for (int l = 0; l < num_layers(); ++l) {
    const int nin = widths_[static_cast<std::size_t>(l)];
    const int nout = widths_[static_cast<std::size_t>(l) + 1];
    std::vector<double> next(static_cast<std::size_t>(nout), 0.0);
    for (int i = 0; i < nin; ++i)
      for (int o = 0; o < nout; ++o)
        next[static_cast<std::size_t>(o)] +=
            edge_value(edge(l, i, o), nodes[first + static_cast<std::size_t>(i)]);
    first = nodes.size();
    nodes.insert(nodes.end(), next.begin(), next.end());
  }
  return nodes;
}

std::vector<double> SymbolicModel::values(const std::vector<double>& x) const {
  const int d = input_dim();
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  std::vector<double> u(n), jet(static_cast<std::size_t>(output_dim() * (d + 2)));
  for (std::size_t p = 0; p < n; ++p) {
    evaluate(&x[p * static_cast<std::size_t>(d)], jet.data());
    u[p] = jet[0];
  }
  return u;
}

std::string SymbolicModel::text(int o, int digits, bool nice) const {
  return write(*this, o, Style{false, digits, nice});
}

std::string SymbolicModel::latex(int o, int digits) const {
  std::string t = write(*this, o, Style{true, digits, true});
  return t;
}

}  // namespace kanpde::solver::symbolic
