using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// A part whose header runs into its body with no blank line ("Content-Type: text/plain" then "bar", RFC 2045 §3
/// wants the blank line): MimeKit keeps the body's first line as an invalid header field and reads the part empty.
/// Other readers (and ours before MimeKit) start the body at the first line that is no field; we put the blank line
/// there and read the message again. The top-level header is <see cref="HeaderSection"/>'s.
/// </summary>
internal static class PartHeaderBreaks
{
    public const string Problem = "no blank line after a part's header: its body starts at the first line that is no header field";

    /// <summary>Adds an edit inserting a line break before the first line of each part's header that is no field.</summary>
    public static bool Find(MimeEntity entity, Stream content, List<ByteEdit> edits)
    {
        var found = false;
        foreach (var header in entity.Headers)
        {
            // MimeKit keeps a line that is no field as a header whose "field" is the whole line and whose value is empty.
            if (header.RawValue.Length == 0 && header.Offset is { } offset)
            {
                edits.Add(new ByteEdit(offset, 0, ByteEdits.LineBreakBefore(content, offset)));
                found = true;
                break;
            }
        }
        return found;
    }
}
