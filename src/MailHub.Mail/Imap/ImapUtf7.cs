using System.Text;

namespace MailHub.Mail.Imap;

/// <summary>Modified UTF-7 for folder names (RFC 3501 §5.1.3): "已发送" ⇄ "&XfJT0ZAB-".</summary>
public static class ImapUtf7
{
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (c is >= ' ' and <= '~')
            {
                sb.Append(c == '&' ? "&-" : c.ToString());
                i++;
                continue;
            }
            var start = i;
            while (i < name.Length && name[i] is < ' ' or > '~')
                i++;
            var bytes = Encoding.BigEndianUnicode.GetBytes(name[start..i]);
            sb.Append('&').Append(Convert.ToBase64String(bytes).TrimEnd('=').Replace('/', ',')).Append('-');
        }
        return sb.ToString();
    }

    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.Contains('&', StringComparison.Ordinal))
            return encoded;
        var sb = new StringBuilder(encoded.Length);
        var i = 0;
        while (i < encoded.Length)
        {
            var c = encoded[i++];
            if (c != '&')
            {
                sb.Append(c);
                continue;
            }
            var end = encoded.IndexOf('-', i);
            if (end < 0)
            {
                // Not valid modified UTF-7: keep the text as it is.
                sb.Append(encoded, i - 1, encoded.Length - i + 1);
                break;
            }
            if (end == i)
            {
                sb.Append('&');
            }
            else
            {
                var b64 = encoded[i..end].Replace(',', '/');
                b64 = b64.PadRight((b64.Length + 3) / 4 * 4, '=');
                try
                {
                    sb.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(b64)));
                }
                catch (FormatException)
                {
                    sb.Append(encoded, i - 1, end - i + 2);
                }
            }
            i = end + 1;
        }
        return sb.ToString();
    }
}
