namespace MailHub.Mail.Mime;

/// <summary>Content-Transfer-Encoding (RFC 2045 §6), with the uuencode labels old mailers used.</summary>
public enum TransferEncoding
{
    /// <summary>7bit, 8bit, binary, absent or unknown: the bytes are the content.</summary>
    Identity,
    Base64,
    QuotedPrintable,
    UUEncode,
}

internal static class TransferEncodings
{
    public static TransferEncoding Parse(ReadOnlySpan<byte> raw)
    {
        var value = raw.Trim(" \t\r\n"u8);
        var semicolon = value.IndexOf((byte)';');
        if (semicolon >= 0)
            value = value[..semicolon].TrimEnd(" \t"u8);
        if (System.Text.Ascii.EqualsIgnoreCase(value, "base64"u8))
            return TransferEncoding.Base64;
        if (System.Text.Ascii.EqualsIgnoreCase(value, "quoted-printable"u8))
            return TransferEncoding.QuotedPrintable;
        if (System.Text.Ascii.EqualsIgnoreCase(value, "x-uuencode"u8) || System.Text.Ascii.EqualsIgnoreCase(value, "uuencode"u8)
            || System.Text.Ascii.EqualsIgnoreCase(value, "x-uue"u8) || System.Text.Ascii.EqualsIgnoreCase(value, "uue"u8))
            return TransferEncoding.UUEncode;
        return TransferEncoding.Identity;
    }
}
