// One conversation as GET /api/conversations/{id} answers it, kept current: read again when the host pushes a change
// of it ("conversation", "assignment") and after every (re)connection of the live push, which may have missed some.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, problemMessage } from "../../api";
import { useLive, useReconnected } from "../../live";
import type { Conversation } from "./types";

export type ConversationState =
  | { phase: "loading" }
  | { phase: "missing" }
  | { phase: "failed"; error: string }
  | { phase: "ready"; conversation: Conversation };

export interface LiveConversation {
  state: ConversationState;
  /** Reads it again (after an action of the agent's own, or a live change). */
  reload: () => Promise<void>;
  /** Counts the reads that answered; the history and the customer panel read again when it moves. */
  revision: number;
}

/** Whether a push's data names this conversation. */
function concerns(data: unknown, id: string): boolean {
  return typeof data === "object" && data !== null && (data as { conversationId?: unknown }).conversationId === id;
}

export function useConversation(id: string, images: boolean): LiveConversation {
  const [state, setState] = useState<ConversationState>({ phase: "loading" });
  const [revision, setRevision] = useState(0);
  // Reads may overlap (a push during a read): only the latest one's answer is shown.
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const read = ++latest.current;
    try {
      const { data, error, response } = await api.GET("/api/conversations/{id}", {
        params: { path: { id }, query: images ? { images: true } : {} },
      });
      if (read !== latest.current)
        return;
      if (data) {
        setState({ phase: "ready", conversation: data });
        setRevision(r => r + 1);
      }
      else if (response.status === 404 || response.status === 403)
        setState({ phase: "missing" });
      else
        setState(s => s.phase === "ready" ? s : { phase: "failed", error: problemMessage(error, response) });
    } catch (e) {
      if (read === latest.current)
        setState(s => s.phase === "ready" ? s : { phase: "failed", error: e instanceof Error ? e.message : String(e) });
    }
  }, [id, images]);

  // Another conversation: show it loading rather than the previous one's messages.
  useEffect(() => setState({ phase: "loading" }), [id]);
  useEffect(() => { void reload(); }, [reload]);

  const changed = useCallback((data: unknown) => {
    if (concerns(data, id))
      void reload();
  }, [id, reload]);
  useLive("conversation", changed);
  useLive("assignment", changed);
  useReconnected(() => void reload());

  return { state, reload, revision };
}
