/**
 * The cart's way into the access workflow: one draft request at the hub for all the cart's datasets, grouped
 * by node, then its page to fill in the application form. The cart is emptied once the hub holds the request.
 */
import { Button, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import type { CartItem } from '../hub/cart.ts';
import { accessKeys, createRequest } from './access-api.ts';
import { requestFromCart } from './request-lists.ts';

export function RequestAccessButton({ items, onCreated }: { readonly items: readonly CartItem[]; readonly onCreated: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () => createRequest(requestFromCart(items)),
    onSuccess: (view) => {
      client.setQueryData(accessKeys.request(view.request.id), view);
      void client.invalidateQueries({ queryKey: accessKeys.requests });
      onCreated();
      void navigate(`/requests/${encodeURIComponent(view.request.id)}`);
    },
  });
  return (
    <Stack gap="xs" align="flex-start">
      <Button onClick={() => create.mutate()} loading={create.isPending} disabled={items.length === 0}>Request access</Button>
      {create.isError ? <ProblemAlert error={create.error} title="The request was not created" /> : null}
    </Stack>
  );
}
