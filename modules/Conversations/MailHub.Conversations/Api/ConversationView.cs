using System.Text.Json;
using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Html;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Threading;
using MailHub.Core.Accounts;
using MailHub.Routing.Contracts;
using Marten;

namespace MailHub.Conversations.Api;

/// <summary>The conversation API's records of what the read side holds (the QA scripts depend on their field names).</summary>
internal static class ConversationView
{
    public static ConversationSummary Summary(ListedConversation c) => new(
        c.Id, c.Number, c.Subject, c.Status, c.MailboxId, Customer(c), Assignee(c), Team(c), c.AssigneeId, c.TeamId, c.LastMessageAt,
        c.MessageCount, c.ClosedAt, c.Tags, PriorityOf(c.Priority), c.SnoozedUntil, c.WaitingSince, c.MergedInto, c.Preview);

    public static ConversationResponse Detail(ListedConversation c, IReadOnlyList<ConversationMessage> messages,
        IReadOnlyList<ConversationHistoryEntry> history) => new(
        c.Id, c.Number, c.Subject, c.Status, c.MailboxId, Customer(c), Assignee(c), Team(c), c.AssigneeId, c.TeamId, c.LastMessageAt,
        c.MessageCount, c.ClosedAt, c.Tags, PriorityOf(c.Priority), c.SnoozedUntil, c.WaitingSince, c.MergedInto, c.Preview, messages, history);

    public static ConversationPriority PriorityOf(string priority) => Enum.Parse<ConversationPriority>(priority, ignoreCase: true);

    public static string NameOf(ConversationPriority priority) => priority.ToString().ToLowerInvariant();

    private static ConversationCustomer Customer(ListedConversation c) => new(c.CustomerId, c.CustomerName, c.CustomerEmail);

    private static ConversationAssignee? Assignee(ListedConversation c) => c.AssigneeId is { } agent ? new(agent, c.AssigneeName) : null;

    private static ConversationTeam? Team(ListedConversation c) => c.TeamId is { } team ? new(team, c.TeamName) : null;

    public static ConversationMessage Message(StoredMessage m, bool showImages)
    {
        var attachments = JsonSerializer.Deserialize<List<AttachmentInfo>>(m.AttachmentsJson, AttachmentInfo.Json) ?? [];
        SanitizedHtml? html = null;
        if (m.Html is not null)
        {
            html = HtmlSanitizer.Sanitize(m.Html, contentId =>
                attachments.FirstOrDefault(a => string.Equals(a.ContentId, contentId, StringComparison.OrdinalIgnoreCase)) is { } a
                    ? AttachmentUrl(m.Id, a.Index) : null, showImages ? url => RemoteImageUrl(m.Id, url) : null);
        }
        return new ConversationMessage(
            m.Id,
            m.Direction,
            m.FromAddress is null ? m.FromName : m.FromName is null ? m.FromAddress : $"\"{m.FromName}\" <{m.FromAddress}>",
            m.To,
            m.Cc,
            m.Subject,
            m.Text,
            html?.Html,
            html?.RemoteImagesBlocked ?? false,
            m.RfcMessageId,
            m.SentAt,
            m.Automatic,
            m.DeliveryState is null ? null : new MessageDelivery(m.DeliveryState, m.DeliveryDetail),
            [.. attachments.Select(a => new MessageAttachment(a.FileName, a.ContentType, a.Size, AttachmentUrl(m.Id, a.Index), a.Inline))],
            m.Direction == Direction.Note ? null : $"/api/messages/{m.Id}/raw");
    }

    public static string AttachmentUrl(Guid messageId, int index) => $"/api/messages/{messageId}/attachments/{index}";

    /// <summary>A remote image of the message, through MailHub's image proxy (the console loads images from MailHub only).</summary>
    public static string RemoteImageUrl(Guid messageId, string url) => $"/api/messages/{messageId}/remote-image?url={Uri.EscapeDataString(url)}";

    /// <summary>Every change with its actor and time, from the conversation's stream and Routing's assignments.</summary>
    public static async Task<IReadOnlyList<ConversationHistoryEntry>> HistoryAsync(Guid conversationId, IDocumentStore store, AccountStore accounts,
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
        return [.. entries.OrderBy(e => e.At).Select(e => new ConversationHistoryEntry(e.At, e.Actor, e.Action, e.Detail))];
    }
}
