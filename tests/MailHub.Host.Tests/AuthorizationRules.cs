namespace MailHub.Host.Tests;

/// <summary>Who may call an endpoint, as <see cref="AuthorizationTests"/> checks it.</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not (the <see cref="EndpointRule.Why"/> says why).</summary>
    Anonymous,

    /// <summary>A settings endpoint: admins only. Everyone else, supervisors included, gets 403, before any validation (400).</summary>
    Admin,

    /// <summary>
    /// Routing's and the team replies' settings, which team leads run too: admins and supervisors. An agent gets 403, before any
    /// validation (400); a supervisor is not refused.
    /// </summary>
    Supervisor,

    /// <summary>The resource is team A's: an agent of team B gets 403 or 404; a supervisor may read it (2xx) and act on it (no 401/403).</summary>
    Team,

    /// <summary>The resource is one agent's (agent A's): another agent and a supervisor get 403; the agent and admins may.</summary>
    SelfOrAdmin,

    /// <summary>
    /// A directory sync source's own token only (PUT /api/directory/sync/{source}): every console sign-in, admins' too, gets
    /// 401 or 403 (the token is a scheme only that endpoint names; tests/MailHub.Directory.Tests checks the token itself).
    /// </summary>
    SyncSource,

    /// <summary>
    /// Any signed-in user, on anything (the <see cref="EndpointRule.Why"/> says why). Reads are called as the agent of team B and
    /// must not show team A's conversation (its id or subject); writes are only checked to need a sign-in.
    /// </summary>
    SignedIn,
}

/// <summary>An endpoint's access, why (for the open ones), and what to send so that validation cannot hide a missing refusal.</summary>
public sealed record EndpointRule(Access Access, string? Why = null, Func<AuthorizationDesk, object>? Body = null,
    Func<AuthorizationDesk, string>? Query = null);

/// <summary>
/// Every endpoint of the host, keyed "METHOD /route" (route constraints left out), with who may call it. A new endpoint fails
/// <see cref="AuthorizationTests"/> until it is put here: decide who may call it, and if it is open, write down why.
/// </summary>
public static class AuthorizationRules
{
    private static EndpointRule Anonymous(string why) => new(Access.Anonymous, why);
    private static EndpointRule SignedIn(string why) => new(Access.SignedIn, why);
    private static readonly EndpointRule Admin = new(Access.Admin);
    private static readonly EndpointRule Team = new(Access.Team);
    private static readonly EndpointRule Supervisor = new(Access.Supervisor);

