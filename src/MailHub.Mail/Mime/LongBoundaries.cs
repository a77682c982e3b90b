using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// A boundary longer than a line may be (RFC 2046 §5.1.1 allows 70 characters, RFC 5322 §2.1.1 lines of 998): MimeKit
/// reads a line in pieces of its read buffer and never compares a delimiter line that long whole, so the parts read
/// empty. Other readers (Python's email, ours before MimeKit) split such a multipart as usual; we rename the boundary
/// to a short one, in the parameter and on each delimiter line, and read the message again. Blanks at the end of the
/// parameter are dropped as <see cref="BlankBoundaries"/> does: delimiter lines match with or without them.
/// </summary>
internal static class LongBoundaries
{
    public const int MaxLength = 998;

    public const string Problem = "a boundary parameter is longer than a line may be (RFC 2046 §5.1.1 allows 70 characters); it was shortened";

    public static bool IsTooLong(string? boundary) => boundary is { Length: > MaxLength };

    /// <summary>Adds the edits renaming <paramref name="boundary"/> to a short name not found in the message nor in <paramref name="names"/> (given to others).</summary>
    public static void Rename(string boundary, Stream content, long start, List<ByteEdit> edits, HashSet<string> names)
    {
        content.Position = start;
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        var written = Encoding.UTF8.GetBytes(boundary);
        var trimmed = Encoding.UTF8.GetBytes(boundary.TrimEnd(' ', '\t'));
        var name = ShortName(bytes, names);
        for (var i = bytes.IndexOf(trimmed); i >= 0;)
        {
            var before = bytes[..i];
            if (before.EndsWith("\""u8) && bytes[i..].StartsWith([.. written, (byte)'"']))
            {
                edits.Add(new ByteEdit(start + i, written.Length, name)); // the quoted parameter, blanks and all
            }
            else if (before.EndsWith("="u8) || IsDelimiterStart(before))
            {
                edits.Add(new ByteEdit(start + i, trimmed.Length, name)); // a token parameter, or "--" at a line start
            }

            var next = bytes[(i + trimmed.Length)..].IndexOf(trimmed);
            i = next < 0 ? -1 : i + trimmed.Length + next;
        }
    }

    private static bool IsDelimiterStart(ReadOnlySpan<byte> before) =>
        before.EndsWith("--"u8) && (before.Length == 2 || before[^3] == (byte)'\n');

    private static byte[] ShortName(ReadOnlySpan<byte> bytes, HashSet<string> names)
    {
        for (var n = 1; ; n++)
        {
            var name = $"mailhub-long-boundary-{n}";
            if (!names.Contains(name) && bytes.IndexOf(Encoding.ASCII.GetBytes(name)) < 0)
            {
                names.Add(name);
                return Encoding.ASCII.GetBytes(name);
            }
        }
    }
}
