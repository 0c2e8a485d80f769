import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { EMPTY_ROOT, fromHex, leafHash, type Hash } from './hashes.ts';
import { MerkleFrontier } from './merkle-frontier.ts';
import { consistencyProof, inclusionProof, treeRoot } from './merkle-tree.ts';
import { verifyConsistency, verifyInclusion } from './verify-proofs.ts';

// The RFC 6962 test tree used by certificate-transparency and transparency-dev/merkle (proof/verify_test.go).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: [leaf: number, size: number, proof: string[]][] = [
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
const CONSISTENCY: [from: number, to: number, proof: string[]][] = [
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];

const hashes = LEAVES.map((l) => leafHash(l));
const hex = (hs: readonly Hash[]): string[] => hs.map((h) => h.toString('hex'));
const h = (s: string): Hash => fromHex(s)!;

test('roots of the RFC 6962 test tree at every size, from the whole list and from a frontier', () => {
  assert.equal(treeRoot([]).toString('hex'), createHash('sha256').digest('hex'));
  const frontier = MerkleFrontier.empty();
  assert.ok(frontier.root().equals(EMPTY_ROOT));
  for (let n = 1; n <= 8; n++) {
    assert.equal(treeRoot(hashes, n).toString('hex'), ROOTS[n - 1], `size ${n}`);
    frontier.append(hashes[n - 1]!);
    assert.equal(frontier.root().toString('hex'), ROOTS[n - 1], `frontier size ${n}`);
    const saved = frontier.toJSON();
    assert.equal(MerkleFrontier.restore(saved.size, saved.nodes)?.root().toString('hex'), ROOTS[n - 1]);
  }
  assert.equal(MerkleFrontier.restore(3, [ROOTS[0]!]), undefined, 'a size of 3 needs two subtree roots');
});

test('inclusion proofs equal the reference vectors and verify; every corruption fails', () => {
  for (const [leaf, size, proof] of INCLUSION) {
    assert.deepEqual(hex(inclusionProof(hashes, leaf, size)), proof, `leaf ${leaf} in ${size}`);
    const p = proof.map(h);
    const root = h(ROOTS[size - 1]!);
    assert.ok(verifyInclusion(leaf, size, hashes[leaf]!, p, root));
    assert.ok(!verifyInclusion(leaf + 1, size, hashes[leaf]!, p, root), 'wrong index');
    assert.ok(!verifyInclusion(leaf, size * 2, hashes[leaf]!, p, root), 'wrong size');
    assert.ok(!verifyInclusion(leaf, size, leafHash('WrongLeaf'), p, root), 'wrong leaf');
    assert.ok(!verifyInclusion(leaf, size, hashes[leaf]!, p, EMPTY_ROOT), 'wrong root');
    assert.ok(!verifyInclusion(leaf, size, hashes[leaf]!, [...p, root], root), 'trailing hash');
    assert.ok(!verifyInclusion(leaf, size, hashes[leaf]!, p.slice(0, -1), root), 'removed hash');
    for (let i = 0; i < p.length; i++) {
      const bad = p.map((x) => Buffer.from(x));
      bad[i]![0]! ^= 8;
      assert.ok(!verifyInclusion(leaf, size, hashes[leaf]!, bad, root), `flipped bit in proof[${i}]`);
    }
  }
  assert.ok(verifyInclusion(0, 1, hashes[0]!, [], hashes[0]!), 'a one-leaf tree: the root is the leaf');
  assert.ok(!verifyInclusion(0, 0, hashes[0]!, [], EMPTY_ROOT));
});

test('consistency proofs equal the reference vectors and verify; every corruption fails', () => {
  for (const [from, to, proof] of CONSISTENCY) {
    assert.deepEqual(hex(consistencyProof(hashes, from, to)), proof, `${from} -> ${to}`);
    const p = proof.map(h);
    const r1 = h(ROOTS[from - 1]!), r2 = h(ROOTS[to - 1]!);
    assert.ok(verifyConsistency(from, to, p, r1, r2));
    assert.ok(!verifyConsistency(from, to, p, r2, r1), 'swapped roots');
    assert.ok(!verifyConsistency(from - 1, to, p, r1, r2), 'wrong old size');
    assert.ok(!verifyConsistency(from, to * 2, p, r1, r2), 'wrong new size');
    assert.ok(!verifyConsistency(from, to, [], r1, r2), 'empty proof');
    assert.ok(!verifyConsistency(from, to, [...p, r2], r1, r2), 'trailing hash');
    assert.ok(!verifyConsistency(from, to, [p[0]!, ...p], r1, r2), 'preceding hash');
    for (let i = 0; i < p.length; i++) {
      const bad = p.map((x) => Buffer.from(x));
      bad[i]![0]! ^= 16;
      assert.ok(!verifyConsistency(from, to, bad, r1, r2), `flipped bit in proof[${i}]`);
    }
  }
  assert.ok(verifyConsistency(0, 5, [], EMPTY_ROOT, h(ROOTS[4]!)), 'the empty tree is a prefix of every tree');
  assert.ok(verifyConsistency(3, 3, [], h(ROOTS[2]!), h(ROOTS[2]!)));
  assert.ok(!verifyConsistency(3, 3, [], h(ROOTS[2]!), h(ROOTS[3]!)));
  assert.ok(!verifyConsistency(4, 3, [], h(ROOTS[3]!), h(ROOTS[2]!)), 'no proof into the past');
});

test('every proof of every leaf and every pair of sizes up to 70 verifies against the frontier roots', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => leafHash(`event ${i}`));
  const roots: Hash[] = [EMPTY_ROOT];
  const f = MerkleFrontier.empty();
  for (const l of leaves) { f.append(l); roots.push(f.root()); }
  for (let n = 1; n <= leaves.length; n++) {
    assert.ok(roots[n]!.equals(treeRoot(leaves, n)));
    for (let i = 0; i < n; i++) assert.ok(verifyInclusion(i, n, leaves[i]!, inclusionProof(leaves, i, n), roots[n]!), `${i} in ${n}`);
    for (let m = 0; m <= n; m++) assert.ok(verifyConsistency(m, n, consistencyProof(leaves, m, n), roots[m]!, roots[n]!), `${m} -> ${n}`);
  }
});
