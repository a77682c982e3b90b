namespace MailHub.People.Http;

internal static class SqlText
{
    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, with its wildcards taken literally.</summary>
    public static string Contains(string text) => "%" + Escape(text) + "%";

    /// <summary>A LIKE pattern matching values that start with <paramref name="text"/>.</summary>
    public static string StartsWith(string text) => Escape(text) + "%";

    private static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>Null for blank input, else the trimmed text.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
