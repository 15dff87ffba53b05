import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData, isApiError } from '../../../lib/api';
import { contactsKeys } from './keys';

export interface ImportRowError {
  /** 1 = first data row after the header; null when the server did not say. */
  row: number | null;
  field: string;
  message: string;
}

export type ImportOutcome = { ok: true; imported: number; errors: ImportRowError[] } | { ok: false; imported: 0; errors: ImportRowError[]; message: string };

/** `row 3: email` → { row: 3, field: 'email' } */
export function parseRowField(field: string): { row: number | null; field: string } {
  const m = /^row\s+(\d+)\s*(?:[:.,-]\s*(.*))?$/i.exec(field.trim());
  if (!m) return { row: null, field };
  return { row: Number(m[1]), field: m[2] ?? '' };
}

/**
 * POST /contacts/import with the raw CSV (`Content-Type: text/csv`).
 * A 422 `validation_failed` (nothing imported) is returned as an outcome with the row errors, not thrown.
 */
export async function importContacts(csv: string): Promise<ImportOutcome> {
  try {
    const data = await apiData<{ imported: number; errors?: { row: number; field: string; message: string }[] }>('/contacts/import', {
      method: 'POST',
      body: csv,
      contentType: 'text/csv',
    });
    return { ok: true, imported: data.imported, errors: (data.errors ?? []).map((e) => ({ row: e.row, field: e.field, message: e.message })) };
  } catch (e) {
    if (isApiError(e) && e.status === 422 && e.fieldErrors.length > 0) {
      return {
        ok: false,
        imported: 0,
        message: e.problem?.detail ?? 'The file has errors; nothing was imported.',
        errors: e.fieldErrors.map((fe) => ({ ...parseRowField(fe.field), message: fe.message })),
      };
    }
    throw e;
  }
}

export function useImportContacts() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: importContacts,
    onSuccess: (r) => {
      if (r.ok) {
        qc.invalidateQueries({ queryKey: contactsKeys.all });
        // Import may create tags by name.
        qc.invalidateQueries({ queryKey: ['tags'] });
      }
    },
  });
}
