#include "common/Suggest.hpp"

#include <algorithm>
#include <cctype>

namespace kanpde::Impl {

int edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<int> prev(m + 1), cur(m + 1), prev2(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      // A swap of two neighbours counts as one edit (Damerau).
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  // Close enough: at most about a third of the word, and never the whole word.
  const int len = static_cast<int>(word.size());
  const int limit = std::min(std::clamp((len + 2) / 3, 1, 3), len - 1);
  std::string best;
  int best_d = limit + 1;
  for (const auto& c : candidates) {
    const int d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string c = closest(word, candidates);
  return c.empty() ? std::string() : " (did you mean \"" + c + "\"?)";
}

std::string quoted_list(const std::vector<std::string>& items, const char* last_sep) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += i + 1 == items.size() ? last_sep : ", ";
    s += "\"" + items[i] + "\"";
  }
  return s;
}

}  // namespace kanpde::Impl
