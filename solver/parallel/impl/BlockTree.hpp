#pragma once
// The walk of the fixed block tree that BlockSum (host buffers) and
// DeviceBlockSum (execution-space buffers) share. Node (level, index) covers
// blocks [index << level, (index + 1) << level); a stack of finished subtrees
// is merged (left += right) or promoted while the tree's shape allows. One
// copy of the walk, so both sums add the same pairs in the same order (their
// results are bitwise equal).

#include <cstddef>
#include <utility>
#include <vector>

namespace kanpde::parallel::Impl {

inline bool is_tree_root(int level, std::size_t index, std::size_t blocks) {
  return index == 0 && (std::size_t(1) << level) >= blocks;
}

// Node has level, index and a buffer v; merge(left.v, right.v) adds right into
// left; release(std::move(v)) takes back a merged node's buffer for reuse.
template <class Node, class Merge, class Release>
void reduce_tree_stack(std::vector<Node>& stack, std::size_t blocks, const Merge& merge,
                       const Release& release) {
  while (!stack.empty()) {
    Node& top = stack.back();
    if (is_tree_root(top.level, top.index, blocks)) return;
    if (top.index % 2 == 0) {
      // A left child whose right sibling lies past the last block: the parent
      // is the left child alone.
      if (((top.index + 1) << top.level) < blocks) return;
      ++top.level;
      top.index /= 2;
      continue;
    }
    if (stack.size() < 2) return;
    Node& left = stack[stack.size() - 2];
    if (left.level != top.level || left.index + 1 != top.index) return;
    merge(left.v, top.v);
    ++left.level;
    left.index /= 2;
    release(std::move(top.v));
    stack.pop_back();
  }
}

}  // namespace kanpde::parallel::Impl
