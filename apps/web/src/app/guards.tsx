import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Forbidden } from '../components/ui/Forbidden';
import { QueryError } from '../components/ui/QueryError';
import { allowed, type Guarded } from '../lib/permissions';
import { useHasSession, useLogout, useMe } from '../lib/session';

/** Signed in (tokens present and /auth/me answered) or off to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const signedIn = useHasSession();
  const location = useLocation();
  const me = useMe();
  const logout = useLogout();
  if (!signedIn) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={480} w="100%">
          <Title order={3}>Cannot load your session</Title>
          <QueryError error={me.error} />
          <Group>
            <Button onClick={() => me.refetch()}>Retry</Button>
            <Button variant="default" onClick={logout}>
              Log out
            </Button>
          </Group>
        </Stack>
      </Center>
    );
  }
  return <>{children}</>;
}

/** Shows the page only when the user holds the permission (and the tenant has the feature). */
export function RequirePermission({ children, ...guard }: Guarded & { children: ReactNode }) {
  const { data: me } = useMe();
  if (!allowed(me, guard)) {
    let msg: string | undefined;
    if (guard.needsTenant && !me?.tenant) msg = 'This page works inside a tenant. Enter one from the user menu or the Tenants page.';
    else if (guard.permission && me?.permissions.includes(guard.permission)) msg = 'This feature is not enabled for your organization.';
    return <Forbidden message={msg} />;
  }
  return <>{children}</>;
}

export function NotFound() {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs">
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">There is nothing at this address.</Text>
        <Button component="a" href="/" variant="light">
          Go to the dashboard
        </Button>
      </Stack>
    </Center>
  );
}
