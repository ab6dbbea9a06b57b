#include "solver/symbolic/SymbolicIO.hpp"

#include <sstream>

#include "common/Error.hpp"
#include "solver/symbolic/Library.hpp"

namespace kanpde::solver::symbolic {

void write_symbolic_model(h5::Group& g, const SymbolicModel& m) {
  g.set_attr("format", std::string(symbolic_format));
  g.set_attr("format_version", std::int64_t{1});
  std::vector<std::int64_t> w(m.widths().begin(), m.widths().end());
  g.write("widths", w, {w.size()});
  std::string names;
  std::vector<double> r2;
  for (const EdgeFormula& e : m.edges()) {
    names += (names.empty() ? "" : ",") + library()[static_cast<std::size_t>(e.function)].name;
    r2.push_back(e.r2);
  }
  g.write_string("functions", names);
  const std::size_t E = m.edges().size();
  g.write("params", m.params(), {E, 4});
  g.write("r2", r2, {E});
}

SymbolicModel read_symbolic_model(const h5::Group& g) {
  const std::string fmt = g.has_attr("format") ? g.attr_string("format") : "";
  if (fmt != symbolic_format)
    throw InputError(g.where("") + ": not a kanpde symbolic model (run `kanpde symbolic` first)");
  const std::vector<std::int64_t> w = g.read<std::int64_t>("widths");
  SymbolicModel m(std::vector<int>(w.begin(), w.end()));
  const std::string names = g.read_string("functions");
  std::vector<int> fn;
  std::stringstream ss(names);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const int k = library_index(item);
    if (k < 0)
      throw InputError(g.where("functions") + ": unknown function '" + item +
                       "' (expected one of " + library_names() + ")");
    fn.push_back(k);
  }
  h5::Dims dims;
  const std::vector<double> p = g.read<double>("params", &dims);
  if (fn.size() != m.edges().size() || p.size() != m.num_params())
    throw InputError(g.where("params") + ": " + std::to_string(fn.size()) + " functions and " +
                     std::to_string(p.size()) + " parameters for " +
                     std::to_string(m.edges().size()) + " edges (damaged file?)");
  const std::vector<double> r2 = g.has("r2") ? g.read<double>("r2") : std::vector<double>{};
  m.set_params(p);
  std::size_t k = 0;
  for (int l = 0; l < m.num_layers(); ++l)
    for (int i = 0; i < m.widths()[static_cast<std::size_t>(l)]; ++i)
      for (int o = 0; o < m.widths()[static_cast<std::size_t>(l) + 1]; ++o, ++k) {
        EdgeFormula& e = m.edge(l, i, o);
        e.function = fn[k];
        if (k < r2.size()) e.r2 = r2[k];
      }
  return m;
}

SymbolicModel load_symbolic_model(const std::string& path) {
  const h5::File f = h5::File::open_read(path);
  if (!f.root().has("symbolic"))
    throw InputError(path + ": holds no symbolic model (run `kanpde symbolic " + path + "` first)");
  return read_symbolic_model(f.root().open_group("symbolic"));
}

}  // namespace kanpde::solver::symbolic
