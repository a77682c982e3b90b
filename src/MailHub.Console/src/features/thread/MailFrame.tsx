import { useEffect, useMemo, useRef, useState } from "react";

// A mail's own styles stay inside the frame, and the console's stay out of it. The frame never runs script: its sandbox
// leaves out allow-scripts (and the console's Content-Security-Policy, which srcdoc inherits, allows none inline).
// allow-same-origin lets the console measure the frame's height and lets images load from MailHub with the session
// cookie (inline attachments, and remote images through the proxy once shown); links open in a new tab, unsandboxed.
const frameStyle = `
  html, body { margin: 0; padding: 0; background: transparent; }
  body { font: 14px/1.6 -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
         color: #1f1f1f; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  img[data-blocked-src] { display: inline-block; min-width: 16px; min-height: 16px; background: #f0f0f0; }
  table { max-width: 100%; }
  blockquote { margin: 0 0 0 8px; padding-left: 8px; border-left: 3px solid #d9d9d9; color: #595959; }
  pre { white-space: pre-wrap; }
`;

export function MailFrame({ html, title }: { html: string; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(48);
  const srcDoc = useMemo(
    () => `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"><style>${frameStyle}</style></head><body>${html}</body></html>`,
    [html]);

  // Fits the frame to its content, again whenever it changes size (an image arrives, the window narrows).
  useEffect(() => {
    const element = frame.current;
    if (!element)
      return;
    let observer: ResizeObserver | null = null;
    const fit = () => {
      const document = element.contentDocument;
      if (!document?.body)
        return;
      setHeight(Math.max(24, Math.ceil(document.documentElement.scrollHeight)));
      if (!observer) {
        observer = new ResizeObserver(() => setHeight(Math.max(24, Math.ceil(document.documentElement.scrollHeight))));
        observer.observe(document.body);
      }
    };
    const loaded = () => {
      observer?.disconnect();
      observer = null;
      fit();
    };
    element.addEventListener("load", loaded);
    fit();
    return () => {
      element.removeEventListener("load", loaded);
      observer?.disconnect();
    };
  }, [srcDoc]);

  return (
    <iframe ref={frame} className="thread-mail-frame" title={title} srcDoc={srcDoc} style={{ height }}
            sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerPolicy="no-referrer" />
  );
}
