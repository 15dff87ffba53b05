import { Typography } from '@mantine/core';
import DOMPurify from 'dompurify';
import { useMemo } from 'react';

// Links in stored HTML open in a new tab without access to this window.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** `html` without scripts, event handlers, styles, forms or frames (DOMPurify in the browser). */
export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe'], FORBID_ATTR: ['style'] });
}

/**
 * Renders HTML that the server already sanitised, cleaned once more here: the browser is the last line
 * of defence if a stored body ever slipped past the server (an older row, another writer).
 */
export function SafeHtml({ html, ...rest }: { html: string; 'data-testid'?: string }) {
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }} {...rest}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised just above with DOMPurify */}
      <div dangerouslySetInnerHTML={{ __html: clean }} />
    </Typography>
  );
}
