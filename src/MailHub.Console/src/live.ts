import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import { useEffect, useRef } from "react";

// One connection to the host's push (/api/live, SignalR) for the whole console. The server calls "ready" first on
// every connection, then "conversation", "notification", "notificationsRead" (read in another tab), "activity",
// "sandbox" (something was captured or deleted) and "resync"; after "ready" and "resync" a view re-reads what it shows, since it may have missed changes while the
// connection was down. The admin's mailbox page follows "mailbox" (a mailbox's settings or health changed) and
// "mailboxTest" (a step of its own connection test). The campaigns pages follow "campaign" (a campaign's status and counts,
// admins only, at most one a second per campaign).

type Handler = (data: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
let connection: HubConnection | null = null;

function xsrfToken(): string {
  const cookie = document.cookie.split("; ").find(c => c.startsWith("XSRF-TOKEN="));
  return cookie ? decodeURIComponent(cookie.slice("XSRF-TOKEN=".length)) : "";
}

function dispatch(event: string, data: unknown) {
  for (const handler of handlers.get(event) ?? [])
    handler(data);
}

/** Starts the connection (after sign-in); retries for ever, every few seconds, when the host is away. */
export async function startLive(): Promise<void> {
  if (connection)
    return;
  const hub = new HubConnectionBuilder()
    // The negotiate request is a POST: it carries the antiforgery header like every change the console makes.
    .withUrl("/api/live", { headers: { "X-XSRF-TOKEN": xsrfToken() } })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => Math.min(1000 * 2 ** context.previousRetryCount, 10_000) })
    .configureLogging(LogLevel.Warning)
    .build();
  for (const event of ["ready", "conversation", "notification", "activity", "sandbox", "resync", "mailbox", "mailboxTest", "notificationsRead", "campaign"])
    hub.on(event, (data: unknown) => dispatch(event, data));
  hub.onreconnected(() => dispatch("resync", null));
  hub.onclose(() => {
    // Gave up (host stopped, or signed out): start a fresh connection a little later, unless stopped on purpose.
    if (connection === hub) {
      connection = null;
      setTimeout(() => void startLive().catch(() => undefined), 5000);
    }
  });
  connection = hub;
  try {
    await hub.start();
  } catch {
    if (connection === hub) {
      connection = null;
      setTimeout(() => void startLive().catch(() => undefined), 5000);
    }
  }
}

/** Stops the connection (sign-out). */
export async function stopLive(): Promise<void> {
  const hub = connection;
  connection = null;
  if (hub && hub.state !== HubConnectionState.Disconnected)
    await hub.stop();
}

/** Calls a hub method ("Viewing", "Replying", "Left"); nothing when the connection is down. */
export async function invokeLive(method: string, ...args: unknown[]): Promise<void> {
  if (connection?.state === HubConnectionState.Connected)
    await connection.invoke(method, ...args);
}

/** Listens to one push; returns the function that stops listening. */
export function onLive(event: string, handler: Handler): () => void {
  let set = handlers.get(event);
  if (!set)
    handlers.set(event, set = new Set());
  set.add(handler);
  return () => set.delete(handler);
}

/** Calls handler on every connection and reconnection ("ready", "resync"): re-read what the view shows. */
export function onReconnected(handler: () => void): () => void {
  const stopReady = onLive("ready", handler);
  const stopResync = onLive("resync", handler);
  return () => { stopReady(); stopResync(); };
}

/** onLive in a component: the latest handler is called, the subscription lives as long as the component. */
export function useLive(event: string, handler: Handler): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => onLive(event, data => latest.current(data)), [event]);
}

/** onReconnected in a component. */
export function useReconnected(handler: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => onReconnected(() => latest.current()), []);
}