    public static readonly IReadOnlyDictionary<string, EndpointRule> All = new Dictionary<string, EndpointRule>
    {
        // The doors themselves, and what a browser or a monitor needs before signing in.
        ["POST /api/auth/token"] = Anonymous("signing in"),
        ["GET /health"] = Anonymous("load balancers and monitors probe it; it names dependencies and their state, no data"),
        ["GET /docs/{documentName}"] = Anonymous("the API reference page (Scalar); the document it shows is public too"),
        ["GET /docs/scalar.js"] = Anonymous("the reference page's own script"),
        ["GET /docs/scalar.aspnetcore.js"] = Anonymous("the reference page's own script"),
        ["GET /docs/favicon.svg"] = Anonymous("the reference page's icon"),
        // FastEndpoints 8.3 maps it in every host, for its test helpers: the route of each endpoint, as the OpenAPI document has them.
        ["GET /_test_url_cache_"] = Anonymous("FastEndpoints' route list, no more than /openapi/v1.json tells"),
        // The console (src/MailHub.Host/Web/ConsoleFiles.cs): its index.html for every path outside the API, and a 404 problem
        // for an unknown /api path; neither gives out data (the console's data comes from the API behind sign-in).
        ["GET /{**path}"] = Anonymous("the console's page, which signs the user in itself"),
        ["GET /api/{**path}"] = Anonymous("the 404 of an unknown API path"),
        ["POST /api/auth/sign-in"] = Anonymous("signing in (the console's cookie)"),
        ["POST /api/auth/refresh"] = Anonymous("the refresh token is the credential"),
        ["POST /api/auth/invitation"] = Anonymous("the invitation link's token is the credential"),
        ["POST /api/auth/invitation/accept"] = Anonymous("the invitation link's token is the credential"),
        ["GET /api/auth/me"] = SignedIn("the caller's own account"),
        ["POST /api/auth/sign-out"] = SignedIn("ends the caller's own sessions"),
        ["POST /api/auth/password"] = SignedIn("changes the caller's own password"),
        ["POST /api/accounts/{id}/disable"] = Admin,
        ["POST /api/accounts/{id}/enable"] = Admin,
        ["GET /api/audit"] = Admin,

        // Channels: mailboxes are settings; their names are read by every console (the list's mailbox filter). Secrets are never answered.
        ["GET /api/channels/mailboxes"] = SignedIn("mailbox names and addresses for the list's filter and the reply's From; no secrets"),
        ["GET /api/channels/mailboxes/{id}"] = SignedIn("one mailbox as the list shows it; no secrets"),
        ["POST /api/channels/mailboxes"] = Admin,
        ["PUT /api/channels/mailboxes/{id}"] = Admin,
        ["DELETE /api/channels/mailboxes/{id}"] = Admin,
        ["POST /api/channels/mailboxes/test"] = Admin,
        ["POST /api/channels/mailboxes/{id}/test"] = Admin,
        ["POST /api/channels/mailboxes/{id}/test-send"] = Admin,
        ["POST /api/channels/mailboxes/folders"] = Admin,
        ["GET /api/channels/mailboxes/{id}/folders"] = Admin,
        ["POST /api/channels/mailboxes/{id}/reconnect"] = Admin,
        ["GET /api/channels/outbound/default-relay"] = Admin,
        ["GET /api/channels/providers"] = SignedIn("the built-in provider presets (servers, ports), the same for everyone"),
        ["GET /api/channels/relay-accounts"] = Admin,
        ["POST /api/channels/relay-accounts"] = Admin,
        ["DELETE /api/channels/relay-accounts/{userName}"] = Admin,
        ["GET /api/channels/smtp"] = Admin,
        ["GET /api/channels/smtp/refusals"] = Admin,
        // Every mailbox's mail as received, and every reply as sent: every team's, so admins and supervisors.
        ["GET /api/inbound/messages"] = Team,
        ["GET /api/inbound/messages/{id}"] = Team,
        ["GET /api/inbound/messages/{id}/raw"] = Team,
        ["GET /api/sandbox/messages"] = Team,
        ["GET /api/sandbox/messages/wait"] = Team with { Query = d => $"?to={AuthorizationDesk.Customer}&timeout=1" },
        ["GET /api/sandbox/messages/{id}"] = Team,
        ["GET /api/sandbox/messages/{id}/raw"] = Team,
        ["DELETE /api/sandbox/messages"] = Admin,
        ["DELETE /api/sandbox/messages/{id}"] = Admin,
        ["PATCH /api/sandbox/messages/{id}"] = Team with { Body = _ => new { read = true } },
        ["GET /api/sandbox/chaos"] = Supervisor,
        ["GET /api/sandbox/received"] = Supervisor,
        ["GET /api/sandbox/retention"] = Supervisor,
        ["GET /api/sandbox/webhooks"] = Admin,
        ["POST /api/sandbox/mailboxes"] = Admin with { Body = _ => new { ttlMinutes = 5 } },
        ["GET /api/sandbox/mailboxes"] = Supervisor,
        ["DELETE /api/sandbox/mailboxes/{id}"] = Admin,
        ["GET /api/sandbox/release-servers"] = Admin,
        ["POST /api/sandbox/messages/{id}/release"] = Admin with { Body = _ => new { server = "nowhere" } },
        ["POST /api/sandbox/webhooks"] = Admin with { Body = _ => new { url = "http://127.0.0.1:9/hook", secret = "a-secret-of-16-chars", events = new[] { "captured" } } },
        ["DELETE /api/sandbox/webhooks/{id}"] = Admin,
        ["POST /api/sandbox/webhooks/{id}/enable"] = Admin,
        ["PUT /api/sandbox/retention"] = Admin with { Body = _ => new { mailboxes = Array.Empty<object>() } },
        ["PUT /api/sandbox/chaos"] = Admin with { Body = _ => new { rules = Array.Empty<object>() } },

        // Conversations: team A's conversation and its messages.
        ["GET /api/conversations"] = SignedIn("each caller's own list: an agent's teams, theirs and the unrouted; checked not to show team A's"),
        ["GET /api/conversations/{id}"] = Team,
        ["POST /api/conversations/{id}/replies"] = Team with { Body = _ => new { text = "We are on it." } },
        ["POST /api/conversations/{id}/notes"] = Team with { Body = _ => new { text = "Called the courier." } },
        ["POST /api/conversations/{id}/forwards"] = Team with { Body = _ => new { to = new[] { "warehouse@example.com" }, text = "Please check." } },
        // Each caller's own draft, in a conversation of team A.
        ["GET /api/conversations/{id}/draft"] = Team,
        ["PUT /api/conversations/{id}/draft"] = Team with { Body = _ => new { mode = "reply", text = "Dear customer," } },
        ["DELETE /api/conversations/{id}/draft"] = Team,
        ["POST /api/messages/{id}/undo"] = Team,
        ["GET /api/conversations/{id}/composer"] = Team,
        ["PUT /api/conversations/signatures/mine"] = SignedIn("the caller's own signature") with { Body = _ => new { text = "Jane, support" } },
        ["PUT /api/conversations/signatures/mailboxes/{mailboxId}"] = Admin with { Body = _ => new { text = "Shop support" } },
        ["PUT /api/conversations/signatures/agents/{agentId}"] = Admin with { Body = _ => new { text = "Agent A, support" } },
        ["GET /api/conversations/signatures"] = Admin,
        ["POST /api/conversations/{id}/close"] = Team,
        ["POST /api/conversations/{id}/reopen"] = Team,
        ["POST /api/conversations/{id}/pending"] = Team,
        ["POST /api/conversations/{id}/assign"] = Team with { Body = d => new { agentId = d.AgentA } },
        ["POST /api/conversations/{id}/transfer"] = Team with { Body = d => new { agentId = d.AgentA, note = "Yours again." } },
        ["GET /api/conversations/{id}/viewers"] = Team,
        ["GET /api/conversations/{id}/history"] = Team,
        ["PUT /api/conversations/{id}/tags"] = Team with { Body = _ => new { tags = new[] { "快递" } } },
        ["PUT /api/conversations/{id}/priority"] = Team with { Body = _ => new { priority = "high" } },
        ["POST /api/conversations/{id}/snooze"] = Team with { Body = _ => new { until = DateTimeOffset.UtcNow.AddDays(30) } },
        // Into itself: answered 400 once the caller may touch it, so the sweep merges nothing.
        ["POST /api/conversations/{id}/merge"] = Team with { Body = d => new { into = d.ConversationId } },
        ["GET /api/conversations/counts"] = SignedIn("numbers of the caller's own views, counted as their list is filtered; no ids or subjects"),
        ["POST /api/conversations/bulk"] = SignedIn("each conversation is checked as its own endpoint checks it; another team's fails in the results")
            with { Body = d => new { ids = new[] { d.ConversationId }, action = "tag", tags = new[] { "bulk" } } },
        ["GET /api/messages/{id}/raw"] = Team,
        ["GET /api/messages/{id}/attachments/{index}"] = Team,
        ["GET /api/messages/{id}/remote-image"] = Team with { Query = d => $"?url={Uri.EscapeDataString(d.RemoteImageUrl)}" },
        ["POST /api/conversations/rebuild"] = Admin,
        // A file, as the console uploads it: the endpoint accepts only multipart/form-data (a JSON body is 415 before any sign-in check).
        ["POST /api/attachments"] = SignedIn("an upload is the uploader's until a reply of theirs sends it") with { Body = _ => Upload() },
        ["GET /api/conversations/templates"] = SignedIn("the caller's own replies, their teams' and everyone's; others' are left out"),
        ["GET /api/conversations/templates/{id}"] = SignedIn("one the caller may use (shared, their team's or their own); else 404"),
        ["POST /api/conversations/templates"] = SignedIn("agents write their own replies; team and shared ones are refused to them (403)"),
        ["PUT /api/conversations/templates/{id}"] = SignedIn("agents change their own replies; team and shared ones are refused to them (403)"),
        ["DELETE /api/conversations/templates/{id}"] = SignedIn("agents delete their own replies; team and shared ones are refused to them (403)"),
        ["POST /api/conversations/templates/preview"] = SignedIn("fills a text it is sent with sample values and the caller's name; no conversation")
            with { Body = _ => new { text = "您好 {{customer.name}}" } },
        // A template filled in with team A's conversation: the conversation is what is protected.
        ["GET /api/conversations/templates/{id}/render"] = Team with { Query = d => $"?conversation={d.ConversationId}" },

        // Live updates: every push is filtered by IConversationAccess for the connection's account.
        ["GET /api/events/stream"] = SignedIn("the caller's own live updates, filtered per conversation"),
        // The SignalR hub's endpoints take any method (no method metadata): keyed GET, as the sweep calls them.
        ["GET /api/live/negotiate"] = SignedIn("the SignalR connection of the caller's console; pushes filtered per conversation"),
        ["GET /api/live"] = SignedIn("the SignalR connection of the caller's console; pushes filtered per conversation"),

        // Directory: departments and members are settings; their names are read by every console (transfers, assignees).
        ["GET /api/directory/departments"] = SignedIn("team names, to transfer to"),
        ["GET /api/directory/departments/tree"] = SignedIn("team names, to transfer to"),
        ["GET /api/directory/departments/{id}"] = SignedIn("a team and its members, to transfer to"),
        ["POST /api/directory/departments"] = Admin,
        ["PUT /api/directory/departments/{id}"] = Admin with { Body = _ => new { name = "Renamed" } },
        ["DELETE /api/directory/departments/{id}"] = Admin,
        ["GET /api/directory/members"] = SignedIn("agents' names, to transfer to"),
        ["GET /api/directory/members/{id}"] = SignedIn("an agent's name and teams, to transfer to"),
        ["POST /api/directory/members"] = Admin,
        ["PUT /api/directory/members/{id}"] = Admin with { Body = _ => new { role = "admin" } },
        ["POST /api/directory/members/{id}/deactivate"] = Admin,
        ["POST /api/directory/members/{id}/reactivate"] = Admin,
        ["POST /api/directory/members/{id}/invitation"] = Admin,
        ["POST /api/directory/invitations"] = Admin,
        // Customers are shared: one customer writes to several mailboxes and teams, and the console shows who they are.
        ["GET /api/directory/customers"] = SignedIn("customers are shared by every team"),
        ["GET /api/directory/customers/{id}"] = SignedIn("customers are shared by every team"),
        ["POST /api/directory/customers"] = SignedIn("agents keep the shared customer cards"),
        ["PUT /api/directory/customers/{id}"] = SignedIn("agents keep the shared customer cards"),
        ["POST /api/directory/customers/{id}/merge"] = SignedIn("agents keep the shared customer cards"),
        ["GET /api/directory/suggestions"] = SignedIn("address suggestions from the shared customers and members, for the composer's To, Cc and Bcc"),
        // Import, export and sync sources are settings; the sync itself takes only a source's own token.
        ["GET /api/directory/import/template"] = Admin,
        // A sheet as the console uploads it (multipart only, like the attachments); a preview, so nothing is written.
        ["POST /api/directory/import"] = Admin with { Query = _ => "?format=csv", Body = _ => Sheet() },
        ["GET /api/directory/export"] = Admin,
        ["GET /api/directory/sync-sources"] = Admin,
        ["POST /api/directory/sync-sources"] = Admin with { Body = _ => new { name = "wecom" } },
        ["POST /api/directory/sync-sources/{name}/token"] = Admin,
        ["DELETE /api/directory/sync-sources/{name}"] = Admin,
        ["PUT /api/directory/sync/{source}"] = new(Access.SyncSource, Body: _ => new { mode = "full", departments = Array.Empty<object>(), members = Array.Empty<object>() }),

        // Routing: rules are settings; presence is each agent's own.
        ["GET /api/routing/rules"] = SignedIn("an agent may see why conversations come to them; changing rules is the admins'"),
        ["GET /api/routing/rules/{id}"] = SignedIn("an agent may see why conversations come to them; changing rules is the admins'"),
        ["POST /api/routing/rules"] = Supervisor,
        ["PUT /api/routing/rules/{id}"] = Supervisor,
        ["DELETE /api/routing/rules/{id}"] = Supervisor,
        // The desk's one rule, as the console sends the list after a drag.
        ["PUT /api/routing/rules/order"] = Supervisor with { Body = d => new { ruleIds = new[] { d.RuleId } } },
        ["POST /api/routing/rules/try"] = new(Access.SignedIn, "tries the rules (which every console reads) on a sample it is sent; changes nothing",
            Body: _ => new { from = "li.na@example.cn", subject = "退款", body = "请帮我退款" }),
        ["GET /api/routing/teams"] = SignedIn("each team's strategy and default capacity; no conversations"),
        ["PUT /api/routing/teams/{teamId}"] = Supervisor with { Body = _ => new { strategy = "round-robin" } },
        ["GET /api/routing/agents"] = SignedIn("who is online and how loaded, to transfer to"),
        ["GET /api/routing/agents/{memberId}"] = SignedIn("one agent's presence, to transfer to"),
        ["PUT /api/routing/agents/{memberId}/presence"] = new(Access.SelfOrAdmin, Body: _ => new { status = "away" }),
        ["GET /api/routing/notifications"] = SignedIn("the caller's own notifications"),
        ["POST /api/routing/notifications/read"] = new(Access.SignedIn, "marks the caller's own notifications read", Body: _ => new { all = true }),
        ["GET /api/routing/activity"] = new(Access.SignedIn, "who is on the conversations of the caller's list; others' are left out",
            Query: desk => $"?ids={desk.ConversationId}"),
        ["GET /api/routing/assignments/{conversationId}"] = Team,
        ["GET /api/routing/teams/{teamId}/queue"] = Team,

        // Campaigns: audiences, suppressions and campaigns are the admins'.
        ["GET /api/campaigns/audiences"] = Admin,
        ["POST /api/campaigns/audiences"] = Admin with { Body = _ => Upload() },
        ["GET /api/campaigns/audiences/{id}"] = Admin,
        ["GET /api/campaigns/suppressions"] = Admin,
        ["POST /api/campaigns/suppressions"] = Admin,
        ["GET /api/campaigns"] = Admin,
        ["POST /api/campaigns"] = Admin,
        ["GET /api/campaigns/{id}"] = Admin,
        ["PUT /api/campaigns/{id}"] = Admin,
        ["GET /api/campaigns/{id}/recipients"] = Admin,
        ["GET /api/campaigns/{id}/preview"] = Admin,
        ["GET /api/campaigns/{id}/check"] = Admin,
        ["POST /api/campaigns/{id}/test"] = Admin with { Body = _ => new { to = new[] { "qa@example.org" } } },
        ["POST /api/campaigns/{id}/send"] = Admin,
        ["POST /api/campaigns/{id}/pause"] = Admin,
        ["POST /api/campaigns/{id}/resume"] = Admin,
        ["POST /api/campaigns/{id}/cancel"] = Admin,
        ["GET /api/campaigns/pace/{mailboxId}"] = Admin,
        ["PUT /api/campaigns/pace/{mailboxId}"] = Admin with { Body = _ => new { perMinute = 60, perDay = 1000 } },
        ["POST /api/campaigns/audiences/directory"] = Admin with { Body = _ => new { name = "VIP", apply = false } },
        ["GET /api/campaigns/pace/presets"] = Admin,
        ["PUT /api/campaigns/pace/presets/{provider}"] = Admin with { Body = _ => new { perMinute = 20, perDay = 500 } },
        // Tracking: mail clients fetch the pixel and follow links without credentials; the HMAC-signed token is the credential.
        ["GET /api/campaigns/t/o/{token}"] = Anonymous("the open-tracking pixel: the signed token names campaign and recipient"),
        ["GET /api/campaigns/t/c/{token}"] = Anonymous("a click-tracked link: the signed token names campaign, recipient and URL"),
        ["PUT /api/directory/customers/{id}/tags"] = SignedIn("agents keep the shared customer cards") with { Body = _ => new { tags = new[] { "vip" } } },
        // RFC 8058: the mail client's one-click POST carries no credentials; the signed token in the URL is the credential.
        ["POST /api/campaigns/unsubscribe"] = Anonymous("one-click unsubscribe (RFC 8058): the signed token names the address"),
        ["GET /api/campaigns/unsubscribe"] = Anonymous("the unsubscribe landing page of a campaign message's link; changes nothing"),
    };

