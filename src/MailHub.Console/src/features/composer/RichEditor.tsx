import { forwardRef, useImperativeHandle, useRef, type ClipboardEvent, type DragEvent, type KeyboardEvent } from "react";
import { Button, Space, Tooltip } from "antd";
import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { useT } from "../../i18n/I18n";

/** What the composer does with the editor besides letting the agent type. */
export interface RichEditorHandle {
  html(): string;
  /** The plain-text alternative: what the agent sees, lines and all. */
  text(): string;
  setHtml(html: string): void;
  focus(): void;
  /** Replaces the "/query" just typed (the canned-reply picker's trigger) with html. */
  replaceSlash(html: string): void;
}

interface Props {
  label: string;
  placeholder: string;
  /** Rich text (replies) or plain paragraphs (notes: no toolbar). */
  rich: boolean;
  /** False while the composer loads the draft into it. */
  editable: boolean;
  onChange: () => void;
  /** Ctrl+Enter (or ⌘+Enter), never while an input method is composing. */
  onSubmit: () => void;
  /** The text after a "/" at the start of a word, as it is typed; null when there is none. */
  onSlash: (query: string | null) => void;
  /** Keys the canned-reply picker takes while it is open (arrows, Enter, Escape); true when it took the key. */
  onPickerKey: (key: string) => boolean;
  onFiles: (files: File[]) => void;
}

/**
 * The composer's editor: a contentEditable with a small toolbar (bold, italic, lists). Chinese input methods work as
 * in any text field: keys pressed while a composition is open (Enter picking a candidate) are the input method's.
 * Files dropped or pasted (screenshots) go to onFiles instead of into the text.
 */
export const RichEditor = forwardRef<RichEditorHandle, Props>(function RichEditor(props, ref) {
  const t = useT();
  const element = useRef<HTMLDivElement>(null);
  const composing = useRef(false);

  useImperativeHandle(ref, () => ({
    html: () => element.current?.innerHTML ?? "",
    text: () => (element.current?.innerText ?? "").replace(/\u00a0/g, " ").replace(/\n{3,}/g, "\n\n").trim(),
    setHtml: html => { if (element.current) element.current.innerHTML = html; },
    focus: () => element.current?.focus(),
    replaceSlash: html => {
      const selection = window.getSelection();
      const node = selection?.anchorNode;
      if (!selection || !node || node.nodeType !== Node.TEXT_NODE || !element.current?.contains(node))
        return;
      const before = (node.textContent ?? "").slice(0, selection.anchorOffset);
      const match = /\/[^\s/]*$/.exec(before);
      if (!match)
        return;
      const range = document.createRange();
      range.setStart(node, selection.anchorOffset - match[0].length);
      range.setEnd(node, selection.anchorOffset);
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("insertHTML", false, html);
      props.onChange();
    },
  }));

  function slashQuery(): string | null {
    const selection = window.getSelection();
    const node = selection?.anchorNode;
    if (!selection || !selection.isCollapsed || !node || node.nodeType !== Node.TEXT_NODE || !element.current?.contains(node))
      return null;
    const before = (node.textContent ?? "").slice(0, selection.anchorOffset);
    const match = /(?:^|[\s\u00a0])\/([^\s/]{0,40})$/.exec(before);
    return match ? match[1] ?? "" : null;
  }

  function keyDown(e: KeyboardEvent<HTMLDivElement>) {
    // keyCode 229: the key went to the input method (Chrome sends it while composing, before compositionstart too).
    if (composing.current || e.nativeEvent.isComposing || e.keyCode === 229)
      return;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      props.onSubmit();
      return;
    }
    if (["ArrowDown", "ArrowUp", "Enter", "Escape", "Tab"].includes(e.key) && props.onPickerKey(e.key))
      e.preventDefault();
  }

  function files(list: FileList | null | undefined): File[] {
    return list ? Array.from(list) : [];
  }

  function paste(e: ClipboardEvent<HTMLDivElement>) {
    const pasted = files(e.clipboardData?.files);
    if (pasted.length > 0) {
      e.preventDefault();
      props.onFiles(pasted);
      return;
    }
    // Text only: styles and scripts of another page have no place in a mail.
    const text = e.clipboardData?.getData("text/plain");
    if (text !== undefined) {
      e.preventDefault();
      document.execCommand("insertText", false, text);
    }
  }

  function drop(e: DragEvent<HTMLDivElement>) {
    const dropped = files(e.dataTransfer?.files);
    if (dropped.length > 0) {
      e.preventDefault();
      props.onFiles(dropped);
    }
  }

  function format(command: string) {
    element.current?.focus();
    document.execCommand(command);
    props.onChange();
  }

  return (
    <div className="composer-editor">
      {props.rich && (
        <Space size={2} role="toolbar" aria-label={t("composer.toolbar")} className="composer-toolbar">
          <Tooltip title={t("composer.bold")}><Button size="small" type="text" icon={<BoldOutlined />} aria-label={t("composer.bold")} onMouseDown={e => e.preventDefault()} onClick={() => format("bold")} /></Tooltip>
          <Tooltip title={t("composer.italic")}><Button size="small" type="text" icon={<ItalicOutlined />} aria-label={t("composer.italic")} onMouseDown={e => e.preventDefault()} onClick={() => format("italic")} /></Tooltip>
          <Tooltip title={t("composer.bulletList")}><Button size="small" type="text" icon={<UnorderedListOutlined />} aria-label={t("composer.bulletList")} onMouseDown={e => e.preventDefault()} onClick={() => format("insertUnorderedList")} /></Tooltip>
          <Tooltip title={t("composer.numberedList")}><Button size="small" type="text" icon={<OrderedListOutlined />} aria-label={t("composer.numberedList")} onMouseDown={e => e.preventDefault()} onClick={() => format("insertOrderedList")} /></Tooltip>
        </Space>
      )}
      <div
        ref={element}
        className="composer-body"
        contentEditable={props.editable}
        suppressContentEditableWarning
        aria-busy={!props.editable}
        role="textbox"
        aria-multiline="true"
        aria-label={props.label}
        data-placeholder={props.placeholder}
        onInput={() => { props.onChange(); if (!composing.current) props.onSlash(slashQuery()); }}
        onKeyUp={e => { if (!composing.current && (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End")) props.onSlash(slashQuery()); }}
        onCompositionStart={() => { composing.current = true; }}
        onCompositionEnd={() => { composing.current = false; props.onChange(); props.onSlash(slashQuery()); }}
        onKeyDown={keyDown}
        onPaste={paste}
        onDrop={drop}
        onDragOver={e => { if (e.dataTransfer?.types.includes("Files")) e.preventDefault(); }}
      />
    </div>
  );
});
