import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Button, Card, Empty, Input, Modal, Space, Table, Tag, Tree, Typography } from "antd";
import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SyncOutlined, UserAddOutlined } from "@ant-design/icons";
import { api, type Schemas } from "../../api";
import { useT } from "../../i18n/I18n";
import { useAccount } from "../session/Session";
import { InvitationLink, InviteDialog } from "./InviteDialog";
import { MemberDrawer } from "./MemberDrawer";
import { explain } from "./problems";
import { TeamDialog, type TeamDialogMode } from "./TeamDialog";
import { teamOptions, teamsById, type Member, type Presence, type TeamNode } from "./types";
import "./people.css";

/** /admin/people: the team tree on the left, the members of the chosen team (or everyone) on the right. */
export function PeoplePage() {
  const t = useT();
  const me = useAccount();
  const { message } = App.useApp();
  const [tree, setTree] = useState<TeamNode[]>([]);
  const [members, setMembers] = useState<Member[]>([]);
  const [presence, setPresence] = useState<Map<string, Presence>>(new Map());
  const [loading, setLoading] = useState(true);
  const [teamId, setTeamId] = useState<string>();
  // Every team is shown open, new ones included, but those the admin folded.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const [query, setQuery] = useState("");
  const [teamDialog, setTeamDialog] = useState<TeamDialogMode>();
  const [editing, setEditing] = useState<Member | "new">();
  const [inviting, setInviting] = useState(false);
  const [link, setLink] = useState<Schemas["MemberInvitationResponse"]>();

  const load = useCallback(async () => {
    try {
      const [teams, people, agents] = await Promise.all([
        api.GET("/api/directory/departments/tree"), api.GET("/api/directory/members", { params: { query: {} } }), api.GET("/api/routing/agents"),
      ]);
      setTree(teams.data ?? []);
      setMembers(people.data ?? []);
      setPresence(new Map((agents.data ?? []).map(p => [p.agentId, p])));
    } catch {
      void message.error(t("people.error.unreachable"));
    } finally {
      setLoading(false);
    }
  }, [message, t]);

  useEffect(() => { void load(); }, [load]);

  const names = useMemo(() => teamsById(tree), [tree]);
  const team = teamId ? names.get(teamId) : undefined;
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return members.filter(m => (!teamId || m.departmentIds.includes(teamId))
      && (!q || [m.name, m.email, m.account].some(text => text.toLowerCase().includes(q))));
  }, [members, teamId, query]);

  const deleteTeam = (node: TeamNode) => {
    Modal.confirm({
      title: t("people.confirmDeleteTeam", { name: node.name }), content: t("people.confirmDeleteTeamBody"),
      okText: t("people.delete"), okButtonProps: { danger: true }, cancelText: t("people.cancel"),
      onOk: async () => {
        const { error, response } = await api.DELETE("/api/directory/departments/{id}", { params: { path: { id: node.id } } });
        if (!response.ok) {
          void message.error(explain(t, error, response, node.name).message);
          return;
        }
        void message.success(t("people.teamDeleted", { name: node.name }));
        setTeamId(undefined);
        await load();
      },
    });
  };

  const setActive = (member: Member, active: boolean) => {
    const apply = async () => {
      const { error, response } = active
        ? await api.POST("/api/directory/members/{id}/reactivate", { params: { path: { id: member.id } } })
        : await api.POST("/api/directory/members/{id}/deactivate", { params: { path: { id: member.id } } });
      if (!response.ok) {
        void message.error(response.status === 403 && member.id === me.id ? t("people.error.self") : explain(t, error, response).message);
        return;
      }
      void message.success(t(active ? "people.reactivated" : "people.deactivated", { name: member.name }));
      await load();
    };
    if (active)
      void apply();
    else
      Modal.confirm({
        title: t("people.confirmDeactivate", { name: member.name }), content: t("people.confirmDeactivateBody"),
        okText: t("people.deactivate"), okButtonProps: { danger: true }, cancelText: t("people.cancel"), onOk: apply,
      });
  };

  const newLink = async (member: Member) => {
    const { data, error, response } = await api.POST("/api/directory/members/{id}/invitation", { params: { path: { id: member.id } } });
    if (data)
      setLink(data);
    else
      void message.error(explain(t, error, response).message);
  };

  return (
    <div className="people">
      <Typography.Title level={3}>{t("people.title")}</Typography.Title>
      <div className="people-columns">
        <Card title={t("people.teams")} size="small" className="people-teams"
              extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setTeamDialog({ kind: "create", parentId: teamId })}>
                {t("people.newTeam")}</Button>}>
          <Button type="text" block className="people-all" onClick={() => setTeamId(undefined)}
                  aria-pressed={!teamId}>{t("people.allMembers")}</Button>
          {tree.length === 0 && !loading
            ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("people.noTeams")} />
            : <Tree treeData={teamOptions(tree)} selectedKeys={teamId ? [teamId] : []} blockNode showIcon={false}
                    expandedKeys={[...names.keys()].filter(id => !folded.has(id))}
                    onExpand={(_, { node, expanded }) => setFolded(f => {
                      const next = new Set(f);
                      if (expanded) next.delete(String(node.key)); else next.add(String(node.key));
                      return next;
                    })}
                    aria-label={t("people.teams")}
                    onSelect={(_, { node }) => setTeamId(String(node.key))} />}
          {team && (
            <Space wrap className="people-team-actions">
              <Button size="small" icon={<EditOutlined />} onClick={() => setTeamDialog({ kind: "edit", team })}>{t("people.editTeam")}</Button>
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => deleteTeam(team)}>{t("people.deleteTeam")}</Button>
            </Space>
          )}
        </Card>
        <Card size="small" className="people-members"
              title={team ? t("people.membersOf", { name: team.name }) : t("people.allMembers")}
              extra={<Space wrap>
                <Button icon={<UserAddOutlined />} onClick={() => setInviting(true)} disabled={tree.length === 0}>{t("people.invite")}</Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} disabled={tree.length === 0}>{t("people.newMember")}</Button>
              </Space>}>
          <Input.Search allowClear placeholder={t("people.search")} aria-label={t("people.search")} value={query}
                        onChange={e => setQuery(e.target.value)} className="people-search" />
          <Table<Member> rowKey="id" size="middle" loading={loading} dataSource={shown} pagination={{ pageSize: 50, hideOnSinglePage: true }}
                         locale={{ emptyText: t("people.noMembers") }} scroll={{ x: 900 }}
                         columns={[
                           { title: t("people.col.name"), key: "name", render: (_, m) => <><div>{m.name}</div><Typography.Text type="secondary">{m.account}</Typography.Text></> },
                           { title: t("people.col.email"), dataIndex: "email" },
                           { title: t("people.col.role"), key: "role", render: (_, m) => <Tag color={m.role === "admin" ? "red" : m.role === "supervisor" ? "gold" : "blue"}>{t(`people.role.${m.role as "agent"}`)}</Tag> },
                           { title: t("people.col.teams"), key: "teams", render: (_, m) => m.departmentIds.map((id, i) => (
                             <Tag key={id} icon={i === 0 ? <ApartmentOutlined /> : undefined} title={i === 0 ? t("people.mainTeam") : undefined}>
                               {names.get(id)?.name ?? "?"}{i === 0 && m.departmentIds.length > 1 ? ` (${t("people.mainTeam")})` : ""}
                             </Tag>)) },
                           { title: t("people.col.capacity"), key: "capacity", align: "right", render: (_, m) => presence.get(m.id)?.capacity ?? "—" },
                           { title: t("people.col.status"), key: "status", render: (_, m) => !m.active
                             ? <Tag color="default">{t("people.status.deactivated")}</Tag>
                             : m.invitationPending ? <Tag color="processing">{t("people.status.invited")}</Tag>
                             : <Tag color="success">{t("people.status.active")}</Tag> },
                           { title: t("people.col.source"), key: "source", render: (_, m) => m.source
                             ? <Tag icon={<SyncOutlined aria-hidden />} color="purple">{t("people.source", { source: m.source })}</Tag> : null },
                           { title: t("people.col.actions"), key: "actions", render: (_, m) => (
                             <Space size={0} wrap>
                               <Button type="link" size="small" onClick={() => setEditing(m)} aria-label={`${t("people.edit")} ${m.name}`}>{t("people.edit")}</Button>
                               {m.active && m.invitationPending && (
                                 <Button type="link" size="small" onClick={() => void newLink(m)} aria-label={`${t("people.newLink")} ${m.name}`}>{t("people.newLink")}</Button>)}
                               {m.id !== me.id && (m.active
                                 ? <Button type="link" size="small" danger onClick={() => setActive(m, false)} aria-label={`${t("people.deactivate")} ${m.name}`}>{t("people.deactivate")}</Button>
                                 : <Button type="link" size="small" onClick={() => setActive(m, true)} aria-label={`${t("people.reactivate")} ${m.name}`}>{t("people.reactivate")}</Button>)}
                             </Space>) },
                         ]} />
        </Card>
      </div>
      {teamDialog && <TeamDialog mode={teamDialog} tree={tree} onClose={() => setTeamDialog(undefined)}
                                 onSaved={id => { setTeamDialog(undefined); setTeamId(id); void load(); }} />}
      {editing && <MemberDrawer member={editing === "new" ? undefined : editing} teamId={teamId} tree={tree} onClose={() => setEditing(undefined)}
                                onSaved={() => { setEditing(undefined); void load(); }} />}
      {inviting && <InviteDialog teamId={teamId} tree={tree} onClose={() => setInviting(false)} onInvited={() => void load()} />}
      {link && <InvitationLink invitation={link} onClose={() => setLink(undefined)} />}
    </div>
  );
}
