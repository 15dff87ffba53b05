/**
 * The signed-in session: who am I (GET /auth/me), switching tenant and logging out.
 * Shared by the layout and by every feature that needs to know what the user may do.
 */
import type { Me, Permission } from '@switchboard/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useNavigate } from 'react-router';
import { apiData, apiRequest } from './api';
import { can } from './permissions';
import { clearTokens, getRefreshToken, hasSession, setTokens, subscribeTokens, type TokenPairLike } from './tokens';

export const meQueryKey = ['me'] as const;

export const meQueryOptions = () =>
  queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => apiData<Me>('/auth/me', { signal }),
    staleTime: 60_000,
    retry: false,
  });

export function useMe() {
  return useQuery({ ...meQueryOptions(), enabled: hasSession() });
}

/** `true` when the current user holds the permission (false while /auth/me loads). */
export function useCan(permission: Permission): boolean {
  const { data } = useMe();
  return can(data, permission);
}

/** Re-renders when the tokens change (login/logout here or in another tab). */
export function useHasSession(): boolean {
  return useSyncExternalStore(subscribeTokens, hasSession);
}

/** Stores a fresh token pair and drops every cached query of the previous identity/tenant. */
export function useStartSession() {
  const queryClient = useQueryClient();
  return (pair: TokenPairLike) => {
    queryClient.clear();
    setTokens(pair);
  };
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    const refresh_token = getRefreshToken();
    if (refresh_token) {
      try {
        await apiRequest('/auth/logout', { method: 'POST', json: { refresh_token }, auth: false });
      } catch {
        // Logging out locally is what matters; the refresh token expires anyway.
      }
    }
    clearTokens();
    queryClient.clear();
    navigate('/login', { replace: true });
  };
}

export function useSwitchTenant() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (tenant_id: string) => apiData<TokenPairLike>('/auth/switch-tenant', { method: 'POST', json: { tenant_id } }),
    onSuccess: async (pair) => {
      setTokens(pair);
      // Everything cached belongs to the previous tenant.
      queryClient.removeQueries();
      navigate('/');
      await queryClient.invalidateQueries();
    },
  });
}
