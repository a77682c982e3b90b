namespace MailHub.Conversations.Domain;

/// <summary>Tags as agents type them: trimmed, each once (whatever its case), in the order given.</summary>
internal static class ConversationTags
{
    public const int MaxCount = 20;
    public const int MaxLength = 40;

    public static bool AreWellFormed(IReadOnlyList<string>? tags) =>
        tags is null || tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= MaxLength);

    public static IReadOnlyList<string> Normalize(IEnumerable<string> tags) =>
        [.. tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
}
