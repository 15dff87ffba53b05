import { useState } from 'react';
import type { PaginationState } from './DataTable';

/**
 * The search text and page of a list page. Changing the search or the page size goes back to
 * page 1; `pagination(total)` is ready for `<DataTable pagination>`.
 */
export function useListState(initialPageSize = 25) {
  const [q, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  return {
    q,
    page,
    pageSize,
    setPage,
    setQ: (value: string) => {
      setSearch(value);
      setPage(1);
    },
    pagination: (total: number): PaginationState => ({
      page,
      pageSize,
      total,
      onPageChange: setPage,
      onPageSizeChange: (size) => {
        setPageSize(size);
        setPage(1);
      },
    }),
  };
}
