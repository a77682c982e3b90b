import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { App, Button, Checkbox, Space, Tabs, Tag, Tooltip } from "antd";
import { PaperClipOutlined } from "@ant-design/icons";
import { api, problemMessage, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { replyingSignal } from "../together";
import { AddressField } from "./AddressField";
import { RichEditor, type RichEditorHandle } from "./RichEditor";
import { TemplatePicker, type Template } from "./TemplatePicker";
import { escapeHtml, textToHtml, withSignatures } from "./signature";
import { formatSize, nameOf, upload, type Attachment } from "./uploads";
import "./composer.css";

export type ComposerConversation = Schemas["ConversationResponse"];
type Mode = "reply" | "replyAll" | "forward" | "note";
type Setup = Schemas["ComposerSetupResponse"];
type Draft = Schemas["DraftResponse"];

interface Props {
  /** The conversation as GET /api/conversations/{id} answers it; its last message is the one the agent has seen. */
  conversation: ComposerConversation;
  /** After a reply, forward or note was recorded, and after a reply was undone: the thread re-reads. */
  onSent?: (messageId: string) => void;
}

interface NewerMessage {
  id: string;
  from?: string | null;
  excerpt?: string | null;
}

const saveDelay = 800;

function idempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Reply, Reply all, Forward and Note under a conversation: To/Cc/Bcc with suggestions, rich text (its plain-text
 * alternative sent with it), attachments dropped or pasted, canned replies with "/", the signatures, a draft saved as
 * the agent types and restored on return, Ctrl+Enter to send, and "Undo" while the outbox holds the reply.
 */
export function Composer({ conversation, onSent }: Props) {
  const t = useT();
  const { message, notification, modal } = App.useApp();
  const editor = useRef<RichEditorHandle>(null);
  const [mode, setMode] = useState<Mode>("reply");
  const [to, setTo] = useState<string[]>([conversation.customer.email]);
  const [cc, setCc] = useState<string[]>([]);
  const [bcc, setBcc] = useState<string[]>([]);
  const [showCopies, setShowCopies] = useState(false);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [attachOriginal, setAttachOriginal] = useState(false);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [slash, setSlash] = useState<string | null>(null);
  const [pickerIndex, setPickerIndex] = useState(0);
  const [status, setStatus] = useState<string>("");
  const [sending, setSending] = useState(false);
  const [dropping, setDropping] = useState(false);
  const [uploading, setUploading] = useState(0);
  // The editor takes typing once the draft (or the signatures) are in: what was typed before would be replaced.
  const [ready, setReady] = useState(false);
  const key = useRef<string | null>(null);
  const saveTimer = useRef<number | undefined>(undefined);
  const dirty = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = conversation.id;
  const lastSeen = conversation.messages.at(-1)?.id;
  const defaultTo = conversation.customer.email;

  const signatureHtml = useCallback((next: Mode, current: Setup | null) =>
    next === "note" || !current ? "" : withSignatures(current.agent, current.mailbox), []);

  /** Back to an empty composer of this mode (after a send), the signatures below. */
  const reset = useCallback((next: Mode, current: Setup | null) => {
    setMode(next);
    setTo(next === "reply" || next === "replyAll" ? [defaultTo] : []);
    setCc(next === "replyAll" ? current?.replyAllCc ?? [] : []);
    if (next === "replyAll" && (current?.replyAllCc.length ?? 0) > 0)
      setShowCopies(true);
    setBcc([]);
    setAttachments([]);
    setAttachOriginal(false);
    editor.current?.setHtml(signatureHtml(next, current));
    dirty.current = false;
    key.current = null;
  }, [defaultTo, signatureHtml]);

  const restore = useCallback((draft: Draft) => {
    const next = (["reply", "replyAll", "forward", "note"].includes(draft.mode) ? draft.mode : "reply") as Mode;
    setMode(next);
    setTo(draft.to.length > 0 ? draft.to : next === "reply" || next === "replyAll" ? [defaultTo] : []);
    setCc(draft.cc);
    setBcc(draft.bcc);
    setShowCopies(draft.cc.length > 0 || draft.bcc.length > 0);
    setAttachments(draft.attachments.map((a, i) => ({ id: a, fileName: `${t("composer.attachments")} ${i + 1}`, size: 0 })));
    editor.current?.setHtml(draft.html ?? (draft.text ? textToHtml(draft.text) : ""));
    key.current = null;
  }, [defaultTo, t]);

  // The conversation's setup, canned replies and the agent's draft, each time another conversation is shown.
  useEffect(() => {
    let gone = false;
    setReady(false);
    void (async () => {
      const [setupAnswer, templatesAnswer, draftAnswer] = await Promise.all([
        api.GET("/api/conversations/{id}/composer", { params: { path: { id } } }),
        api.GET("/api/conversations/templates"),
        api.GET("/api/conversations/{id}/draft", { params: { path: { id } } }),
      ]);
      if (gone)
        return;
      const current = setupAnswer.data ?? null;
      setSetup(current);
      setTemplates(templatesAnswer.data ?? []);
      if (draftAnswer.data?.updatedAt) {
        restore(draftAnswer.data);
        setStatus(t("composer.draftRestored"));
      } else {
        reset("reply", current);
        setStatus("");
      }
      setReady(true);
    })();
    return () => { gone = true; window.clearTimeout(saveTimer.current); };
  }, [id, reset, restore, t]);

  const currentDraft = useCallback((): Schemas["SaveDraftRequest"] => ({
    mode,
    to: mode === "reply" && to.length === 1 && to[0] === defaultTo ? [] : to,
    cc,
    bcc,
    text: editor.current?.text() ?? "",
    html: mode === "note" ? null : editor.current?.html() ?? "",
    attachments: attachments.map(a => a.id),
    forwardMessageId: null,
  }), [mode, to, cc, bcc, attachments, defaultTo]);

  const saveDraft = useCallback(async () => {
    if (!dirty.current)
      return;
    const { response } = await api.PUT("/api/conversations/{id}/draft", { params: { path: { id } }, body: currentDraft() });
    if (response.ok)
      setStatus(t("composer.draftSaved"));
  }, [id, currentDraft, t]);

  /** Something changed: a new Idempotency-Key for the next send, and the draft saved once typing pauses. */
  const replying = useMemo(() => replyingSignal(conversation.id), [conversation.id]);
  const changed = useCallback(() => {
    if (mode !== "note")
      replying(); // others see "X is replying" while the agent types
    dirty.current = true;
    key.current = null;
    setStatus("");
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(() => void saveDraft(), saveDelay);
  }, [saveDraft, mode, replying]);

  // Fields (not the editor, which calls changed itself) saved like typing.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (dirty.current) {
      window.clearTimeout(saveTimer.current);
      saveTimer.current = window.setTimeout(() => void saveDraft(), saveDelay);
    }
  }, [to, cc, bcc, attachments, mode, saveDraft]);

  function switchMode(next: Mode) {
    if (next === mode)
      return;
    const empty = (editor.current?.text() ?? "") === "" || editor.current?.html() === signatureHtml(mode, setup);
    setMode(next);
    // Reply all shows whom it copies, in Cc, for the agent to keep or remove; leaving it takes them out again.
    const others = setup?.replyAllCc ?? [];
    if (next === "replyAll") {
      setCc(current => [...current, ...others.filter(a => !current.includes(a))]);
      if (others.length > 0)
        setShowCopies(true);
    } else if (mode === "replyAll")
      setCc(current => current.filter(a => !others.includes(a)));
    if (next === "reply" || next === "replyAll")
      setTo(current => (mode === "forward" || current.length === 0 ? [defaultTo] : current));
    else if (next === "forward")
      setTo([]);
    if (empty)
      editor.current?.setHtml(signatureHtml(next, setup));
    dirty.current = true;
  }

  async function addFiles(files: File[]) {
    const limit = setup?.maxUploadBytes ?? Number.MAX_SAFE_INTEGER;
    for (const file of files) {
      const name = nameOf(file);
      if (file.size > limit) {
        message.error(t("composer.tooLarge", { name, size: formatSize(file.size), limit: formatSize(limit) }));
        continue;
      }
      setUploading(n => n + 1);
      try {
        const uploaded = await upload(file);
        if (typeof uploaded === "string")
          message.error(t("composer.uploadFailed", { name, reason: uploaded }));
        else {
          dirty.current = true;
          setAttachments(current => [...current, uploaded]);
        }
      } finally {
        setUploading(n => n - 1);
      }
    }
  }

  const matching = useMemo(() => slash === null ? [] : templates
    .filter(tpl => tpl.name.toLowerCase().includes(slash.toLowerCase()) || tpl.text.toLowerCase().includes(slash.toLowerCase()))
    .slice(0, 8), [slash, templates]);

  async function insertTemplate(template: Template) {
    setSlash(null);
    const { data } = await api.GET("/api/conversations/templates/{id}/render", { params: { path: { id: template.id }, query: { conversation: id } } });
    if (!data)
      return;
    editor.current?.focus();
    editor.current?.replaceSlash(mode !== "note" && data.html ? data.html : escapeHtml(data.text).replace(/\n/g, "<br>"));
  }

  function pickerKey(pressed: string): boolean {
    if (slash === null || matching.length === 0)
      return false;
    if (pressed === "ArrowDown")
      setPickerIndex(i => (i + 1) % matching.length);
    else if (pressed === "ArrowUp")
      setPickerIndex(i => (i - 1 + matching.length) % matching.length);
    else if (pressed === "Enter" || pressed === "Tab") {
      const chosen = matching[Math.min(pickerIndex, matching.length - 1)];
      if (chosen)
        void insertTemplate(chosen);
    }
    else if (pressed === "Escape")
      setSlash(null);
    return true;
  }

  function showUndo(replyId: string, undoUntil: string) {
    const seconds = Math.max(1, Math.round((new Date(undoUntil).getTime() - Date.now()) / 1000));
    const notice = `undo-${replyId}`;
    notification.success({
      key: notice,
      title: t("composer.sent", { seconds }),
      duration: seconds,
      placement: "bottomLeft",
      actions: (
        <Button type="primary" size="small" onClick={() => { notification.destroy(notice); void undo(replyId); }}>
          {t("composer.undo")}
        </Button>
      ),
    });
  }

  async function undo(replyId: string) {
    const { data, response } = await api.POST("/api/messages/{id}/undo", { params: { path: { id: replyId } } });
    if (data) {
      restore(data);
      dirty.current = false;
      setStatus(t("composer.undone"));
      message.info(t("composer.undone"));
      editor.current?.focus();
    } else {
      message.warning(response.status === 409 ? t("composer.undoTooLate") : t("composer.failed", { reason: response.statusText }));
    }
    onSent?.(replyId);
  }

  async function send(force = false) {
    if (sending || uploading > 0)
      return;
    const text = editor.current?.text() ?? "";
    const html = editor.current?.html() ?? "";
    if (mode === "forward" && to.length === 0) {
      message.warning(t("composer.forwardNeedsTo"));
      return;
    }
    if (mode !== "forward" && text === "" && attachments.length === 0) {
      message.warning(t("composer.empty"));
      return;
    }
    window.clearTimeout(saveTimer.current);
    setSending(true);
    try {
      if (mode === "note") {
        const { data, error, response } = await api.POST("/api/conversations/{id}/notes", { params: { path: { id } }, body: { text } });
        if (!data) {
          message.error(t("composer.failed", { reason: problemMessage(error, response) }));
          return;
        }
        await api.DELETE("/api/conversations/{id}/draft", { params: { path: { id } } });
        reset("note", setup);
        setStatus(t("composer.noteAdded"));
        onSent?.(data.id);
        return;
      }
      key.current ??= idempotencyKey();
      const header = { "idempotency-Key": key.current };
      const answer = mode === "forward"
        ? await api.POST("/api/conversations/{id}/forwards", {
            params: { path: { id }, header },
            body: { to, cc, bcc, text, html, attachments: attachments.map(a => a.id), attachOriginal },
          })
        : await api.POST("/api/conversations/{id}/replies", {
            params: { path: { id }, header },
            body: {
              text, html, cc, bcc,
              to: to.length === 1 && to[0] === defaultTo ? null : to,
              attachments: attachments.map(a => a.id),
              // The console lists Reply all's copies in cc itself (a removed one stays removed); replyAll would add them back.
              replyAll: false,
              lastSeenMessageId: lastSeen ?? null,
              force,
            },
          });
      if (answer.data) {
        reset(mode === "forward" ? "reply" : mode, setup);
        setStatus("");
        showUndo(answer.data.id, answer.data.undoUntil);
        onSent?.(answer.data.id);
        return;
      }
      const newer = (answer.error as { newerMessage?: NewerMessage } | undefined)?.newerMessage;
      if (answer.response.status === 409 && newer) {
        modal.confirm({
          title: t("composer.newerTitle"),
          content: t("composer.newerBody", { from: newer.from ?? "", excerpt: newer.excerpt ?? "" }),
          okText: t("composer.sendAnyway"),
          cancelText: t("composer.readFirst"),
          onOk: () => send(true),
        });
        return;
      }
      message.error(t("composer.failed", { reason: problemMessage(answer.error, answer.response) }));
    } finally {
      setSending(false);
    }
  }

  function keyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.defaultPrevented || e.nativeEvent.isComposing || e.keyCode === 229)
      return;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  }

  function drop(e: DragEvent<HTMLDivElement>) {
    setDropping(false);
    if (e.dataTransfer?.files.length) {
      e.preventDefault();
      void addFiles(Array.from(e.dataTransfer.files));
    }
  }

  const limit = setup ? formatSize(setup.maxUploadBytes) : "";
  const note = mode === "note";
  return (
    <section className={note ? "composer note" : "composer"} aria-label={t("composer.modes")} onKeyDown={keyDown}
             onDragOver={e => { if (e.dataTransfer?.types.includes("Files")) { e.preventDefault(); setDropping(true); } }}
             onDragLeave={() => setDropping(false)} onDrop={drop}>
      <Tabs activeKey={mode} onChange={next => switchMode(next as Mode)} size="small" items={[
        { key: "reply", label: t("composer.reply") },
        { key: "replyAll", label: t("composer.replyAll") },
        { key: "forward", label: t("composer.forward") },
        { key: "note", label: t("composer.note") },
      ]} />
      {!note && (
        <div className="composer-fields">
          <Space.Compact block>
            <AddressField label={t("composer.to")} value={to} onChange={setTo} />
            <Button type="link" size="small" onClick={() => setShowCopies(s => !s)} aria-expanded={showCopies}>{t("composer.showCcBcc")}</Button>
          </Space.Compact>
          {mode === "replyAll" && setup && setup.replyAllCc.length === 0 && <div className="composer-also">{t("composer.alsoToNone")}</div>}
          {showCopies && <AddressField label={t("composer.cc")} value={cc} onChange={setCc} />}
          {showCopies && <AddressField label={t("composer.bcc")} value={bcc} onChange={setBcc} />}
        </div>
      )}
      <div className="composer-editor">
        {slash !== null && (
          <TemplatePicker templates={matching} query={slash} active={pickerIndex} onChoose={tpl => void insertTemplate(tpl)} />
        )}
        <RichEditor
          ref={editor}
          rich={!note}
          editable={ready}
          label={note ? t("composer.noteBody") : t("composer.body")}
          placeholder={note ? t("composer.notePlaceholder") : t("composer.placeholder")}
          onChange={changed}
          onSubmit={() => void send()}
          onSlash={query => { setSlash(templates.length > 0 ? query : null); setPickerIndex(0); }}
          onPickerKey={pickerKey}
          onFiles={files => void addFiles(files)}
        />
      </div>
      {!note && (
        <div className={dropping ? "composer-drop over" : "composer-drop"}>
          <Space wrap size={[4, 4]} aria-label={t("composer.attachments")}>
            {attachments.map(a => (
              <Tag key={a.id} closable onClose={() => { dirty.current = true; setAttachments(current => current.filter(x => x.id !== a.id)); }}
                   closeIcon={<span aria-label={t("composer.removeAttachment", { name: a.fileName })}>×</span>}>
                <PaperClipOutlined /> {a.fileName}{a.size > 0 ? ` (${formatSize(a.size)})` : ""}
              </Tag>
            ))}
            <span>{t("composer.uploadLimit", { size: limit })}</span>
          </Space>
        </div>
      )}
      <div className="composer-footer">
        {!note && (
          <>
            <input ref={fileInput} type="file" multiple hidden aria-label={t("composer.attach")}
                   onChange={e => { void addFiles(Array.from(e.target.files ?? [])); e.target.value = ""; }} />
            <Tooltip title={t("composer.uploadLimit", { size: limit })}>
              <Button icon={<PaperClipOutlined />} aria-label={t("composer.attach")} onClick={() => fileInput.current?.click()} />
            </Tooltip>
          </>
        )}
        {mode === "forward" && (
          <Checkbox checked={attachOriginal} onChange={e => { dirty.current = true; setAttachOriginal(e.target.checked); }}>
            {t("composer.attachOriginal")}
          </Checkbox>
        )}
        <span className="status" role="status" aria-live="polite">
          {uploading > 0 ? t("composer.uploading", { name: "" }) : status}
        </span>
        <span className="status" style={{ flex: "none" }}>{t("composer.sendHint")}</span>
        <Button type="primary" loading={sending} disabled={uploading > 0} onClick={() => void send()} aria-label={note ? t("composer.addNote") : t("composer.send")}>
          {note ? t("composer.addNote") : t("composer.send")}
        </Button>
      </div>
    </section>
  );
}
