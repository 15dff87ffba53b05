import { Group, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { DESTINATION_TYPES, type DestinationType } from '@switchboard/shared';
import { featureOn } from '../../lib/permissions';
import { useMe } from '../../lib/session';
import { SelectField } from '../ui/SelectField';
import { TARGET_LABELS, type TargetKind, useTargetOptions } from './destinationTargets';
import { DESTINATION_TYPE_LABELS, type DestinationValue, emptyDestination } from './destinationValue';

const KINDS: readonly string[] = ['queue', 'extension', 'ivr', 'voicemail'];
const isKind = (t: string): t is TargetKind => KINDS.includes(t);

/** The destination types this tenant can use (queues and IVR follow the tenant's feature flags); the current one stays. */
export function useDestinationTypes(only?: readonly DestinationType[], current?: string) {
  const { data: me } = useMe();
  return (only ?? DESTINATION_TYPES).filter((t) => t === current || ((t !== 'queue' || featureOn(me, 'queues')) && (t !== 'ivr' || featureOn(me, 'ivr'))));
}

export interface DestinationPickerProps {
  form: UseFormReturnType<any>;
  /** Path of a `DestinationValue` in the form values, e.g. `open` or `options.3.destination`. */
  path: string;
  /** Names the inputs: "<label> destination", "<label> queue", "<label> webhook URL", … Keep labels on one screen distinct. */
  label: string;
  description?: string;
  /** Limit the choice (default: every type). */
  types?: readonly DestinationType[];
  /** Offer "None" (clears the destination) — for optional slots. */
  optional?: boolean;
  /** What "None" means in this slot, e.g. "None (hang up)". */
  noneLabel?: string;
  disabled?: boolean;
}

/**
 * Where a call goes: a type, then the object of that type (queue, extension, IVR menu, voicemail box of the
 * tenant), a URL for a webhook or an E.164 number for an external transfer.
 */
export function DestinationPicker({ form, path, label, description, types, optional, noneLabel = 'None', disabled }: DestinationPickerProps) {
  const value = (getPath(form.getValues(), path) as DestinationValue | undefined) ?? emptyDestination();
  const allowed = useDestinationTypes(types, value.type);
  const kind = value.type && isKind(value.type) ? value.type : null;
  const targets = useTargetOptions(kind);
  const typeData = [...(optional ? [{ value: '', label: noneLabel }] : []), ...allowed.map((t) => ({ value: t, label: DESTINATION_TYPE_LABELS[t] }))];
  const rawTypeError = form.errors[`${path}.type`] ?? form.errors[path];
  // Without a type the schema's complaint is about a missing object: say what to do instead.
  const typeError = rawTypeError && !value.type ? 'Choose where calls go' : rawTypeError;

  let targetData = targets.data ?? [];
  // A target that is not among the first options (or was just deleted) still shows something.
  if (kind && value.target_id && !targetData.some((o) => o.value === value.target_id)) {
    targetData = [...targetData, { value: value.target_id, label: targets.isPending ? 'Loading…' : `Unknown ${TARGET_LABELS[kind]}` }];
  }

  return (
    <div data-testid={`destination-${path}`}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <SelectField
          label={`${label} destination`}
          description={description}
          data={typeData}
          value={value.type}
          disabled={disabled}
          error={typeError}
          w={240}
          onChange={(t) => {
            const next = (t ?? '') as DestinationType | '';
            if (next === value.type) return;
            form.setFieldValue(path, { ...emptyDestination(next), url: value.url, number: value.number });
            form.clearFieldError(path);
            form.clearFieldError(`${path}.type`);
          }}
        />
        {kind ? (
          <SelectField
            label={`${label} ${TARGET_LABELS[kind]}`}
            description={description ? ' ' : undefined}
            placeholder={targets.isPending ? 'Loading…' : `Pick a ${TARGET_LABELS[kind]}`}
            data={targetData}
            disabled={disabled}
            nothingFound={`No ${TARGET_LABELS[kind]} yet`}
            style={{ flex: 1, minWidth: 220 }}
            {...form.getInputProps(`${path}.target_id`)}
            onChange={(v) => form.setFieldValue(`${path}.target_id`, v ?? '')}
            error={form.errors[`${path}.target_id`] ?? (targets.isError ? `Cannot load the ${TARGET_LABELS[kind]} list` : undefined)}
          />
        ) : null}
        {value.type === 'webhook' ? (
          <TextInput
            label={`${label} webhook URL`}
            description={description ? ' ' : undefined}
            placeholder="https://example.com/calls"
            disabled={disabled}
            style={{ flex: 1, minWidth: 220 }}
            {...form.getInputProps(`${path}.url`)}
          />
        ) : null}
        {value.type === 'external' ? (
          <TextInput
            label={`${label} external number`}
            description={description ? ' ' : undefined}
            placeholder="+14155550100"
            disabled={disabled}
            style={{ flex: 1, minWidth: 220 }}
            {...form.getInputProps(`${path}.number`)}
          />
        ) : null}
        {value.type === 'hangup' ? (
          <Text size="sm" c="dimmed" pt={description ? 46 : 28}>
            The call ends.
          </Text>
        ) : null}
      </Group>
    </div>
  );
}

function getPath(values: unknown, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
