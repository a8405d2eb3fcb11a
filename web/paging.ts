/**
 * Numbered pages for lists (NHS pagination component): "Previous 1 … 4 5 6 … 20 Next", each a
 * link that keeps the list's filters. Pages are numbered from 1.
 */

export const PAGE_SIZE = 25;

export interface PaginationParams {
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current?: boolean } | { ellipsis: true })[];
}

/** The URL of a list with its filters and a page number (page 1 is left out). */
export function listUrl(path: string, filters: Record<string, string | number | undefined>, pageNumber = 1): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && key !== 'page') query.set(key, String(value));
  }
  if (pageNumber > 1) query.set('page', String(pageNumber));
  return query.size ? `${path}?${query}` : path;
}

/** Pagination for a list of `total` rows, or undefined when it fits on one page. */
export function pagination(
  path: string,
  filters: Record<string, string | number | undefined>,
  pageNumber: number,
  total: number,
  pageSize = PAGE_SIZE,
): PaginationParams | undefined {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return undefined;
  const shown = [...new Set([1, pageNumber - 1, pageNumber, pageNumber + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: PaginationParams['items'] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: listUrl(path, filters, n), ...(n === pageNumber ? { current: true } : {}) });
  });
  return {
    ...(pageNumber > 1 ? { previous: { href: listUrl(path, filters, Math.min(pageNumber - 1, pages)) } } : {}),
    ...(pageNumber < pages ? { next: { href: listUrl(path, filters, pageNumber + 1) } } : {}),
    items,
  };
}

/** "Showing 26 to 50 of 212". */
export function showing(pageNumber: number, count: number, total: number, pageSize = PAGE_SIZE) {
  const from = total === 0 ? 0 : (pageNumber - 1) * pageSize + 1;
  return { from, to: Math.min(from + count - 1, total), total };
}
