import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, signedOutEvent, type Schemas } from "../../api";
import { startLive, stopLive } from "../../live";

export type Account = Schemas["MeResponse"];

interface SessionValue {
  /** The signed-in account; null when signed out; undefined while the first GET /api/auth/me runs. */
  account: Account | null | undefined;
  /** Re-reads the account (after a password change). */
  refresh: () => Promise<Account | null>;
  /** The account the sign-in answered with (no second read of it). */
  signedIn: (account: Account) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is signed in, from the host's cookie session (GET /api/auth/me); starts the live connection once signed in. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    const { data } = await api.GET("/api/auth/me");
    setAccount(data ?? null);
    return data ?? null;
  }, []);

  const signOut = useCallback(async () => {
    await stopLive();
    await api.POST("/api/auth/sign-out");
    setAccount(null);
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);

  useEffect(() => {
    const ended = () => { void stopLive(); setAccount(null); };
    window.addEventListener(signedOutEvent, ended);
    return () => window.removeEventListener(signedOutEvent, ended);
  }, []);

  useEffect(() => {
    if (account && !account.mustChangePassword)
      void startLive();
  }, [account]);

  return <SessionContext.Provider value={{ account, refresh, signedIn: setAccount, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value)
    throw new Error("useSession() needs <SessionProvider> above it.");
  return value;
}

/** The signed-in account, in pages that are only shown signed in. */
export function useAccount(): Account {
  const { account } = useSession();
  if (!account)
    throw new Error("useAccount() is for pages shown only when signed in.");
  return account;
}
