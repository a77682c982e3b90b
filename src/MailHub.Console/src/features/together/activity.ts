// Who is viewing or replying to which conversation, as this console knows it: read for the conversations on screen
// (GET /api/routing/activity, batched: a list mounts one badge per row) and kept current by the live "activity" pushes;
// read again after "ready" (a new or renewed connection) and "resync". Badges subscribe per conversation.
import { useEffect, useSyncExternalStore } from "react";
import { api } from "../../api";
import { invokeLive, onLive, onReconnected } from "../../live";

export type Activity = "viewing" | "replying";

export interface Viewer {
  agentId: string;
  agentName: string;
  activity: Activity;
}

interface ActivityPush {
  conversationId: string;
  agentId: string;
  agentName: string;
  activity: Activity | "left";
}

const none: readonly Viewer[] = [];
const viewers = new Map<string, readonly Viewer[]>();
const watched = new Map<string, number>(); // conversation id → badges showing it
const listeners = new Set<() => void>();
let pending = new Set<string>();
let flush: ReturnType<typeof setTimeout> | undefined;
let following = false;

const MaxIds = 100;

function changed() {
  for (const listener of listeners)
    listener();
}

function apply(push: ActivityPush) {
  const others = (viewers.get(push.conversationId) ?? none).filter(v => v.agentId !== push.agentId);
  viewers.set(push.conversationId, push.activity === "left"
    ? others
    : [...others, { agentId: push.agentId, agentName: push.agentName, activity: push.activity }]);
  changed();
}

async function read(ids: string[]) {
  for (let start = 0; start < ids.length; start += MaxIds) {
    const chunk = ids.slice(start, start + MaxIds);
    const { data } = await api.GET("/api/routing/activity", { params: { query: { ids: chunk } } });
    if (!data)
      continue;
    for (const id of chunk)
      viewers.set(id, data.filter(v => v.conversationId === id && v.activity !== "left")
        .map(v => ({ agentId: v.agentId, agentName: v.agentName, activity: v.activity as Activity })));
    changed();
  }
}

function request(id: string) {
  pending.add(id);
  flush ??= setTimeout(() => {
    const ids = [...pending];
    pending = new Set();
    flush = undefined;
    void read(ids);
  }, 30);
}

function follow() {
  if (following)
    return;
  following = true;
  onLive("activity", data => apply(data as ActivityPush));
  // A new connection, or one that may have missed pushes: read the conversations on screen again.
  onReconnected(() => {
    for (const id of watched.keys())
      request(id);
  });
}

function watch(id: string) {
  follow();
  const count = watched.get(id) ?? 0;
  watched.set(id, count + 1);
  if (count === 0)
    request(id);
  return () => {
    const left = (watched.get(id) ?? 1) - 1;
    if (left > 0)
      watched.set(id, left);
    else
      watched.delete(id);
  };
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The agents on the conversation now, the caller's own consoles left out. */
export function useViewers(conversationId: string, selfId: string | undefined): readonly Viewer[] {
  useEffect(() => watch(conversationId), [conversationId]);
  const all = useSyncExternalStore(subscribe, () => viewers.get(conversationId) ?? none);
  return selfId ? all.filter(v => v.agentId !== selfId) : all;
}

/**
 * Tells the others that this console shows the conversation while the component is mounted ("X is viewing"), again
 * after a reconnection (a new connection starts with nothing), and that it left when it unmounts.
 */
export function useAnnounceViewing(conversationId: string | undefined) {
  useEffect(() => {
    if (!conversationId)
      return;
    const announce = () => void invokeLive("Viewing", conversationId).catch(() => undefined);
    announce();
    const stopReconnected = onReconnected(announce);
    return () => {
      stopReconnected();
      void invokeLive("Left", conversationId).catch(() => undefined);
    };
  }, [conversationId]);
}

const ReplyingRepeat = 5_000; // the server lets "replying" run out 15 s after the last one

/**
 * For the composer: call the returned function as the agent types (each input event is fine). Others see "X is
 * replying" while it is called at least every few seconds; it runs out on its own once the agent stops.
 */
export function replyingSignal(conversationId: string): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < ReplyingRepeat)
      return;
    last = now;
    void invokeLive("Replying", conversationId).catch(() => undefined);
  };
}
