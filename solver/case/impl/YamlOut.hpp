#pragma once
// The resolved-case writer's number forms (CaseYaml.cpp and the optimizers'
// stage rows): the shortest decimal that reads back as the same double.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver::Impl {

struct Num {
  double v;
};
inline YAML::Emitter& operator<<(YAML::Emitter& out, Num n) {
  return out << format_number(n.v);
}

inline void numbers(YAML::Emitter& out, const std::vector<double>& v) {
  out << YAML::Flow << YAML::BeginSeq;
  for (double x : v) out << Num{x};
  out << YAML::EndSeq;
}

inline void strings(YAML::Emitter& out, const std::vector<std::string>& v) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& x : v) out << x;
  out << YAML::EndSeq;
}

}  // namespace kanpde::solver::Impl
