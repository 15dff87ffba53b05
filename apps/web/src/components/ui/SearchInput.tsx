import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';

/** A search box that reports its value after the user stops typing. */
export function SearchInput({
  value,
  onChange,
  label = 'Search',
  placeholder = 'Search…',
  delay = 300,
}: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  placeholder?: string;
  delay?: number;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const report = useDebouncedCallback(onChange, delay);
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={text}
      leftSection={<IconSearch size={16} />}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setText('');
              onChange('');
            }}
          />
        ) : null
      }
      onChange={(e) => {
        setText(e.currentTarget.value);
        report(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(text);
      }}
      miw={220}
    />
  );
}
