using System.Text.RegularExpressions;

namespace MailHub.Mail.Mime.Writing;

/// <summary>In-Reply-To and References that keep a reply in its thread (RFC 5322 §3.6.4).</summary>
/// <param name="InReplyTo">The original's Message-ID.</param>
/// <param name="References">The original's References followed by its Message-ID, trimmed to at most <see cref="MaxReferences"/> ids.</param>
public sealed partial record ReplyHeaders(string InReplyTo, IReadOnlyList<string> References)
{
    /// <summary>Long threads keep the first id (the thread root) and the most recent ones.</summary>
    public const int MaxReferences = 20;

    // An id this long cannot share a folded line with anything; it is junk, not a thread link.
    private const int MaxIdLength = 500;

    public static ReplyHeaders For(string originalMessageId, string? originalReferences)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(originalMessageId);
        var messageId = MessageIds.Normalize(originalMessageId);
        var ids = ParseIds(originalReferences)
            .Where(id => !string.Equals(id, messageId, StringComparison.Ordinal))
            .Append(messageId)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        if (ids.Count > MaxReferences)
        {
            ids = [ids[0], .. ids[^(MaxReferences - 1)..]];
        }

        return new ReplyHeaders(messageId, ids);
    }

    /// <summary>Sets <see cref="MessageBuilder.InReplyTo"/> and <see cref="MessageBuilder.References"/>.</summary>
    public void ApplyTo(MessageBuilder message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.InReplyTo = InReplyTo;
        message.References.Clear();
        foreach (var id in References)
        {
            message.References.Add(id);
        }
    }

    private static IEnumerable<string> ParseIds(string? references)
    {
        if (string.IsNullOrWhiteSpace(references))
        {
            yield break;
        }

        // Ids are normally <...>; some clients drop the brackets or separate ids with commas.
        foreach (Match match in IdToken().Matches(references))
        {
            var id = match.Value.Trim(',');
            if (id.Length is > 2 and <= MaxIdLength && id.Contains('@', StringComparison.Ordinal))
            {
                yield return id.StartsWith('<') ? id : $"<{id}>";
            }
        }
    }

    [GeneratedRegex(@"<[^<>\s]*>|[^<>\s,]+")]
    private static partial Regex IdToken();
}
