import { Box, Checkbox, Group, LoadingOverlay, Pagination, Paper, Select, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  width?: number | string;
  align?: 'left' | 'right' | 'center';
}

export interface PaginationState {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  onPageSizeChange?: (size: number) => void;
}

/** Row checkboxes (by row key) for bulk actions. */
export interface SelectionState<T> {
  selected: string[];
  onChange: (keys: string[]) => void;
  /** Names the row's checkbox for screen readers: `Select ${rowLabel(row)}`. */
  rowLabel: (row: T) => string;
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  emptyText?: ReactNode;
  pagination?: PaginationState;
  /** Labels the table (`aria-label`) and sets `data-testid`. */
  label: string;
  testId?: string;
  onRowClick?: (row: T) => void;
  rowTestId?: (row: T) => string;
  /** Adds a checkbox column; the header box selects or clears every row of the page. */
  selection?: SelectionState<T>;
}

const PAGE_SIZES = ['10', '25', '50', '100'];

/** A real `<table>` with a loading overlay, an empty state and page controls. */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  loading,
  emptyText = 'Nothing here yet.',
  pagination,
  label,
  testId,
  onRowClick,
  rowTestId,
  selection,
}: DataTableProps<T>) {
  const list = rows ?? [];
  const colSpan = columns.length + (selection ? 1 : 0);
  const selected = new Set(selection?.selected ?? []);
  const pageKeys = list.map(rowKey);
  const pageSelected = pageKeys.filter((k) => selected.has(k)).length;
  const togglePage = () => {
    if (!selection) return;
    const rest = selection.selected.filter((k) => !pageKeys.includes(k));
    selection.onChange(pageSelected === pageKeys.length ? rest : [...rest, ...pageKeys]);
  };
  const toggleRow = (key: string) => {
    if (!selection) return;
    selection.onChange(selected.has(key) ? selection.selected.filter((k) => k !== key) : [...selection.selected, key]);
  };
  const pages = pagination ? Math.max(1, Math.ceil(pagination.total / pagination.pageSize)) : 1;
  const from = pagination && pagination.total > 0 ? (pagination.page - 1) * pagination.pageSize + 1 : 0;
  const to = pagination ? Math.min(pagination.total, pagination.page * pagination.pageSize) : list.length;
  return (
    <Paper withBorder radius="md" pos="relative">
      <LoadingOverlay visible={Boolean(loading)} zIndex={5} overlayProps={{ blur: 1 }} loaderProps={{ size: 'sm' }} />
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover verticalSpacing="sm" aria-label={label} data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              {selection ? (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all rows on this page"
                    checked={pageKeys.length > 0 && pageSelected === pageKeys.length}
                    indeterminate={pageSelected > 0 && pageSelected < pageKeys.length}
                    disabled={pageKeys.length === 0}
                    onChange={togglePage}
                  />
                </Table.Th>
              ) : null}
              {columns.map((c) => (
                <Table.Th key={c.key} w={c.width} style={{ textAlign: c.align ?? 'left' }}>
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.length === 0 && !loading ? (
              <Table.Tr>
                <Table.Td colSpan={colSpan}>
                  <Text c="dimmed" ta="center" py="lg" size="sm">
                    {emptyText}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : (
              list.map((row) => (
                <Table.Tr
                  key={rowKey(row)}
                  data-testid={rowTestId?.(row)}
                  onClick={onRowClick ? () => onRowClick(row) : undefined}
                  style={onRowClick ? { cursor: 'pointer' } : undefined}
                  bg={selected.has(rowKey(row)) ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  {selection ? (
                    // The cell swallows clicks so ticking a box does not open the row.
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox aria-label={`Select ${selection.rowLabel(row)}`} checked={selected.has(rowKey(row))} onChange={() => toggleRow(rowKey(row))} />
                    </Table.Td>
                  ) : null}
                  {columns.map((c) => (
                    <Table.Td key={c.key} style={{ textAlign: c.align ?? 'left' }}>
                      {c.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pagination ? (
        <Group justify="space-between" p="sm" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed" data-testid="pagination-summary">
            {pagination.total === 0 ? 'No results' : `${from}–${to} of ${pagination.total}`}
          </Text>
          <Group gap="sm">
            {pagination.onPageSizeChange ? (
              <Box w={90}>
                <Select
                  aria-label="Rows per page"
                  size="xs"
                  data={PAGE_SIZES}
                  value={String(pagination.pageSize)}
                  allowDeselect={false}
                  onChange={(v) => v && pagination.onPageSizeChange?.(Number(v))}
                />
              </Box>
            ) : null}
            <Pagination
              size="sm"
              total={pages}
              value={Math.min(pagination.page, pages)}
              onChange={pagination.onPageChange}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          </Group>
        </Group>
      ) : null}
    </Paper>
  );
}
