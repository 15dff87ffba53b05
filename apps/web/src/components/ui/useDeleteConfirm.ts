import { useState } from 'react';
import { errorMessage } from '../../lib/errors';

/** What a delete mutation (TanStack `useMutation` taking the id) offers the confirm dialog. */
export interface DeleteMutation {
  mutate: (id: string, options?: { onSuccess?: () => void; onError?: (error: unknown) => void }) => void;
  isPending: boolean;
}

/**
 * The state behind a `<ConfirmDelete>`: which row is asked about, the mutation's pending flag and
 * why the last attempt failed. Spread `dialog` into `<ConfirmDelete>`; `ask(row)` opens it.
 * On success `onDeleted(row)` runs and the dialog closes; on failure the error is shown in the
 * dialog (which stays open), unless `onError` handles it instead.
 */
export function useDeleteConfirm<T extends { id: string }>({
  mutation,
  onDeleted,
  onError,
}: {
  mutation: DeleteMutation;
  onDeleted: (row: T) => void;
  onError?: (error: unknown) => void;
}) {
  const [target, setTarget] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  return {
    target,
    ask: (row: T) => {
      setError(null);
      setTarget(row);
    },
    dialog: {
      opened: Boolean(target),
      loading: mutation.isPending,
      error,
      onClose: () => setTarget(null),
      onConfirm: () =>
        target &&
        mutation.mutate(target.id, {
          onSuccess: () => {
            onDeleted(target);
            setTarget(null);
          },
          onError: onError ?? ((e) => setError(errorMessage(e))),
        }),
    },
  };
}
