import { Badge, Tooltip } from '@mantine/core';
import type { Trunk } from '@switchboard/shared';
import { humanize } from '../../../lib/format';
import { STATUS_COLORS, STATUS_HINTS } from './trunkOptions';

export function TrunkStatusBadge({ status }: { status: Trunk['status'] }) {
  return (
    <Tooltip label={STATUS_HINTS[status]} multiline w={260}>
      <Badge variant="dot" color={STATUS_COLORS[status]} data-testid="trunk-status">
        {humanize(status)}
      </Badge>
    </Tooltip>
  );
}
