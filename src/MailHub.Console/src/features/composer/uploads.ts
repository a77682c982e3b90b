import { api, problemMessage } from "../../api";

/** An uploaded file, by the id a reply names it with. */
export interface Attachment {
  id: string;
  fileName: string;
  size: number;
}

/** "1.5 MB", "320 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / (1024 * 1024)).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A pasted screenshot has no name of its own: one from the time it was pasted. */
export function nameOf(file: File): string {
  if (file.name && file.name !== "image.png")
    return file.name;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "");
  return `screenshot-${stamp}.${file.type.split("/")[1] ?? "png"}`;
}

/** POST /api/attachments: the file's id, or why not. */
export async function upload(file: File): Promise<Attachment | string> {
  const form = new FormData();
  const name = nameOf(file);
  form.append("file", file, name);
  const { data, error, response } = await api.POST("/api/attachments", {
    body: form as never,
    bodySerializer: body => body as unknown as FormData,
  });
  return data ? { id: data.id, fileName: data.fileName, size: data.size } : problemMessage(error, response);
}
