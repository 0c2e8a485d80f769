/**
 * The key a node signs its access permits with: its hub membership key (`hub-node.key`, Ed25519), so the hub
 * verifies a permit with the public key the node joined with, and the node's id is the same everywhere. A node
 * that never joined a hub makes that same key file at its first permit, and keeps it if it joins later.
 */
import { nodeIdOf, nodeKey, type SigningKey } from '@oncoatlas/hub';

export interface NodePermitKey {
  readonly nodeId: string;
  readonly key: SigningKey;
}

/** Read once per data directory: every DICOMweb request checks a permit, and the key file never changes once made. */
const keys = new Map<string, Promise<NodePermitKey>>();

/** The node's permit key and id, the key made the first time (owner-only). */
export function nodePermitKey(dataDir: string): Promise<NodePermitKey> {
  let key = keys.get(dataDir);
  if (!key) {
    key = nodeKey(dataDir).then((k) => ({ nodeId: nodeIdOf(k.thumbprint), key: k }));
    keys.set(dataDir, key);
    key.catch(() => keys.delete(dataDir));
  }
  return key;
}
