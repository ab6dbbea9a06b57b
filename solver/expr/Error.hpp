#pragma once
// The error of the expression language: bad input, with the 0-based character
// position inside the expression's text (-1: the whole expression). The case
// loader turns it into file:line:col.

#include <string>

#include "common/Error.hpp"

namespace kanpde::solver::expr {

class ExpressionError : public InputError {
 public:
  ExpressionError(int pos, const std::string& message) : InputError(message), pos_(pos) {}
  int pos() const { return pos_; }

 private:
  int pos_;
};

}  // namespace kanpde::solver::expr
