import { ActionIcon, Badge, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { type Codec, CODECS } from '@switchboard/shared';

const LABELS: Record<Codec, string> = {
  ulaw: 'G.711 µ-law (ulaw)',
  alaw: 'G.711 A-law (alaw)',
  g722: 'G.722 (HD)',
  opus: 'Opus',
  g729: 'G.729',
  gsm: 'GSM',
  ilbc: 'iLBC',
  g726: 'G.726',
  speex: 'Speex',
};

/**
 * Codecs in order of preference: picking appends, and the arrows (or removing and re-adding) move
 * one earlier or later.
 */
export function CodecsField({ value, onChange, error }: { value: Codec[]; onChange: (v: Codec[]) => void; error?: string }) {
  const move = (i: number, to: number) => {
    if (to < 0 || to >= value.length) return;
    const next = [...value];
    const [c] = next.splice(i, 1);
    next.splice(to, 0, c);
    onChange(next);
  };
  return (
    <Stack gap={6}>
      <MultiSelect
        label="Codecs"
        description="In order of preference; the first the carrier also offers wins"
        data={CODECS.map((c) => ({ value: c, label: LABELS[c] }))}
        value={value}
        onChange={(v) => onChange(v as Codec[])}
        error={error}
        hidePickedOptions
        clearable
      />
      {value.length > 1 ? (
        <Group gap={6} aria-label="Codec order" role="list">
          {value.map((c, i) => (
            <Badge
              key={c}
              role="listitem"
              variant="light"
              tt="none"
              size="lg"
              pl={4}
              pr={4}
              leftSection={
                <ActionIcon size="xs" variant="subtle" aria-label={`Prefer ${c} earlier`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  <IconArrowLeft size={12} />
                </ActionIcon>
              }
              rightSection={
                <ActionIcon size="xs" variant="subtle" aria-label={`Prefer ${c} later`} disabled={i === value.length - 1} onClick={() => move(i, i + 1)}>
                  <IconArrowRight size={12} />
                </ActionIcon>
              }
            >
              {i + 1}. {c}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          Pick more than one to order them.
        </Text>
      )}
    </Stack>
  );
}
