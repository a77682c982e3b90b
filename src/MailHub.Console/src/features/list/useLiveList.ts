// Live updates of the list: "conversation" pushes (a new conversation, a message, a status or assignment change) are
// gathered for a moment and read as one refresh; "ready" (every connection) and "resync" (a reconnect too) re-read all.
import { useEffect, useRef } from "react";
import { onLive, onReconnected } from "../../live";

interface ConversationPush {
  conversationId: string;
  change: string;
}

// Pushes closer than this are read together: a burst of mail is one list read, not one per message.
const gather = 400;

/**
 * Calls <paramref>reread</paramref> with the conversations that changed (all: an empty list), one call at a time;
 * <paramref>changedLive</paramref> hears each push as it comes (the rows' "new activity" marks).
 */
export function useLiveList(reread: (changed: readonly string[]) => Promise<void>, changedLive: (push: ConversationPush) => void) {
  const handlers = useRef({ reread, changedLive });
  handlers.current = { reread, changedLive };

  useEffect(() => {
    let pending: Set<string> | null = null;
    let everything = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;

    const run = async () => {
      timer = null;
      if (running || (!pending && !everything))
        return;
      const changed = everything ? [] : [...(pending ?? [])];
      pending = null;
      everything = false;
      running = true;
      try {
        await handlers.current.reread(changed);
      } finally {
        running = false;
        if (pending || everything)
          schedule();
      }
    };
    const schedule = () => {
      if (!timer)
        timer = setTimeout(() => void run(), gather);
    };

    const unsubscribe = [
      onLive("conversation", data => {
        const push = data as ConversationPush;
        handlers.current.changedLive(push);
        (pending ??= new Set()).add(push.conversationId);
        schedule();
      }),
      onReconnected(() => { everything = true; schedule(); }),
    ];
    return () => {
      unsubscribe.forEach(u => u());
      if (timer)
        clearTimeout(timer);
    };
  }, []);
}
