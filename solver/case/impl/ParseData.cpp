#include "solver/case/impl/ParseData.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "common/Error.hpp"
#include "solver/case/BuildDomain.hpp"

namespace kanpde::solver::Impl {

namespace {

const char* const kAxes[3] = {"x", "y", "z"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string point_text(const double* p, int dim) {
  std::string s = "(";
  for (int a = 0; a < dim; ++a) s += (a ? ", " : "") + format_number(p[a]);
  return s + ")";
}

DataTermSpec parse_entry(const Value& v, const CaseSpec& cs, const geometry::Domain& domain) {
  const int dim = cs.dim();
  DataTermSpec d;
  d.path = v.path();
  const MapReader m = v.map({"file", "columns", "quantity", "weight", "noise"});
  const std::vector<std::string> quantities = data_quantities(dim);
  d.quantity = m.choice("quantity", d.quantity, quantities);
  d.weight = m.number("weight", d.weight, Range::positive());
  d.noise = m.number("noise", d.noise, Range::non_negative());
  for (int a = 0; a < dim; ++a) d.columns.emplace_back(kAxes[a]);
  d.columns.push_back(d.quantity);
  if (auto c = m.find("columns")) {
    const std::vector<Value> items =
        c->items(static_cast<std::size_t>(dim + 1), static_cast<std::size_t>(dim + 1));
    for (std::size_t i = 0; i < items.size(); ++i) {
      d.columns[i] = lower(items[i].string());
      for (std::size_t j = 0; j < i; ++j)
        if (d.columns[j] == d.columns[i])
          items[i].fail("column \"" + d.columns[i] + "\" is named twice");
    }
  }
  const Value file = m.get("file");
  d.file = file.string();
  std::string path = d.file;
  const auto slash = cs.file.find_last_of('/');
  if (path.front() != '/' && slash != std::string::npos) path = cs.file.substr(0, slash + 1) + path;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    file.fail("no such file \"" + path +
              "\" (a relative path is taken from the case file's folder)");
  // Opened (and written into the resolved case) by its absolute path, so
  // that the resolved case loads from anywhere: kanpde eval and resume read
  // it back from results.h5 and checkpoints.
  if (char* abs = realpath(path.c_str(), nullptr)) {
    path = abs;
    std::free(abs);
  }
  PointDataFormat fm;
  fm.label = d.path;
  fm.names = d.columns;
  auto data =
      std::make_shared<ReferenceData>(read_point_data(path, dim, domain.bounding_box(), fm));
  // Inside the domain, not only its box (same tolerance as the box check).
  double scale = 1.0;
  for (int a = 0; a < dim; ++a) scale = std::max(scale, domain.bounding_box().extent(a));
  for (std::size_t i = 0; i < data->size(); ++i) {
    const double* p = &data->x[i * static_cast<std::size_t>(dim)];
    if (!domain.contains(p, 1e-9 * scale))
      throw InputError(path + ": " + d.path + ": data point " + std::to_string(i + 1) + " " +
                       point_text(p, dim) +
                       " lies outside the domain; expected measurements inside it");
  }
  d.points = std::move(data);
  return d;
}

}  // namespace

void parse_data(const std::optional<Value>& v, CaseSpec& cs) {
  cs.data.clear();
  if (!v || v->is_null()) return;
  const geometry::DomainPtr g = build_domain(cs.domain);
  for (const Value& item : v->items()) cs.data.push_back(parse_entry(item, cs, *g));
}

}  // namespace kanpde::solver::Impl