    private static MultipartFormDataContent Upload() =>
        new() { { new ByteArrayContent("%PDF-1.4 quote"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "file", "报价.pdf" } };

    private static MultipartFormDataContent Sheet() =>
        new() { { new ByteArrayContent("Account,Name,Departments,Email\r\n"u8.ToArray()) { Headers = { ContentType = new("text/csv") } }, "file", "通讯录.csv" } };

    /// <summary>The value a route parameter takes: one of team A's resources, by the parameter's name or the path before it.</summary>
    public static string? RouteValue(AuthorizationDesk desk, string pathBefore, string parameter) => parameter switch
    {
        "conversationId" => desk.ConversationId.ToString(),
        "teamId" => desk.TeamA.ToString(),
        "memberId" or "agentId" => desk.AgentA.ToString(),
        "mailboxId" => desk.MailboxId.ToString(),
        "userName" => desk.RelayUserName,
        "source" or "name" => "wecom",
        "index" => "0",
        "provider" => "qq",
        "token" => "not-a-token",
        "documentName" => "v1",
        "path" => "",
        "id" => pathBefore switch
        {
            "/api/channels/mailboxes/" => desk.MailboxId.ToString(),
            "/api/conversations/" => desk.ConversationId.ToString(),
            "/api/conversations/templates/" => desk.TemplateId.ToString(),
            "/api/messages/" => desk.MessageId.ToString(),
            "/api/inbound/messages/" => desk.InboundId.ToString(),
            "/api/sandbox/messages/" => desk.SandboxId.ToString(),
            "/api/sandbox/webhooks/" => "0196f7a4-0000-7000-8000-000000000001", // none: admins get 404, the others 403
            "/api/sandbox/mailboxes/" => "0196f7a4-0000-7000-8000-000000000002", // none: admins get 404, the others 403
            "/api/directory/departments/" => desk.TeamA.ToString(),
            "/api/directory/members/" => desk.AgentA.ToString(),
            "/api/directory/customers/" => desk.CustomerId.ToString(),
            "/api/routing/rules/" => desk.RuleId.ToString(),
            "/api/accounts/" => desk.AgentA.ToString(),
            // Campaigns are the admins' alone: refused before the id is looked at.
            "/api/campaigns/" or "/api/campaigns/audiences/" => Guid.Empty.ToString(),
            _ => null,
        },
        _ => null,
    };
}
