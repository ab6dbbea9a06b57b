#pragma once
// "Did you mean" suggestions for misspelt keys, names and choices (case
// loader, expression language).

#include <string>
#include <vector>

namespace kanpde::Impl {

// Edit distance (insertions, deletions, substitutions, swaps of neighbours;
// case-insensitive).
int edit_distance(const std::string& a, const std::string& b);
// The closest candidate within a small distance (about a third of the
// word's length, 1 to 3, less than the whole word), or "" when none is close.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);
// " (did you mean \"widths\"?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
// "\"a\", \"b\" or \"c\"".
std::string quoted_list(const std::vector<std::string>& items, const char* last_sep = " or ");

}  // namespace kanpde::Impl
