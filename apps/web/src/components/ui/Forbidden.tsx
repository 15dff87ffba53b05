import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';

export function Forbidden({ message = 'You do not have permission to see this page.' }: { message?: string }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="sm">
        <IconLock size={48} stroke={1.5} />
        <Title order={3}>No access</Title>
        <Text c="dimmed">{message}</Text>
        <Button component={Link} to="/" variant="light">
          Back to the dashboard
        </Button>
      </Stack>
    </Center>
  );
}
