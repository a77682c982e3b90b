namespace MailHub.Mail.Mime;

/// <summary>
/// An angle-addr whose local part holds blanks ("&lt;sending_domain.tld postmaster@sending_domain.tld&gt;"): MimeKit
/// reads no mailbox from the whole field, so the sender disappears. Other readers keep the words as one quoted local
/// part (RFC 5322 §3.4.1 quoted-string); we quote them and let MimeKit read the field again.
/// </summary>
internal static class SpacedAddrSpec
{
    /// <summary>The field with each such local part quoted, or null when there is none.</summary>
    public static string? Quote(string value)
    {
        string? result = null;
        var from = 0;
        while (value.IndexOf('<', from) is var open and >= 0 && value.IndexOf('>', open) is var close and > 0)
        {
            var inner = value[(open + 1)..close];
            var at = inner.LastIndexOf('@');
            var local = at > 0 ? inner[..at].Trim() : "";
            if (local.Length > 0 && !local.Contains('"', StringComparison.Ordinal) && local.AsSpan().IndexOfAny(' ', '\t') >= 0)
            {
                var quoted = "\"" + string.Join(' ', local.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) + "\"" + inner[at..].Trim();
                result = (result ?? value).Replace("<" + inner + ">", "<" + quoted + ">", StringComparison.Ordinal);
            }
            from = close;
        }
        return result;
    }
}
