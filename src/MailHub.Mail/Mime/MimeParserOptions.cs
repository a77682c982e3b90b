namespace MailHub.Mail.Mime;

/// <summary>Limits and leniency of the parser. The defaults read anything real mail throws at them without throwing.</summary>
public sealed record MimeParserOptions
{
    public static MimeParserOptions Default { get; } = new();

    /// <summary>Multiparts nested deeper than this are kept as leaves.</summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>A header field longer than this (folded lines included) is cut; the rest is dropped with a warning.</summary>
    public int MaxHeaderLength { get; init; } = 256 * 1024;

    /// <summary>Header fields per entity beyond this are dropped with a warning.</summary>
    public int MaxHeaderCount { get; init; } = 2000;

    /// <summary>A line longer than this is read as several lines (bodies lose nothing; a header loses the rest).</summary>
    public int MaxLineLength { get; init; } = 1024 * 1024;

    /// <summary>Decoded part content up to this size stays in memory; larger content goes to a temporary file.</summary>
    public int MaxContentInMemory { get; init; } = 1024 * 1024;

    /// <summary>Where temporary files for large content go; null for the system temp folder.</summary>
    public string? TempDirectory { get; init; }
}
