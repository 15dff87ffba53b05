/**
 * Forms: client-side validation with the shared Zod schemas, and server field errors
 * (`problem.errors[].field`, the body field name such as `email` or `settings.timezone`) on the same fields.
 */
import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { isApiError } from './api';
import { errorMessage } from './errors';

type Issue = z.core.$ZodIssue;

/** Friendlier default messages for the shared schemas (a message written in a schema wins). */
export function configureZodMessages(): void {
  z.config({
    customError: (iss) => {
      if (iss.code === 'invalid_type' && iss.input === undefined) return 'Required';
      if (iss.code === 'too_small' && iss.origin === 'string') {
        return Number(iss.minimum) <= 1 ? 'Required' : `At least ${iss.minimum} characters`;
      }
      if (iss.code === 'too_big' && iss.origin === 'string') return `At most ${iss.maximum} characters`;
      if (iss.code === 'too_small' && iss.origin === 'number') return `At least ${iss.minimum}`;
      if (iss.code === 'too_big' && iss.origin === 'number') return `At most ${iss.maximum}`;
      if (iss.code === 'invalid_format' && iss.format === 'email') return 'Not a valid email address';
      if (iss.code === 'invalid_format' && iss.format === 'url') return 'Not a valid URL';
      if (iss.code === 'invalid_format' && iss.format === 'datetime') return 'Not a valid date and time';
      if (iss.code === 'invalid_format' && iss.format === 'regex') return 'Wrong format';
      return undefined;
    },
  });
}

export function issuesToErrors(issues: readonly Issue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/**
 * A mantine-form `validate` function running a shared schema.
 * `prepare` turns form values into the request body (e.g. '' → null) before validating, so error paths
 * are body paths — keep form values shaped like the body.
 */
export function zodValidate<V>(schema: z.ZodType, prepare?: (values: V) => unknown) {
  return (values: V): Record<string, string> => {
    const result = schema.safeParse(prepare ? prepare(values) : values);
    return result.success ? {} : issuesToErrors(result.error.issues);
  };
}

function hasPath(values: unknown, path: string): boolean {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as Record<string, unknown>))) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return true;
}

/** Server field names to form paths: `email`, `settings.timezone`; tolerates `body.email`, `/email`, `a[0]`. */
export function normalizeField(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^body\./, '');
}

/**
 * Puts the server's field errors on the form fields. Returns the message for a form-level alert,
 * or null when every problem was shown on a field.
 */
export function applyServerErrors(form: UseFormReturnType<any>, err: unknown): string | null {
  if (!isApiError(err)) return errorMessage(err);
  const leftovers: string[] = [];
  const values = form.getValues();
  let onFields = 0;
  for (const fe of err.fieldErrors) {
    const path = normalizeField(fe.field);
    if (path && hasPath(values, path)) {
      form.setFieldError(path, fe.message);
      onFields++;
    } else {
      leftovers.push(path ? `${path}: ${fe.message}` : fe.message);
    }
  }
  if (onFields > 0 && leftovers.length === 0) return null;
  // Validation problems that have no field here are listed; other codes already say it in `detail`.
  if (leftovers.length > 0 && err.code === 'validation_failed') return `Please fix: ${leftovers.join('; ')}`;
  return errorMessage(err);
}

/** Form-level error state: `handle(err)` maps field errors and keeps the rest for an Alert. */
export function useFormError(form: UseFormReturnType<any>) {
  const [error, setError] = useState<string | null>(null);
  return {
    error,
    clear: () => setError(null),
    set: setError,
    handle: (err: unknown) => setError(applyServerErrors(form, err)),
  };
}

/** '' (or whitespace) → null, for optional nullable text fields. */
export function blankToNull(v: string | null | undefined): string | null {
  return v === undefined || v === null || v.trim() === '' ? null : v;
}

/** '' → undefined, for optional fields that may be left out. */
export function blankToUndefined(v: string | null | undefined): string | undefined {
  return v === undefined || v === null || v.trim() === '' ? undefined : v;
}
