#pragma once
// The section parsers of the case loader (each checks its section and fills
// its part of the CaseSpec).

#include "solver/case/CaseSpec.hpp"
#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver::Impl {

// Top-level unknowns: (after constants, before pde).
void parse_unknowns(const Value& v, CaseSpec& cs);
void parse_pde(const Value& v, CaseSpec& cs);
// Weights are left at -1 where not given (filled from training.loss_weights).
void parse_boundary(const Value& v, CaseSpec& cs);
void check_boundary_coverage(const Value& v, const CaseSpec& cs);

void parse_model(const std::optional<Value>& v, CaseSpec& cs);
void parse_sampling(const std::optional<Value>& v, CaseSpec& cs);
void parse_training(const std::optional<Value>& v, CaseSpec& cs);
void parse_reference(const std::optional<Value>& v, CaseSpec& cs);
void parse_interpret(const std::optional<Value>& v, CaseSpec& cs);
void parse_output(const std::optional<Value>& v, CaseSpec& cs);

}  // namespace kanpde::solver::Impl
