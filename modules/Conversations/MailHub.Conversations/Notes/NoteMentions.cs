using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using Npgsql;

namespace MailHub.Conversations.Notes;

/// <summary>
/// Tells the members a note mentions: a "mentioned" notification each, recorded in the note's transaction and pushed
/// once it committed. Only members who may see the conversation are told (a mention of someone of another team tells
/// them nothing: they could not open it), and never the note's author.
/// </summary>
internal sealed class NoteMentions(IMemberDirectory directory, IConversationAccess access, IAgentNotifications notifications)
{
    private const int MaxExcerpt = 500;

    public async Task<IReadOnlyList<AgentNotification>> RecordAsync(NpgsqlTransaction transaction, Guid conversationId, string text,
        Guid authorId, string authorName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var mentions = Mentions.CandidatesOf(text);
        if (mentions.Count == 0)
            return [];
        var members = await directory.FindByHandlesAsync([.. mentions.SelectMany(m => m).Distinct()], cancellationToken);
        var named = new HashSet<Guid>();
        foreach (var candidates in mentions)
        {
            // The longest words that name someone: "@Li Si" is Li Si, not an agent called Li.
            var match = candidates.Select(c => members.Where(m => Names(m, c)).ToList()).FirstOrDefault(found => found.Count > 0) ?? [];
            named.UnionWith(match.Select(m => m.Id));
        }
        named.Remove(authorId);
        var told = new List<AgentNotification>();
        var excerpt = text.Length <= MaxExcerpt ? text : text[..MaxExcerpt] + "…";
        foreach (var memberId in named)
        {
            if (!await access.CanSeeAsync(memberId, conversationId, cancellationToken))
                continue;
            var notification = new AgentNotification(Guid.CreateVersion7(), memberId, NotificationKind.Mentioned, conversationId, authorId,
                authorName, excerpt, at);
            await notifications.RecordAsync(transaction, notification, cancellationToken);
            told.Add(notification);
        }
        return told;
    }

    public void Publish(IEnumerable<AgentNotification> told)
    {
        foreach (var notification in told)
            notifications.Publish(notification);
    }

    private static bool Names(MemberRef member, string handle) =>
        string.Equals(member.Account, handle, StringComparison.OrdinalIgnoreCase) || string.Equals(member.Name, handle, StringComparison.OrdinalIgnoreCase);
}
