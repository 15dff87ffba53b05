import { Center, Container, Group, Paper, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { PageLoader } from '../../components/ui/PageLoader';
import { useHasSession } from '../../lib/session';

/** Centered card for the pages used while signed out. */
export function PublicLayout() {
  const signedIn = useHasSession();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  if (signedIn && (pathname === '/login' || pathname === '/register')) {
    const next = params.get('next');
    return <Navigate to={next?.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-light)" p="md">
      <Container size={440} w="100%" p={0}>
        <Group justify="center" mb="lg" gap="xs">
          <ThemeIcon size="lg" radius="xl" variant="filled">
            <IconHeadset size={20} />
          </ThemeIcon>
          <Title order={2}>Switchboard</Title>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Paper>
        <Text c="dimmed" size="xs" ta="center" mt="md">
          Multi-tenant contact center
        </Text>
      </Container>
    </Center>
  );
}
