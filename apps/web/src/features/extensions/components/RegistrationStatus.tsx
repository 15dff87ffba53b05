import { Badge, Tooltip } from '@mantine/core';
import type { Extension } from '@switchboard/shared';

/** Registered (with how many devices) or not. */
export function RegistrationStatus({ extension: e }: { extension: Extension }) {
  const n = e.contacts.length;
  return e.status === 'registered' ? (
    <Tooltip label={e.contacts.map((c) => c.user_agent ?? c.uri).join(', ') || 'Registered'}>
      <Badge variant="dot" color="teal">
        Registered{n > 1 ? ` (${n} devices)` : ''}
      </Badge>
    </Tooltip>
  ) : (
    <Badge variant="dot" color="gray">
      Unregistered
    </Badge>
  );
}
