export { MerkleTree, diffTrees, type MerkleTreeOptions, type DivergentRange, type TreeDiff } from './merkle-tree.js';
