import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

/** The form-level part of a failed submit (what could not be shown on a field). */
export function FormErrorAlert({ error, onClose }: { error: string | null; onClose?: () => void }) {
  if (!error) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      role="alert"
      data-testid="form-error"
      withCloseButton={Boolean(onClose)}
      onClose={onClose}
    >
      {error}
    </Alert>
  );
}
