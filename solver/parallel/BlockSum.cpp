#include "solver/parallel/BlockSum.hpp"

#include <algorithm>
#include <utility>

#include "common/Error.hpp"
#include "solver/parallel/impl/BlockTree.hpp"

namespace kanpde::parallel {

Range split_aligned(std::size_t n, int rank, int size, std::size_t block) {
  KANPDE_REQUIRE(block >= 1, "split_aligned: blocks of " << block << " points");
  const Range b = split(num_blocks(n, block), rank, size);
  Range out;
  out.begin = std::min(n, b.begin * block);
  out.end = std::min(n, b.end * block);
  return out;
}

BlockSum::BlockSum(std::size_t num_blocks, std::size_t length)
    : blocks_(num_blocks), length_(length) {
  KANPDE_REQUIRE(num_blocks < (std::size_t(1) << 52),
                 "BlockSum: " << num_blocks << " blocks are too many");
}

bool BlockSum::is_root(const Node& n) const {
  return Impl::is_tree_root(n.level, n.index, blocks_);
}

std::vector<double> BlockSum::take_buffer() {
  if (pool_.empty()) return std::vector<double>(length_);
  std::vector<double> v = std::move(pool_.back());
  pool_.pop_back();
  return v;
}

void BlockSum::reduce() {
  Impl::reduce_tree_stack(
      stack_, blocks_,
      [this](std::vector<double>& left, const std::vector<double>& right) {
        for (std::size_t k = 0; k < length_; ++k) left[k] += right[k];
      },
      [this](std::vector<double>&& v) { pool_.push_back(std::move(v)); });
}

void BlockSum::push(Node node) {
  stack_.push_back(std::move(node));
  reduce();
}

double* BlockSum::open(std::size_t block) {
  KANPDE_ASSERT(!open_, "BlockSum: a block is already open");
  KANPDE_ASSERT(block < blocks_ && block >= next_, "BlockSum: block "
                                                       << block << " out of order (next " << next_
                                                       << " of " << blocks_ << ")");
  next_ = block + 1;
  open_ = true;
  Node n;
  n.index = block;
  n.v = take_buffer();
  stack_.push_back(std::move(n));
  return stack_.back().v.data();
}

void BlockSum::close() {
  KANPDE_ASSERT(open_, "BlockSum: no block is open");
  open_ = false;
  reduce();
}

void BlockSum::add(std::size_t block, const double* partial) {
  double* v = open(block);
  std::copy(partial, partial + length_, v);
  close();
}

std::vector<double> BlockSum::subtrees() const {
  KANPDE_ASSERT(!open_, "BlockSum: a block is still open");
  std::vector<double> out;
  out.reserve(stack_.size() * (length_ + 2));
  for (const Node& n : stack_) {
    out.push_back(static_cast<double>(n.level));
    out.push_back(static_cast<double>(n.index));
    out.insert(out.end(), n.v.begin(), n.v.end());
  }
  return out;
}

void BlockSum::finish(const std::vector<double>& all, double* out) {
  KANPDE_ASSERT(!open_, "BlockSum: a block is still open");
  for (Node& n : stack_) pool_.push_back(std::move(n.v));
  stack_.clear();
  next_ = 0;
  const std::size_t w = length_ + 2;
  KANPDE_ASSERT(all.size() % w == 0, "BlockSum: " << all.size() << " packed values");
  // The subtrees in block order, then the same stack as on one rank.
  std::vector<std::size_t> order(all.size() / w);
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  const auto first = [&](std::size_t k) {
    return static_cast<std::size_t>(all[k * w + 1]) << static_cast<int>(all[k * w]);
  };
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return first(a) < first(b); });
  for (std::size_t k : order) {
    Node n;
    n.level = static_cast<int>(all[k * w]);
    n.index = static_cast<std::size_t>(all[k * w + 1]);
    n.v = take_buffer();
    std::copy(all.begin() + static_cast<long>(k * w + 2),
              all.begin() + static_cast<long>((k + 1) * w), n.v.begin());
    push(std::move(n));
  }
  if (blocks_ == 0) {
    KANPDE_ASSERT(stack_.empty(), "BlockSum: subtrees of an empty sum");
    std::fill(out, out + length_, 0.0);
    return;
  }
  KANPDE_ASSERT(stack_.size() == 1 && is_root(stack_.front()),
                "BlockSum: the blocks added on all ranks do not cover the "
                    << blocks_ << " blocks once (" << stack_.size() << " subtrees left)");
  std::copy(stack_.front().v.begin(), stack_.front().v.end(), out);
  pool_.push_back(std::move(stack_.front().v));
  stack_.clear();
}

void BlockSum::result(const Comm& comm, double* out) {
  KANPDE_ASSERT(!open_, "BlockSum: a block is still open");
  if (!comm.distributed()) {
    // One rank: the stack is the whole tree already.
    if (blocks_ > 0 && stack_.size() == 1 && is_root(stack_.front())) {
      std::copy(stack_.front().v.begin(), stack_.front().v.end(), out);
      pool_.push_back(std::move(stack_.front().v));
      stack_.clear();
      next_ = 0;
      return;
    }
    finish(subtrees(), out);  // reports what is missing
    return;
  }
  finish(comm.allgatherv(subtrees()), out);
}

}  // namespace kanpde::parallel
