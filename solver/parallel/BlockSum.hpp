#pragma once
// Sums that are bitwise the same for any rank count and thread count.
//
// Points are grouped in fixed blocks of kBlockPoints consecutive points in
// their GLOBAL order (a term's points as on one rank). A block's partial sum
// (any vector of a fixed length: loss terms, a gradient, a packed J^T J) is
// formed serially in point order by whoever holds the block, and the blocks
// are combined by one fixed binary tree over the global block index: node
// (l, i) covers blocks [i 2^l, (i+1) 2^l) and is the sum left child + right
// child, or its left child alone where the right one lies past the last
// block. The tree depends only on the number of blocks, so the total does
// not depend on how the blocks are spread over ranks or threads, as long as
// every block lies whole on one rank (split_aligned).
//
// Each rank adds its blocks in increasing order; a stack keeps the complete
// subtrees seen so far (at most about 2 log2(blocks) of them), merging two
// siblings as soon as both are there. result() exchanges the subtrees left
// on the ranks' stacks (one allgatherv) and finishes the same tree on every
// rank. Memory: the stack, plus on every rank all ranks' subtrees at the
// end; for a packed P x P system that is (subtrees) x P(P+1)/2 doubles.

#include <cstddef>
#include <vector>

#include "solver/parallel/Comm.hpp"

namespace kanpde::parallel {

// Points per block of the fixed reduction tree.
constexpr std::size_t kBlockPoints = 256;

// The number of blocks of n points.
inline std::size_t num_blocks(std::size_t n, std::size_t block = kBlockPoints) {
  return (n + block - 1) / block;
}

// Like split, but over whole blocks: rank `rank` of `size` holds the
// contiguous points [begin, end) of n, where begin is a multiple of `block`
// and so is end unless end == n. The ranges tile [0, n) in rank order.
Range split_aligned(std::size_t n, int rank, int size, std::size_t block = kBlockPoints);

class BlockSum {
 public:
  // The sum of vectors of `length` over `num_blocks` global blocks.
  BlockSum(std::size_t num_blocks, std::size_t length);

  std::size_t num_blocks() const { return blocks_; }
  std::size_t length() const { return length_; }

  // Adds the partial sum of global block `block` (length entries). Blocks
  // come in strictly increasing order on each rank; every block of the
  // global range is added by exactly one rank.
  void add(std::size_t block, const double* partial);
  // As add, without the copy: write all length() entries of the returned
  // buffer (its contents are unspecified), then call close() before the
  // next open(), add() or result().
  double* open(std::size_t block);
  void close();

  // Collective: the sum over all blocks into out (length entries), the same
  // bits on every rank. Starts a new sum.
  void result(const Comm& comm, double* out);
  std::vector<double> result(const Comm& comm) {
    std::vector<double> out(length_);
    result(comm, out.data());
    return out;
  }

  // The two halves of result(), for tests that stand in for ranks: this
  // rank's subtrees packed as (level, index, length entries) each, and the
  // total from the packed subtrees of all ranks concatenated (in any order).
  std::vector<double> subtrees() const;
  void finish(const std::vector<double>& all_subtrees, double* out);

 private:
  struct Node {
    int level = 0;
    std::size_t index = 0;
    std::vector<double> v;
  };
  void push(Node node);
  void reduce();  // merge or promote the top of the stack while possible
  bool is_root(const Node& n) const;
  std::vector<double> take_buffer();

  std::size_t blocks_, length_;
  std::size_t next_ = 0;  // blocks below next_ were added (on this rank)
  bool open_ = false;
  std::vector<Node> stack_;
  std::vector<std::vector<double>> pool_;  // buffers of merged nodes, reused
};

}  // namespace kanpde::parallel
