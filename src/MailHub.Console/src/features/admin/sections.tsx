import type { ReactNode } from "react";
import { AuditOutlined, BookOutlined, BranchesOutlined, CloudServerOutlined, ExperimentOutlined, MailOutlined, MessageOutlined, NotificationOutlined, TeamOutlined } from "@ant-design/icons";
import type { MessageKey } from "../../i18n/catalog";
import { MailboxesPage } from "../mailboxes/MailboxesPage";
import { PeoplePage } from "../people";
import { RulesPage } from "../rules";
import { RepliesPage } from "../replies";
import { SmtpPage } from "../smtp";
import { SandboxPage } from "../sandbox";
import { AuditPage } from "../audit";
import { DirectoryPage } from "../directory";
import { CampaignsPage } from "../campaigns";

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
  { path: "mailboxes", label: "mailboxes.menu", icon: <MailOutlined />, page: <MailboxesPage /> },
  { path: "people", label: "people.menu", icon: <TeamOutlined />, page: <PeoplePage /> },
  { path: "directory", label: "directory.menu", icon: <BookOutlined />, page: <DirectoryPage /> },
  { path: "rules", label: "rules.menu", icon: <BranchesOutlined />, roles: ["supervisor"], page: <RulesPage /> },
  { path: "replies", label: "replies.menu", icon: <MessageOutlined />, roles: ["supervisor"], page: <RepliesPage /> },
  { path: "smtp", label: "smtp.menu", icon: <CloudServerOutlined />, page: <SmtpPage /> },
  { path: "sandbox", label: "sandbox.menu", icon: <ExperimentOutlined />, roles: ["supervisor"], page: <SandboxPage /> },
  { path: "audit", label: "audit.menu", icon: <AuditOutlined />, page: <AuditPage /> },
  { path: "campaigns", label: "campaigns.menu", icon: <NotificationOutlined />, page: <CampaignsPage /> },
];
