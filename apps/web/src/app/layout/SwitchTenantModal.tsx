import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notices';
import { useSwitchTenant } from '../../lib/session';

/** Superadmin: enter any tenant by its id (slug). */
export function SwitchTenantModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [tenantId, setTenantId] = useState('');
  const switchTenant = useSwitchTenant();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const id = tenantId.trim();
    if (!id) return;
    switchTenant.mutate(id, {
      onSuccess: () => {
        notifySuccess('Tenant switched', `Now working in ${id}`);
        setTenantId('');
        onClose();
      },
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Enter a tenant" centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            As a superadmin you can work inside any tenant. Enter its ID (slug).
          </Text>
          <TextInput label="Tenant ID" placeholder="acme" value={tenantId} onChange={(e) => setTenantId(e.currentTarget.value)} data-autofocus required />
          <FormErrorAlert error={switchTenant.isError ? errorMessage(switchTenant.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={switchTenant.isPending}>
              Switch
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
