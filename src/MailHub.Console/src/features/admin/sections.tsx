import type { ReactNode } from "react";
import { BranchesOutlined, MessageOutlined } from "@ant-design/icons";
import type { MessageKey } from "../../i18n/catalog";
import { RepliesPage } from "../replies";
import { RulesPage } from "../rules";

/**
 * The admin area's sections, in menu order: each is a route under /admin and an entry in its side menu. A section's
 * page lives in its own feature folder (features/mailboxes, features/people, ...); add one line here for it.
 */
export interface AdminSection {
  /** The path under /admin, e.g. "mailboxes" → /admin/mailboxes (sub-routes below it are the page's own). */
  path: string;
  /** Its name in the side menu. */
  label: MessageKey;
  icon?: ReactNode;
  /** Roles that see it; admins see everything. */
  roles?: readonly string[];
  page: ReactNode;
}

export const adminSections: AdminSection[] = [
  { path: "rules", label: "rules.menu", icon: <BranchesOutlined />, roles: ["supervisor"], page: <RulesPage /> },
  { path: "replies", label: "replies.menu", icon: <MessageOutlined />, roles: ["supervisor"], page: <RepliesPage /> },
];
