import { Button, Code, Paper, Stack, Text } from '@mantine/core';
import { TEMPLATE_VARIABLES, type TemplateVariable } from '@switchboard/shared';
import { VARIABLE_HELP } from './templateOptions';

/** The variables a template may use; clicking one inserts it into the body. */
export function VariableHelp({ onInsert }: { onInsert?: (v: TemplateVariable) => void }) {
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Variables">
      <Text size="sm" fw={600} mb={4}>
        Variables
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        Written as <Code>{'{{name}}'}</Code>. A value that is not known when the template is used becomes empty; in HTML templates values are escaped.
      </Text>
      <Stack gap={4}>
        {TEMPLATE_VARIABLES.map((v) => (
          <Stack key={v} gap={0} align="flex-start">
            {onInsert ? (
              <Button size="compact-xs" variant="light" aria-label={`Insert {{${v}}}`} onClick={() => onInsert(v)} ff="monospace">
                {`{{${v}}}`}
              </Button>
            ) : (
              <Code>{`{{${v}}}`}</Code>
            )}
            <Text size="xs" c="dimmed">
              {VARIABLE_HELP[v].description}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
