using System.Text;

namespace MailHub.Channels.Listing;

/// <summary>
/// The WHERE clause shared by the inbound and sandbox message lists (same columns, same filters):
/// to, from and subject as substrings, q in any of the three, a time floor, a mailbox.
/// </summary>
internal static class MessageListFilter
{
    /// <param name="timeColumn">The column the list is ordered by (received_at, captured_at).</param>
    public static (List<string> Filter, List<object> Parameters) Build(
        string? to, string? from, string? subject, string? q, DateTimeOffset? since, Guid? mailbox, string timeColumn)
    {
        var filter = new List<string>();
        var parameters = new List<object>();
        if (!string.IsNullOrWhiteSpace(to))
        {
            parameters.Add(Contains(to));
            filter.Add($"(EXISTS (SELECT 1 FROM unnest(rcpt_to) AS r WHERE r ILIKE ${parameters.Count}) OR header_to ILIKE ${parameters.Count})");
        }
        if (!string.IsNullOrWhiteSpace(from))
        {
            parameters.Add(Contains(from));
            filter.Add($"(mail_from ILIKE ${parameters.Count} OR header_from ILIKE ${parameters.Count})");
        }
        if (!string.IsNullOrWhiteSpace(subject))
        {
            parameters.Add(Contains(subject));
            filter.Add($"subject ILIKE ${parameters.Count}");
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            parameters.Add(Contains(q));
            var p = parameters.Count;
            filter.Add($"(EXISTS (SELECT 1 FROM unnest(rcpt_to) AS r WHERE r ILIKE ${p}) OR header_to ILIKE ${p} OR mail_from ILIKE ${p} "
                + $"OR header_from ILIKE ${p} OR subject ILIKE ${p})");
        }
        if (since is { } floor)
        {
            parameters.Add(floor.ToUniversalTime());
            filter.Add($"{timeColumn} >= ${parameters.Count}");
        }
        if (mailbox is { } id)
        {
            parameters.Add(id);
            filter.Add($"mailbox_id = ${parameters.Count}");
        }
        return (filter, parameters);
    }

    public static string Where(List<string> filter) => filter.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filter);

    // A LIKE pattern that finds the text as it is: its own % _ and \ are escaped.
    private static string Contains(string text)
    {
        var escaped = new StringBuilder(text.Length + 2).Append('%');
        foreach (var c in text.Trim())
        {
            if (c is '%' or '_' or '\\')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.Append('%').ToString();
    }
}
