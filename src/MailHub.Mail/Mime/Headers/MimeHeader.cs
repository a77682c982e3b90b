namespace MailHub.Mail.Mime;

/// <summary>One header field as received: the name as written and the raw value bytes after the colon (folding kept).</summary>
public sealed class MimeHeader(string name, byte[] rawValue)
{
    public string Name { get; } = name;

    public ReadOnlyMemory<byte> RawValue { get; } = rawValue;

    /// <summary>The raw value unfolded, each byte one char (what was on the wire, for debugging).</summary>
    public string RawText => HeaderText.Latin1Unfolded(RawValue.Span);

    public override string ToString() => Name + ":" + RawText;
}
