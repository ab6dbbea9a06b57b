#pragma once
// The keys of a map whose type picks its keys from a table (a stage and its
// optimizer, a domain node and its type): what such a map allows, and the
// error for a key that belongs to another row.

#include <algorithm>
#include <string>
#include <vector>

#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver::Impl {

// The common keys, then the keys of `only` (null: of every row), once each.
template <class Row>
std::vector<std::string> table_keys(const std::vector<std::string>& common,
                                    const std::vector<Row>& rows,
                                    const typename std::vector<Row>::value_type* only) {
  std::vector<std::string> keys = common;
  for (const Row& r : rows)
    if (!only || only == &r)
      for (const std::string& k : r.keys)
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

// For a map of `row`: a key of other rows is "an option of lbfgs, lm, not of
// adam" (no suggestion from this row's keys).
template <class Row>
KeyElsewhere other_rows_key(const std::vector<Row>& rows, const Row& row) {
  return [&rows, &row](const std::string& key) {
    std::string owners;
    for (const Row& r : rows)
      if (std::find(r.keys.begin(), r.keys.end(), key) != r.keys.end())
        owners += std::string(owners.empty() ? "" : ", ") + r.name;
    return owners.empty() ? owners : "an option of " + owners + ", not of " + row.name;
  };
}

}  // namespace kanpde::solver::Impl
