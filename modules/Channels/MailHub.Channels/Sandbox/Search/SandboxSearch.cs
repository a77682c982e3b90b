using System.Globalization;
using System.Text;

namespace MailHub.Channels.Sandbox.Search;

/// <summary>One term of a search: a field (null for plain words), its value, and whether it is negated ("!" or "-").</summary>
internal sealed record SearchTerm(string? Field, string Value, bool Not);

/// <summary>
/// The search syntax QA knows from Mailpit, over captured mail: words (sender, recipients or subject contain them) and
/// <c>from:</c>, <c>to:</c>, <c>subject:</c>, <c>message-id:</c>, <c>tag:</c>, <c>has:attachment</c>, <c>before:</c>,
/// <c>after:</c> (a date, 2026-12-07, or a time, 2026-12-07T10:00:00Z), <c>is:read</c> / <c>is:unread</c>, each negated
/// with a leading <c>!</c> (or <c>-</c>), values with spaces in double quotes (<c>subject:"order 4711"</c>). Every term must
/// hold (AND). An unknown field is read as words, as Mailpit does.
/// </summary>
internal static class SandboxSearch
{
    public static readonly string[] Fields = ["from", "to", "subject", "message-id", "tag", "has", "before", "after", "is"];

    public static IReadOnlyList<SearchTerm> Parse(string? q)
    {
        var terms = new List<SearchTerm>();
        if (string.IsNullOrWhiteSpace(q))
            return terms;
        foreach (var token in Tokens(q))
        {
            var text = token;
            var not = false;
            if (text.Length > 1 && text[0] is '!' or '-')
            {
                not = true;
                text = text[1..];
            }
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var field = colon > 0 ? text[..colon].ToLowerInvariant() : null;
            if (field is not null && Fields.Contains(field) && colon + 1 < text.Length)
                terms.Add(new SearchTerm(field, Unquote(text[(colon + 1)..]), not));
            else
                terms.Add(new SearchTerm(null, Unquote(text), not));
        }
        return terms;
    }

    /// <summary>Adds one SQL condition per term to <paramref name="filter"/> (parameters numbered after those already there).</summary>
    /// <returns>Null, or what is wrong with a term (a date that does not read, has: or is: of something unknown).</returns>
    /// <param name="timeColumn">What before: and after: compare (captured_at, received_at).</param>
    /// <param name="captured">False for received mail, which has no tags, read state or attachment flag: tag:, has: and is: are refused.</param>
    public static string? Build(IReadOnlyList<SearchTerm> terms, List<string> filter, List<object> parameters, string timeColumn = "captured_at",
        bool captured = true)
    {
        foreach (var term in terms)
        {
            if (!captured && term.Field is "tag" or "has" or "is")
                return $"{term.Field}: searches captured mail only (GET /api/sandbox/messages); received mail takes words, from:, to:, subject:, message-id:, before: and after:.";
            string? condition;
            switch (term.Field)
            {
                case null:
                    parameters.Add(Contains(term.Value));
                    condition = $"(EXISTS (SELECT 1 FROM unnest(rcpt_to) AS r WHERE r ILIKE ${parameters.Count}) OR coalesce(header_to, '') ILIKE ${parameters.Count} "
                        + $"OR mail_from ILIKE ${parameters.Count} OR coalesce(header_from, '') ILIKE ${parameters.Count} OR coalesce(subject, '') ILIKE ${parameters.Count})";
                    break;
                case "from":
                    parameters.Add(Contains(term.Value));
                    condition = $"(mail_from ILIKE ${parameters.Count} OR coalesce(header_from, '') ILIKE ${parameters.Count})";
                    break;
                case "to":
                    parameters.Add(Contains(term.Value));
                    condition = $"(EXISTS (SELECT 1 FROM unnest(rcpt_to) AS r WHERE r ILIKE ${parameters.Count}) OR coalesce(header_to, '') ILIKE ${parameters.Count})";
                    break;
                case "subject":
                    parameters.Add(Contains(term.Value));
                    condition = $"coalesce(subject, '') ILIKE ${parameters.Count}";
                    break;
                case "message-id":
                    parameters.Add(term.Value.Trim().Trim('<', '>'));
                    condition = $"coalesce(message_id, '') = ${parameters.Count}";
                    break;
                case "tag":
                    parameters.Add(term.Value.Trim().ToLowerInvariant());
                    condition = $"${parameters.Count} = ANY(tags)";
                    break;
                case "has":
                    if (!term.Value.Equals("attachment", StringComparison.OrdinalIgnoreCase) && !term.Value.Equals("attachments", StringComparison.OrdinalIgnoreCase))
                        return $"has:{term.Value} is not a search: has:attachment is.";
                    condition = "has_attachments";
                    break;
                case "is":
                    condition = term.Value.ToLowerInvariant() switch
                    {
                        "read" => "read_at IS NOT NULL",
                        "unread" => "read_at IS NULL",
                        _ => null,
                    };
                    if (condition is null)
                        return $"is:{term.Value} is not a search: is:read and is:unread are.";
                    break;
                default: // before, after
                    if (!TryTime(term.Value, out var time, out var dateOnly))
                        return $"{term.Field}:{term.Value} is not a date: write {term.Field}:2026-12-07 or {term.Field}:2026-12-07T10:00:00Z.";
                    // after: a day means from the day after it; before: up to the start of that day (Mailpit's reading).
                    parameters.Add(term.Field == "after" && dateOnly ? time.AddDays(1) : time);
                    condition = term.Field == "before" ? $"{timeColumn} < ${parameters.Count}" : $"{timeColumn} >= ${parameters.Count}";
                    break;
            }
            filter.Add(term.Not ? $"NOT ({condition})" : condition);
        }
        return null;
    }

    private static bool TryTime(string text, out DateTimeOffset time, out bool dateOnly)
    {
        dateOnly = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        if (dateOnly)
        {
            time = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>Splits on spaces outside double quotes: <c>subject:"a b" !tag:x</c> is two tokens.</summary>
    private static IEnumerable<string> Tokens(string q)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in q)
        {
            if (c == '"')
                quoted = !quoted;
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                    yield return current.ToString();
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0)
            yield return current.ToString();
    }

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value.Replace("\"", "", StringComparison.Ordinal);

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

    /// <summary>
    /// Tags a capture gets when it is stored: each recipient's plus-address tag (qa+checkout@... → "checkout") and the
    /// comma-separated words of an X-Tags header, lowercase, without duplicates.
    /// </summary>
    public static string[] TagsOf(IReadOnlyList<string> recipients, string? xTags)
    {
        var tags = new List<string>();
        foreach (var recipient in recipients)
        {
            var at = recipient.LastIndexOf('@');
            var plus = at > 0 ? recipient.IndexOf('+', 0, at) : -1;
            if (plus > 0 && plus + 1 < at)
                tags.Add(recipient[(plus + 1)..at]);
        }
        if (!string.IsNullOrWhiteSpace(xTags))
            tags.AddRange(xTags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return [.. tags.Select(Normalize).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    public static string Normalize(string tag) => tag.Trim().ToLowerInvariant() is var t && t.Length > 100 ? t[..100] : tag.Trim().ToLowerInvariant();
}

/// <summary>A search the syntax cannot read; the message says how to write it.</summary>
internal sealed class SandboxSearchException(string message) : Exception(message);
