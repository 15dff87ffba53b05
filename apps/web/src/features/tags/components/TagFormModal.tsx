import { Button, ColorInput, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTagBody, type Tag } from '@switchboard/shared';
import { useEffect } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateTag } from '../api/createTag';
import { useUpdateTag } from '../api/updateTag';

interface Values {
  name: string;
  color: string;
}

const SWATCHES = ['#e03131', '#f08c00', '#2f9e44', '#1971c2', '#6741d9', '#c2255c', '#0c8599', '#495057'];
const toBody = (v: Values) => ({ name: v.name, color: blankToNull(v.color) });

/** Create (tag = null) or edit a tag. */
export function TagFormModal({ opened, tag, onClose }: { opened: boolean; tag: Tag | null; onClose: () => void }) {
  const create = useCreateTag();
  const update = useUpdateTag();
  const form = useForm<Values>({ mode: 'controlled', initialValues: { name: '', color: '' }, validate: zodValidate(CreateTagBody, toBody) });
  const formError = useFormError(form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another tag
  useEffect(() => {
    if (opened) {
      form.setValues({ name: tag?.name ?? '', color: tag?.color ?? '' });
      form.clearErrors();
      formError.clear();
    }
  }, [opened, tag?.id]);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    const body = CreateTagBody.parse(toBody(values));
    try {
      if (tag) {
        await update.mutateAsync({ id: tag.id, body });
        notifySuccess('Tag updated', body.name);
      } else {
        await create.mutateAsync(body);
        notifySuccess('Tag created', body.name);
      }
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={tag ? 'Edit tag' : 'New tag'} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <ColorInput label="Color" placeholder="#1971c2 (optional)" format="hex" swatches={SWATCHES} swatchesPerRow={8} {...form.getInputProps('color')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {tag ? 'Save' : 'Create tag'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
