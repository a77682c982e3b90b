using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>Content-Type and Content-Disposition fields with their parameters (RFC 2045 §5.1, RFC 2183).</summary>
internal static class ContentHeaders
{
    // Past this a plain quoted value would crowd its line; RFC 2231 continuations fold instead.
    private const int LongestPlainValue = 60;

    /// <summary>Parameters such as charset, boundary or type are written as tokens when they can be, else quoted.</summary>
    public static string ContentType(string mediaType, IEnumerable<(string Name, string Value)> parameters, string? fileName, bool utf8Headers)
    {
        var tokens = new List<HeaderToken>();
        var list = parameters.ToList();
        tokens.Add(HeaderToken.Literal(mediaType + (list.Count > 0 || fileName is not null ? ";" : string.Empty)));
        for (var i = 0; i < list.Count; i++)
        {
            var suffix = i < list.Count - 1 || fileName is not null ? ";" : string.Empty;
            tokens.Add(HeaderToken.Literal($"{list[i].Name}={TokenOrQuoted(list[i].Value)}{suffix}"));
        }

        if (fileName is not null)
        {
            // Outlook and other old readers ignore RFC 2231 and read name="=?utf-8?...?=" instead (not standard, universal).
            tokens.Add(IsPlain(fileName, utf8Headers)
                ? HeaderToken.Literal($"name={AddressFormatter.Quote(fileName)}")
                : HeaderToken.Encoded(fileName, prefix: "name=\"", suffix: "\""));
        }

        return HeaderFolder.Fold("Content-Type", tokens);
    }

    public static string ContentDisposition(string disposition, string? fileName, bool utf8Headers)
    {
        var tokens = new List<HeaderToken> { HeaderToken.Literal(disposition + (fileName is null ? string.Empty : ";")) };
        if (fileName is not null)
        {
            if (IsPlain(fileName, utf8Headers))
            {
                tokens.Add(HeaderToken.Literal($"filename={AddressFormatter.Quote(fileName)}"));
            }
            else
            {
                tokens.AddRange(Rfc2231Encoder.Tokens("filename", fileName, string.Empty));
            }
        }

        return HeaderFolder.Fold("Content-Disposition", tokens);
    }

    private static bool IsPlain(string value, bool utf8Headers) =>
        Encoding.UTF8.GetByteCount(value) <= LongestPlainValue
        && value.All(c => !char.IsControl(c) && (utf8Headers || c <= '~'))
        && !(value.Contains("=?", StringComparison.Ordinal) && value.Contains("?=", StringComparison.Ordinal));

    private static string TokenOrQuoted(string value) =>
        value.Length > 0 && value.All(c => c is > ' ' and <= '~' && !"()<>@,;:\\\"/[]?=".Contains(c, StringComparison.Ordinal))
            ? value
            : AddressFormatter.Quote(value);
}
