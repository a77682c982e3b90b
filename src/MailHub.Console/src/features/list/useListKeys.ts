// The list's keys, as in mail clients: j / k move to the next / previous conversation, Enter opens it, x selects it,
// / goes to the search box. Not while typing (inputs, the composer) or with a modifier held, and not under a dialog.
import { useEffect, useRef } from "react";

interface Keys {
  ids: readonly string[];
  activeId: string | null;
  move(id: string): void;
  open(id: string): void;
  toggle(id: string): void;
  search(): void;
  nearEnd(): void;
}

// Inputs that take no text (a row's checkbox, a view's radio button) leave the keys to the list.
const keyless = new Set(["checkbox", "radio", "button", "submit", "reset"]);

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement))
    return false;
  if (target.closest("[role=dialog]") !== null)
    return true;
  if (target instanceof HTMLInputElement)
    return !keyless.has(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

// Enter on a control that does its own thing (a button, a checkbox, a tab) is that control's.
function ownsEnter(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("button, a, input, [role=button], [role=tab], [role=radio], [role=option]") !== null;
}

export function useListKeys(keys: Keys) {
  const latest = useRef(keys);
  latest.current = keys;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target))
        return;
      const { ids, activeId, move, open, toggle, search, nearEnd } = latest.current;
      const at = activeId ? ids.indexOf(activeId) : -1;
      switch (e.key) {
        case "j":
        case "k": {
          const next = e.key === "j" ? Math.min(at + 1, ids.length - 1) : Math.max(at - 1, 0);
          const id = ids[next];
          if (id === undefined)
            return;
          e.preventDefault();
          move(id);
          if (next >= ids.length - 5)
            nearEnd();
          break;
        }
        case "Enter":
          if (activeId && !ownsEnter(e.target)) {
            e.preventDefault();
            open(activeId);
          }
          break;
        case "x":
          if (activeId) {
            e.preventDefault();
            toggle(activeId);
          }
          break;
        case "/":
          e.preventDefault();
          search();
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
