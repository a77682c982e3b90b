using System.Text.Json;
using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Html;
using MailHub.Conversations.Threading;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;
using Marten;

namespace MailHub.Conversations.Reading;

/// <summary>The JSON shapes of the conversation API (the QA scripts depend on the field names).</summary>
internal static class ConversationView
{
    public static object Summary(ConversationSummary c) => new
    {
        id = c.Id,
        number = c.Number,
        subject = c.Subject,
        status = c.Status,
        mailboxId = c.MailboxId,
        customer = new { id = c.CustomerId, name = c.CustomerName, email = c.CustomerEmail },
        assignee = c.AssigneeId is { } agent ? new { id = agent, name = c.AssigneeName } : null,
        team = c.TeamId is { } team ? new { id = team, name = c.TeamName } : null,
        lastMessageAt = c.LastMessageAt,
        messageCount = c.MessageCount,
        closedAt = c.ClosedAt,
    };

    public static object Message(StoredMessage m, bool showImages)
    {
        var attachments = JsonSerializer.Deserialize<List<AttachmentInfo>>(m.AttachmentsJson, AttachmentInfo.Json) ?? [];
        SanitizedHtml? html = null;
        if (m.Html is not null)
        {
            html = HtmlSanitizer.Sanitize(m.Html, contentId =>
                attachments.FirstOrDefault(a => string.Equals(a.ContentId, contentId, StringComparison.OrdinalIgnoreCase)) is { } a
                    ? AttachmentUrl(m.Id, a.Index) : null, showImages);
        }
        return new
        {
            id = m.Id,
            direction = m.Direction,
            from = m.FromAddress is null ? m.FromName : m.FromName is null ? m.FromAddress : $"\"{m.FromName}\" <{m.FromAddress}>",
            to = m.To,
            cc = m.Cc,
            subject = m.Subject,
            text = m.Text,
            html = html?.Html,
            remoteImagesBlocked = html?.RemoteImagesBlocked ?? false,
            messageId = m.RfcMessageId,
            date = m.SentAt,
            automatic = m.Automatic,
            delivery = m.DeliveryState is null ? null : new { state = m.DeliveryState, detail = m.DeliveryDetail },
            attachments = attachments.Select(a => new
            {
                fileName = a.FileName,
                contentType = a.ContentType,
                size = a.Size,
                url = AttachmentUrl(m.Id, a.Index),
                inline = a.Inline,
            }),
            rawUrl = m.Direction == Direction.Note ? null : $"/api/messages/{m.Id}/raw",
        };
    }

    public static string AttachmentUrl(Guid messageId, int index) => $"/api/messages/{messageId}/attachments/{index}";

    /// <summary>Every change with its actor and time, from the conversation's stream and Routing's assignments.</summary>
    public static async Task<IReadOnlyList<object>> HistoryAsync(Guid conversationId, IDocumentStore store, AccountStore accounts,
        CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        async Task<string> NameOf(Guid? id)
        {
            if (id is not { } account)
                return "system";
            if (!names.TryGetValue(account, out var name))
                names[account] = name = (await accounts.FindAsync(account, cancellationToken))?.DisplayName ?? account.ToString();
            return name;
        }
        var entries = new List<(DateTimeOffset At, string Actor, string Action, string? Detail)>();
        await using var session = store.QuerySession();
        foreach (var recorded in await session.Events.FetchStreamAsync(ConversationEvents.StreamOf(conversationId), token: cancellationToken))
        {
            switch (recorded.Data)
            {
                case ConversationOpened e: entries.Add((e.At, e.SenderAddress, "opened", e.Subject)); break;
                case MessageAppended e: entries.Add((e.At, e.FromAddress, e.Automatic ? "automatic-message" : "message", e.AutomaticReason ?? e.Subject)); break;
                case NoteAdded e: entries.Add((e.At, e.ByName, "note", null)); break;
                case ReplyComposed e: entries.Add((e.At, e.ByName, "replied", string.Join(", ", e.To))); break;
                case ReplyDeliveryChanged e: entries.Add((e.At, e.Source, "delivery-" + e.State, e.Detail)); break;
                case StatusChanged e: entries.Add((e.At, await NameOf(e.By), e.Status, null)); break;
                case ConversationClosed e: entries.Add((e.At, await NameOf(e.By), "closed", null)); break;
                case ConversationReopened e: entries.Add((e.At, e.By is null ? "customer" : await NameOf(e.By), "reopened", null)); break;
            }
        }
        foreach (var recorded in await session.Events.FetchStreamAsync(RoutingEvents.StreamOf(conversationId), token: cancellationToken))
        {
            if (recorded.Data is ConversationAssigned assigned)
            {
                entries.Add((assigned.At, assigned.By is null ? "routing" : await NameOf(assigned.By), "assigned",
                    assigned.AgentName ?? assigned.TeamName ?? "unassigned"));
            }
        }
        return entries.OrderBy(e => e.At).Select(e => (object)new { at = e.At, actor = e.Actor, action = e.Action, detail = e.Detail }).ToList();
    }
}
