import { CloseButton, Combobox, InputBase, type InputBaseProps, useCombobox } from '@mantine/core';
import { useEffect, useState } from 'react';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends Omit<InputBaseProps, 'onChange' | 'value'> {
  data: SelectOption[];
  value?: string | null;
  onChange: (value: string | null) => void;
  /** Shows a clear button when a value is chosen; clearing reports null. */
  clearable?: boolean;
  onBlur?: () => void;
  onFocus?: () => void;
  placeholder?: string;
  nothingFound?: string;
  /**
   * Reports what the user types, for options searched on the server; `data` is then shown as given
   * (not filtered here). Keep the chosen option in `data` so its label stays visible.
   */
  onSearchChange?: (search: string) => void;
  'data-testid'?: string;
}

/**
 * A searchable single select for forms, built on Mantine's Combobox.
 * Unlike Mantine's `Select` (role "combobox"), its input keeps the plain text box role, so it can be
 * found by its label as a text box, clicked to open the list, typed into to filter, and driven with
 * the arrow keys and Enter.
 */
export function SelectField({
  data,
  value,
  onChange,
  onBlur,
  onFocus,
  placeholder,
  clearable,
  nothingFound = 'Nothing found',
  onSearchChange,
  ...inputProps
}: SelectFieldProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const labelOf = (v: string | null | undefined) => data.find((o) => o.value === v)?.label ?? '';
  const [search, setSearch] = useState(labelOf(value));

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow outside value changes (form reset)
  useEffect(() => setSearch(labelOf(value)), [value, data]);

  // While typing, keep the first match highlighted so Enter picks it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typed text changes
  useEffect(() => {
    if (combobox.dropdownOpened) combobox.selectFirstOption();
  }, [search]);

  const selectedLabel = labelOf(value);
  const filter = !onSearchChange && search.trim() !== '' && search !== selectedLabel;
  const options = filter ? data.filter((o) => o.label.toLowerCase().includes(search.trim().toLowerCase())) : data;

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(val) => {
        onChange(val);
        setSearch(labelOf(val));
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <InputBase
          {...inputProps}
          autoComplete="off"
          rightSection={
            clearable && value && !inputProps.disabled ? (
              <CloseButton
                size="sm"
                aria-label="Clear selection"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  onChange(null);
                  setSearch('');
                }}
              />
            ) : (
              <Combobox.Chevron />
            )
          }
          rightSectionPointerEvents={clearable && value ? 'all' : 'none'}
          placeholder={placeholder}
          value={search}
          onClick={() => combobox.openDropdown()}
          onFocus={() => {
            combobox.openDropdown();
            onFocus?.();
          }}
          onBlur={() => {
            combobox.closeDropdown();
            setSearch(selectedLabel);
            onBlur?.();
          }}
          onChange={(e) => {
            combobox.openDropdown();
            setSearch(e.currentTarget.value);
            onSearchChange?.(e.currentTarget.value);
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={260} style={{ overflowY: 'auto' }}>
          {options.length > 0 ? (
            options.map((o) => (
              <Combobox.Option value={o.value} key={o.value} active={o.value === value}>
                {o.label}
              </Combobox.Option>
            ))
          ) : (
            <Combobox.Empty>{nothingFound}</Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
