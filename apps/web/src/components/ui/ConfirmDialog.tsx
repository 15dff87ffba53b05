import { Box, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormErrorAlert } from './FormErrorAlert';

export interface ConfirmDialogProps {
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  color?: string;
  loading?: boolean;
}

/** A yes/no question in a modal; the confirm button carries the action's name ("Delete", "Send link"). */
export function ConfirmDialog({ opened, onClose, onConfirm, title, children, confirmLabel = 'Confirm', color = 'blue', loading }: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm" component="div">
          {children}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={loading} data-testid="confirm-button">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** "Delete X?" with a red Delete button. */
export function ConfirmDelete({
  opened,
  onClose,
  onConfirm,
  what,
  loading,
  extra,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
  /** e.g. `the user ann@example.com` */
  what: string;
  loading?: boolean;
  extra?: ReactNode;
  /** Why the last attempt failed (e.g. a 409 naming what still uses it); the dialog stays open to show it. */
  error?: string | null;
}) {
  return (
    <ConfirmDialog opened={opened} onClose={onClose} onConfirm={onConfirm} title="Delete?" confirmLabel="Delete" color="red" loading={loading}>
      Delete {what}? This cannot be undone.
      {extra}
      {error ? (
        <Box mt="sm">
          <FormErrorAlert error={error} />
        </Box>
      ) : null}
    </ConfirmDialog>
  );
}
