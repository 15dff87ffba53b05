import { Box, Group, LoadingOverlay, Pagination, Paper, Select, Table, Text } from '@mantine/core';
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
}: DataTableProps<T>) {
  const list = rows ?? [];
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
                <Table.Td colSpan={columns.length}>
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
                >
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
