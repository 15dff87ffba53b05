import { Group, NumberInput } from '@mantine/core';
import { useState } from 'react';
import { SelectField } from '../../../components/ui/SelectField';

const UNITS = [
  { value: '1', label: 'minutes' },
  { value: '60', label: 'hours' },
];

/** Hours when the minutes make whole hours. (No days: a "day" of business time would read as a calendar day.) */
const unitFor = (minutes: number | '') => (minutes === '' || minutes % 60 === 0 ? '60' : '1');

/** A duration typed in minutes or hours, reported in minutes; `label` names it for screen readers (the table's headers show it). */
export function DurationField({
  label,
  value,
  onChange,
  error,
  disabled,
}: {
  label: string;
  value: number | '';
  onChange: (minutes: number | '') => void;
  error?: string;
  disabled?: boolean;
}) {
  const [unit, setUnit] = useState(unitFor(value));
  const factor = Number(unit);
  const shown = value === '' ? '' : Number((value / factor).toFixed(2));
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <NumberInput
        aria-label={label}
        value={shown}
        min={0}
        decimalScale={2}
        allowNegative={false}
        error={error}
        disabled={disabled}
        w={110}
        onChange={(v) => onChange(v === '' ? '' : Math.round(Number(v) * factor))}
      />
      <SelectField
        aria-label={`${label} unit`}
        data={UNITS}
        value={unit}
        disabled={disabled}
        w={110}
        onChange={(u) => {
          if (!u) return;
          setUnit(u);
          // "1" then "hours" means one hour: the number typed stays, read in the new unit.
          if (shown !== '') onChange(Math.round(Number(shown) * Number(u)));
        }}
      />
    </Group>
  );
}
