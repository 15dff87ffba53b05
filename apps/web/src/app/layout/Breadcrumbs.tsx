import { Anchor, Breadcrumbs as MantineBreadcrumbs, Text } from '@mantine/core';
import { Link, useMatches } from 'react-router';
import type { RouteHandle } from '../router';

/** Breadcrumbs from the `handle.crumb` of the matched routes. */
export function Breadcrumbs() {
  const matches = useMatches();
  const crumbs: { label: string; to: string }[] = [];
  for (const m of matches) {
    const c = (m.handle as RouteHandle | undefined)?.crumb;
    if (!c) continue;
    const label = typeof c === 'function' ? c(m.params) : c;
    if (crumbs.at(-1)?.to === m.pathname) continue;
    crumbs.push({ label, to: m.pathname });
  }
  if (crumbs.length <= 1) return null;
  return (
    <MantineBreadcrumbs mb="md" aria-label="Breadcrumbs" data-testid="breadcrumbs">
      {crumbs.map((c, i) =>
        i === crumbs.length - 1 ? (
          <Text key={c.to} size="sm" aria-current="page">
            {c.label}
          </Text>
        ) : (
          <Anchor key={c.to} component={Link} to={c.to} size="sm">
            {c.label}
          </Anchor>
        ),
      )}
    </MantineBreadcrumbs>
  );
}
