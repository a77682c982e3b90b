namespace MailHub.Mail.Tests.Mime.Corpus;

/// <summary>Finds shared/mime-corpus and this test project's sources by walking up from the test assembly.</summary>
internal static class CorpusFiles
{
    private static readonly Lazy<string?> CorpusRoot = new(() => FindUp(Path.Combine("shared", "mime-corpus")));

    public static string Root => CorpusRoot.Value
        ?? throw new DirectoryNotFoundException("shared/mime-corpus not found in any folder above " + AppContext.BaseDirectory);

    public static string Synthetic => Path.Combine(Root, "synthetic");

    public static string Real => Path.Combine(Root, "real");

    /// <summary>The deviations list, read from the sources (tests/MailHub.Mail.Tests/Mime/corpus-deviations.tsv).</summary>
    public static string DeviationsFile =>
        Path.Combine(FindUp(Path.Combine("tests", "MailHub.Mail.Tests", "Mime")) ?? throw new DirectoryNotFoundException("test sources not found"),
            "tests", "MailHub.Mail.Tests", "Mime", "corpus-deviations.tsv");

    /// <summary>Relative names like "real/cpython/msg_01.eml".</summary>
    public static IEnumerable<string> Messages(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.eml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, relative)))
                return relative.StartsWith("tests", StringComparison.Ordinal) ? dir.FullName : Path.Combine(dir.FullName, relative);
        }
        return null;
    }
}
