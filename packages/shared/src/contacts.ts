import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

/** A tag, shared by contacts and (later) tickets. */
export const Tag = z.object({
  id: Id,
  name: z.string(),
  color: z.string().nullable(),
  created_at: Timestamp,
});
export type Tag = z.infer<typeof Tag>;

export const CreateTagBody = z.object({
  name: z.string().trim().min(1).max(50),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, '#RRGGBB').nullable().optional(),
});
export const UpdateTagBody = CreateTagBody.partial();
export const TagListQuery = PageQuery.extend({ q: z.string().max(100).optional() });

/** A contact (customer, caller, visitor). */
export const Contact = z.object({
  id: Id,
  first_name: z.string(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(Tag.pick({ id: true, name: true, color: true })),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Contact = z.infer<typeof Contact>;

const optText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Fields a contact is created from (also one CSV row). */
export const CreateContactBody = z.object({
  first_name: z.string().trim().min(1, 'Required').max(100),
  last_name: optText(100),
  email: z.string().trim().toLowerCase().pipe(z.email('Not a valid email address')).nullable().optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{3,30}$/, 'Not a phone number').nullable().optional(),
  company: optText(200),
  notes: optText(5000),
  /** Tag ids to attach. */
  tag_ids: z.array(Id).max(50).optional(),
});
export const UpdateContactBody = CreateContactBody.partial();

export const ContactListQuery = PageQuery.extend({
  /** Search over name, email, phone and company. */
  q: z.string().max(100).optional(),
  tag_id: Id.optional(),
  sort: z.enum(['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at']).default('name'),
});

/** POST /contacts/:id/tags body. */
export const TagContactBody = z.object({ tag_id: Id });

/** Result of a CSV import. */
export const ImportResult = z.object({
  imported: z.number().int(),
  /** Row-level errors (row 1 = first data row after the header). Non-empty means nothing was imported. */
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
});

/** CSV columns, in export order. */
export const CONTACT_CSV_COLUMNS = ['first_name', 'last_name', 'email', 'phone', 'company', 'notes', 'tags'] as const;
