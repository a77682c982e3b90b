using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// A boundary parameter that ends in blanks (RFC 2046 §5.1.1 forbids it, mailers write it): MimeKit drops trailing
/// blanks from each line before comparing it with the boundary, so it never matches and the multipart has no parts.
/// Other readers drop the parameter's trailing blanks too (Python's get_boundary, ours before MimeKit); we do that in
/// the parameter and read the message again.
/// </summary>
internal static class BlankBoundaries
{
    public const string Problem = "a boundary parameter ends in blanks (RFC 2046 §5.1.1 forbids it); they were dropped";

    public static bool EndsInBlank(string? boundary) => boundary is { Length: > 0 } b && b[^1] is ' ' or '\t';

    /// <summary>Adds the edits dropping the blanks at the end of each quoted <paramref name="boundary"/> parameter value.</summary>
    public static void Trim(string boundary, Stream content, long start, List<ByteEdit> edits)
    {
        var written = Encoding.UTF8.GetBytes(boundary);
        var trimmed = Encoding.UTF8.GetBytes(boundary.TrimEnd(' ', '\t'));
        content.Position = start;
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        // A value ending in blanks is always quoted (RFC 2045 §5.1).
        byte[] quoted = [(byte)'"', .. written, (byte)'"'];
        for (var i = bytes.IndexOf(quoted); i >= 0;)
        {
            edits.Add(new ByteEdit(start + i + 1, written.Length, trimmed));
            var next = bytes[(i + 1)..].IndexOf(quoted);
            i = next < 0 ? -1 : i + 1 + next;
        }
    }
}
