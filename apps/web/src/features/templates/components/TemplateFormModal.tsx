import { Button, Grid, Group, Modal, Paper, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTemplateBody, renderTemplate, type Template, TEMPLATE_VARIABLES, type TemplateVariable } from '@switchboard/shared';
import { useEffect, useRef } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { SafeHtml } from '../../../components/ui/SafeHtml';
import { SelectField } from '../../../components/ui/SelectField';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateTemplate } from '../api/createTemplate';
import { useUpdateTemplate } from '../api/updateTemplate';
import { FORMAT_OPTIONS, KIND_OPTIONS, VARIABLE_HELP } from './templateOptions';
import { VariableHelp } from './VariableHelp';

interface Values {
  kind: 'ticket' | 'reply';
  name: string;
  subject: string;
  format: 'text' | 'html';
  body: string;
}

const EMPTY: Values = { kind: 'reply', name: '', subject: '', format: 'text', body: '' };
const toBody = (v: Values) => ({ kind: v.kind, name: v.name, subject: blankToNull(v.subject), format: v.format, body: v.body });
const SAMPLES = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, VARIABLE_HELP[v].sample]));

/** Create or edit a template, with the variables at hand and a preview filled with sample values. */
export function TemplateFormModal({ opened, template, onClose }: { opened: boolean; template: Template | null; onClose: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const form = useForm<Values>({ mode: 'controlled', initialValues: EMPTY, validate: zodValidate(CreateTemplateBody, toBody) });
  const formError = useFormError(form);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another template
  useEffect(() => {
    if (opened) {
      form.setValues(
        template ? { kind: template.kind, name: template.name, subject: template.subject ?? '', format: template.format, body: template.body } : EMPTY,
      );
      form.clearErrors();
      formError.clear();
    }
  }, [opened, template?.id]);

  /** Puts `{{v}}` at the cursor of the body. */
  const insert = (v: TemplateVariable) => {
    const el = bodyRef.current;
    const body = form.getValues().body;
    const at = el ? el.selectionStart : body.length;
    const end = el ? el.selectionEnd : body.length;
    const token = `{{${v}}}`;
    form.setFieldValue('body', body.slice(0, at) + token + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = CreateTemplateBody.parse(toBody(v));
    try {
      if (template) await update.mutateAsync({ id: template.id, body });
      else await create.mutateAsync(body);
      notifySuccess(template ? 'Template saved' : 'Template created', body.name);
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  const values = form.getValues();
  const preview = renderTemplate(values.body, SAMPLES, { html: values.format === 'html' });
  return (
    <Modal opened={opened} onClose={onClose} title={template ? 'Edit template' : 'New template'} centered size="xl">
      <form onSubmit={submit} noValidate>
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack>
              <TextInput label="Template name" required data-autofocus {...form.getInputProps('name')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <SelectField label="Kind" data={KIND_OPTIONS} {...form.getInputProps('kind')} />
                <SelectField label="Format" data={FORMAT_OPTIONS} {...form.getInputProps('format')} />
              </SimpleGrid>
              <TextInput
                label="Subject"
                description={values.kind === 'ticket' ? "The new ticket's subject" : 'Optional for replies'}
                {...form.getInputProps('subject')}
              />
              <Textarea
                ref={bodyRef}
                label="Body"
                required
                autosize
                minRows={6}
                maxRows={16}
                ff={values.format === 'html' ? 'monospace' : undefined}
                {...form.getInputProps('body')}
              />
              <Paper withBorder p="sm" radius="md" component="section" aria-label="Preview">
                <Text size="xs" c="dimmed" mb={4}>
                  Preview with sample values
                </Text>
                {values.format === 'html' ? (
                  <SafeHtml html={preview} />
                ) : (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {preview || '—'}
                  </Text>
                )}
              </Paper>
              <FormErrorAlert error={formError.error} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <VariableHelp onInsert={insert} />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {template ? 'Save template' : 'Create template'}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
