import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { setSessionLostHandler } from '../lib/api';

/** Top route: wires the API client's "session lost" to router navigation. */
export function Root() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    setSessionLostHandler(() => {
      queryClient.clear();
      const here = window.location.pathname + window.location.search;
      if (window.location.pathname.startsWith('/login')) return;
      const next = here && here !== '/' ? `&next=${encodeURIComponent(here)}` : '';
      navigate(`/login?expired=1${next}`, { replace: true });
    });
  }, [navigate, queryClient]);
  return <Outlet />;
}
