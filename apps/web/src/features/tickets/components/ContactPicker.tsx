import type { Contact } from '@switchboard/shared';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { SelectField } from '../../../components/ui/SelectField';
import { useContact } from '../api/getContact';
import { useContactOptions } from '../api/getContactOptions';

export const contactName = (c: Contact) => `${c.first_name} ${c.last_name ?? ''}`.trim();
const contactLabel = (c: Contact) => (c.email ? `${contactName(c)} <${c.email}>` : contactName(c));

/** Picks a contact, searching the server as the user types. */
export function ContactPicker({
  label,
  value,
  onChange,
  error,
  placeholder = 'Search contacts',
  w,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  placeholder?: string;
  w?: number;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useContactOptions(q);
  const current = useContact(value);
  const data = (options.data?.data ?? []).map((c) => ({ value: c.id, label: contactLabel(c) }));
  if (current.data && !data.some((d) => d.value === current.data.id)) data.unshift({ value: current.data.id, label: contactLabel(current.data) });
  return (
    <SelectField
      label={label}
      placeholder={placeholder}
      data={data}
      value={value}
      clearable
      w={w}
      error={error}
      nothingFound={options.isFetching ? 'Searching…' : 'No contact found'}
      onSearchChange={setSearch}
      onChange={(v) => {
        setSearch('');
        onChange(v);
      }}
    />
  );
}
