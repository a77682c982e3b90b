using System.Text;
using System.Text.Unicode;
using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>
/// Raw 8-bit header values (RFC 6532 allows UTF-8; Chinese mailers write GBK or Big5). MimeKit splits such a value
/// into runs at ASCII bytes and decodes each run alone, so a GBK character whose second byte is ASCII (镕 is E9 46)
/// breaks, and the body's declared charset is never tried. We decode the whole value (UTF-8 when valid, else the
/// first text part's charset, else GB18030) and give MimeKit its UTF-8 bytes, which it reads right; encoded words
/// (RFC 2047) in the value stay for MimeKit to decode.
/// </summary>
internal static class RawHeaders
{
    public static void Repair(MimeMessage message, MailReadOptions options, List<string> problems)
    {
        Encoding? fallback = null;
        Repair(message.Headers, message, options, problems, ref fallback);
        if (message.Body is { } body)
            RepairEntity(body, message, options, problems, ref fallback);
    }

    /// <summary>The charset raw 8-bit text of this message is read with when it is not UTF-8.</summary>
    public static Encoding FallbackOf(MimeMessage message)
    {
        foreach (var part in BodySelection.Leaves(message.Body))
        {
            if (part is TextPart && EncodingOf(part.ContentType) is { } encoding)
                return encoding;
        }
        return MailEncodings.GB18030;
    }

    /// <summary>The encoding a charset parameter names; null when unknown or us-ascii (mail labelled us-ascii often holds 8-bit text).</summary>
    public static Encoding? EncodingOf(ContentType type) =>
        type.CharsetEncoding is { CodePage: not 20127 } encoding ? encoding : null;

    private static void RepairEntity(MimeEntity entity, MimeMessage message, MailReadOptions options, List<string> problems, ref Encoding? fallback)
    {
        Repair(entity.Headers, message, options, problems, ref fallback);
        if (entity is Multipart multipart)
        {
            foreach (var child in multipart)
                RepairEntity(child, message, options, problems, ref fallback);
        }
    }

    private static void Repair(HeaderList headers, MimeMessage message, MailReadOptions options, List<string> problems, ref Encoding? fallback)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var raw = header.RawValue;
            if (raw.Length > options.MaxHeaderLength)
            {
                problems.Add($"the {header.Field} field is longer than {options.MaxHeaderLength} bytes and was cut");
                raw = [.. raw.AsSpan(0, options.MaxHeaderLength), (byte)'\n'];
                header.SetRawValue(raw);
            }
            if (EncodedWordPadding.Repad(raw) is { } repadded)
            {
                raw = repadded;
                header.SetRawValue(raw);
            }
            if (Ascii.IsValid(raw) || Utf8.IsValid(raw))
                continue;
            fallback ??= FallbackOf(message);
            header.SetRawValue(Encoding.UTF8.GetBytes(RawText.GetString(fallback, raw)));
        }
    }
}
