#include "solver/case/BuildDomain.hpp"

#include "common/Error.hpp"
#include "solver/case/DomainTypes.hpp"

namespace kanpde::solver {

namespace {

// A domain with its parts renamed; everything else is the inner domain's.
class RenamedDomain : public geometry::Domain {
 public:
  RenamedDomain(geometry::DomainPtr inner, std::vector<std::string> names)
      : inner_(std::move(inner)) {
    part_names_ = std::move(names);
    set_label(inner_->label());
  }
  int dim() const override { return inner_->dim(); }
  std::string kind() const override { return inner_->kind(); }
  geometry::BoundingBox bounding_box() const override { return inner_->bounding_box(); }
  double signed_distance(const double* x) const override { return inner_->signed_distance(x); }
  double measure() const override { return inner_->measure(); }
  double part_measure(int part) const override { return inner_->part_measure(part); }
  bool boundary_point(int part, const double* u, double* x, double* normal) const override {
    return inner_->boundary_point(part, u, x, normal);
  }
  void outward_normal(int part, const double* x, double* normal) const override {
    inner_->outward_normal(part, x, normal);
  }
  double part_acceptance(int part) const override { return inner_->part_acceptance(part); }
  bool has_interior_map() const override { return inner_->has_interior_map(); }
  void map_interior(const double* u, double* x) const override { inner_->map_interior(u, x); }
  void ray_crossings(const double* x, int axis, int dir,
                     std::vector<geometry::Crossing>& out) const override {
    inner_->ray_crossings(x, axis, dir, out);
  }
  void emit_signed(geometry::Impl::ProgramBuilder& builder) const override {
    inner_->emit_signed(builder);
  }
  void emit_inside(geometry::Impl::ProgramBuilder& builder, bool exterior) const override {
    inner_->emit_inside(builder, exterior);
  }
  void emit_part(geometry::Impl::ProgramBuilder& builder, int part) const override {
    inner_->emit_part(builder, part);
  }
  void emit_vanishing(geometry::Impl::ProgramBuilder& builder,
                      const std::vector<int>& parts) const override {
    inner_->emit_vanishing(builder, parts);
  }

 private:
  geometry::DomainPtr inner_;
};

geometry::DomainPtr build_node(const DomainSpec& d) {
  geometry::DomainPtr g = domain_type(d.type).build(d, build_node);
  // Names: the single part's boundary_name, then rename, then the prefix.
  std::vector<std::string> names = g->part_names();
  if (!is_csg(d.type) && names.size() == 1 && !d.boundary_name.empty()) names[0] = d.boundary_name;
  for (auto& n : names) {
    for (const auto& [from, to] : d.rename)
      if (n == from) {
        n = to;
        break;
      }
    if (!d.name.empty()) n = d.name + ":" + n;
  }
  if (names != g->part_names()) g = std::make_shared<RenamedDomain>(g, names);
  if (!d.name.empty()) {
    // Labels are for messages; set on our own wrapper (or a fresh one) only.
    auto labelled = std::make_shared<RenamedDomain>(g, names);
    labelled->set_label(d.name);
    g = labelled;
  }
  return g;
}

}  // namespace

geometry::DomainPtr build_domain(const DomainSpec& spec) {
  return build_node(spec);
}

}  // namespace kanpde::solver
