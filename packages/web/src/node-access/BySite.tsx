/**
 * One URL, two pages: the hub and the nodes serve the same UI bundle, and a path such as /permits means the
 * researcher's permits at the hub but the permits a node signed at a node. The session says which site this
 * is (atHub); until it is known, nothing is rendered rather than the wrong page.
 */
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { atHub } from '../api/access.ts';
import { useSession } from '../api/queries.ts';

export function BySite({ hub, node }: { readonly hub: ReactNode; readonly node: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <Center py="xl"><Loader aria-label="Loading the page" /></Center>;
  return <>{atHub(session.data) ? hub : node}</>;
}
