import { Button, FileInput, Group, Paper, Stack, Text } from '@mantine/core';
import { IconMusic, IconPlayerPlay, IconTrash, IconUpload } from '@tabler/icons-react';
import { GREETING_AUDIO_TYPES, GREETING_MAX_BYTES, type GreetingAudio } from '@switchboard/shared';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiData, apiFetch } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notices';
import { FormErrorAlert } from '../ui/FormErrorAlert';

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * Upload, play and remove the greeting audio of an object (`<base>/greeting` of an IVR menu or a
 * voicemail box). The server checks the bytes (WAV, MP3 or Ogg); `onChanged` gets the object the
 * server answers with.
 */
export function GreetingAudioField<T>({
  base,
  greeting,
  onChanged,
  disabled,
  label = 'Greeting audio',
}: {
  /** e.g. `/telephony/voicemail/<id>` */
  base: string;
  greeting: GreetingAudio | null;
  onChanged: (updated: T) => void;
  disabled?: boolean;
  label?: string;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playUrl, setPlayUrl] = useState<string | null>(null);

  // A new greeting (or none) makes the loaded audio stale.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the stored greeting changes
  useEffect(() => {
    setPlayUrl(null);
  }, [greeting?.sha256]);
  useEffect(() => () => (playUrl ? URL.revokeObjectURL(playUrl) : undefined), [playUrl]);

  const upload = useMutation({
    mutationFn: (f: File) => {
      const body = new FormData();
      body.append('file', f, f.name);
      return apiData<T>(`${base}/greeting`, { method: 'POST', body });
    },
    onSuccess: (updated) => {
      setFile(null);
      onChanged(updated);
      notifySuccess('Greeting uploaded');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: () => apiData<T>(`${base}/greeting`, { method: 'DELETE' }),
    onSuccess: (updated) => {
      onChanged(updated);
      notifySuccess('Greeting removed');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const load = useMutation({
    mutationFn: async () => URL.createObjectURL(await (await apiFetch(`${base}/greeting`, { accept: '*/*' })).blob()),
    onSuccess: setPlayUrl,
    onError: (e) => setError(errorMessage(e)),
  });

  return (
    <Stack gap="xs" data-testid="greeting-audio">
      {greeting ? (
        <Paper withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <IconMusic size={18} />
              <div>
                <Text size="sm" fw={500}>
                  {greeting.file_name ?? 'Greeting'}
                </Text>
                <Text size="xs" c="dimmed">
                  {greeting.content_type} · {kb(greeting.size)} · uploaded {formatDateTime(greeting.uploaded_at)}
                </Text>
              </div>
            </Group>
            <Group gap="xs">
              {playUrl ? null : (
                <Button size="compact-sm" variant="light" leftSection={<IconPlayerPlay size={14} />} loading={load.isPending} onClick={() => load.mutate()}>
                  Play greeting
                </Button>
              )}
              {disabled ? null : (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  loading={remove.isPending}
                  onClick={() => {
                    setError(null);
                    remove.mutate();
                  }}
                >
                  Remove greeting
                </Button>
              )}
            </Group>
          </Group>
          {playUrl ? (
            // biome-ignore lint/a11y/useMediaCaption: a recorded greeting has no caption track
            <audio controls autoPlay src={playUrl} style={{ width: '100%', marginTop: 8 }} aria-label="Greeting playback" />
          ) : null}
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          No audio uploaded.
        </Text>
      )}
      {disabled ? null : (
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <FileInput
            label={label}
            description="WAV, MP3 or Ogg, at most 10 MB"
            placeholder="Choose a file"
            accept={GREETING_AUDIO_TYPES.join(',')}
            value={file}
            clearable
            onChange={(f) => {
              setError(null);
              if (f && f.size > GREETING_MAX_BYTES) {
                setError(`The file is ${kb(f.size)}; at most ${kb(GREETING_MAX_BYTES)} is accepted.`);
                setFile(null);
                return;
              }
              setFile(f);
            }}
            style={{ flex: 1 }}
          />
          <Button leftSection={<IconUpload size={16} />} disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
            Upload
          </Button>
        </Group>
      )}
      <FormErrorAlert error={error} onClose={() => setError(null)} />
    </Stack>
  );
}
