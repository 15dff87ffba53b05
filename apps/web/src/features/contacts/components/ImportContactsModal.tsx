import { Alert, Anchor, Button, Code, Group, Input, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { CONTACT_CSV_COLUMNS } from '@switchboard/shared';
import { useId, useState } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notices';
import { type ImportOutcome, useImportContacts } from '../api/importContacts';

const MAX_BYTES = 10 * 1024 * 1024;

function downloadTemplate() {
  const csv = `${CONTACT_CSV_COLUMNS.join(',')}\nAda,Lovelace,ada@example.com,+44 20 7946 0000,Analytical Engines,First programmer,vip;uk\n`;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'contacts-template.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ImportContactsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mutation = useImportContacts();
  const fileInputId = useId();
  // Changing the key clears the native file input.
  const [inputKey, setInputKey] = useState(0);

  const close = () => {
    setFile(null);
    setInputKey((k) => k + 1);
    setOutcome(null);
    setError(null);
    onClose();
  };

  const run = async () => {
    if (!file) return;
    setOutcome(null);
    setError(null);
    if (file.size > MAX_BYTES) {
      setError('The file is larger than 10 MB. Split it into smaller files.');
      return;
    }
    try {
      const text = await file.text();
      const result = await mutation.mutateAsync(text);
      setOutcome(result);
      if (result.ok && result.errors.length === 0) notifySuccess('Contacts imported', `${result.imported} contacts from ${file.name}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const rowErrors = outcome?.errors ?? [];
  return (
    <Modal opened={opened} onClose={close} title="Import contacts from CSV" size="lg" centered>
      <Stack>
        <Text size="sm">
          The first row must be the header: <Code>{CONTACT_CSV_COLUMNS.join(',')}</Code>. Separate several tags with <Code>;</Code>. If any row is invalid,
          nothing is imported.{' '}
          <Anchor component="button" type="button" size="sm" onClick={downloadTemplate}>
            Download a template
          </Anchor>
        </Text>
        {/* A native file input (not Mantine's FileInput button) so the label points at the real <input type="file">. */}
        <Input.Wrapper label="CSV file" id={fileInputId} description={file ? `${file.name} — ${Math.ceil(file.size / 1024)} KB` : 'Choose a .csv file'}>
          <Input
            id={fileInputId}
            key={inputKey}
            type="file"
            accept=".csv,text/csv"
            styles={{ input: { paddingTop: 5 } }}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setOutcome(null);
              setError(null);
            }}
          />
        </Input.Wrapper>
        <FormErrorAlert error={error} />
        {outcome?.ok && rowErrors.length === 0 ? (
          <Alert color="teal" icon={<IconCheck size={18} />} data-testid="import-success">
            Imported {outcome.imported} contact{outcome.imported === 1 ? '' : 's'}.
          </Alert>
        ) : null}
        {outcome && rowErrors.length > 0 ? (
          <>
            <Alert color="red" icon={<IconX size={18} />} data-testid="import-failed">
              {outcome.ok
                ? `Imported ${outcome.imported}; ${rowErrors.length} row problem${rowErrors.length === 1 ? '' : 's'}:`
                : `${outcome.message.replace(/\.?$/, '.')} Fix these rows and try again:`}
            </Alert>
            <ScrollArea.Autosize mah={280}>
              <Table striped withTableBorder aria-label="Import errors" data-testid="import-errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Row</Table.Th>
                    <Table.Th w={140}>Field</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rowErrors.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id
                    <Table.Tr key={i}>
                      <Table.Td>{e.row ?? '—'}</Table.Td>
                      <Table.Td>{e.field || '—'}</Table.Td>
                      <Table.Td>{e.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {outcome?.ok ? 'Close' : 'Cancel'}
          </Button>
          <Button onClick={run} disabled={!file} loading={mutation.isPending}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
