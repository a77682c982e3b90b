namespace MailHub.Mail.Mime;

/// <summary>Message-ID, In-Reply-To, References and Content-ID values (RFC 5322 §3.6.4), read leniently.</summary>
public static class MessageIds
{
    /// <summary>The text inside the first &lt;...&gt;, else the trimmed value; null when empty.</summary>
    public static string? Single(ReadOnlyMemory<byte>? raw)
    {
        if (raw is not { } value)
            return null;
        var text = HeaderText.DecodeRaw(value.Span).Trim();
        var open = text.IndexOf('<', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.IndexOf('>', open + 1);
            if (close > open)
                text = text[(open + 1)..close].Trim();
            else
                text = text[(open + 1)..].Trim();
        }
        return text.Length == 0 ? null : text;
    }

    /// <summary>Every &lt;...&gt; token with brackets removed, junk between ignored; a value with no brackets gives its words.</summary>
    public static IReadOnlyList<string> List(ReadOnlyMemory<byte>? raw)
    {
        if (raw is not { } value)
            return [];
        var text = HeaderText.DecodeRaw(value.Span);
        var list = new List<string>();
        var i = 0;
        while (true)
        {
            var open = text.IndexOf('<', i);
            if (open < 0)
                break;
            var close = text.IndexOf('>', open + 1);
            if (close < 0)
                break;
            var id = text[(open + 1)..close].Trim();
            if (id.Length > 0)
                list.Add(id);
            i = close + 1;
        }
        if (list.Count == 0 && text.IndexOf('<', StringComparison.Ordinal) < 0)
            list.AddRange(text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries));
        return list;
    }
}
