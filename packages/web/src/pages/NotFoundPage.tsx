import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../components/Page.tsx';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <Text>There is no such page in OncoAtlas. Go to the <Anchor component={Link} to="/">start page</Anchor> or the <Anchor component={Link} to="/catalogue">catalogue</Anchor>.</Text>
    </Page>
  );
}
