using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>A text/plain or text/html body in UTF-8, line ends made CRLF, transfer encoding chosen by content.</summary>
internal sealed class TextEntity : MimeEntity
{
    private readonly string subtype;
    private readonly byte[] utf8;

    public TextEntity(string subtype, string text, bool eightBitAllowed)
    {
        this.subtype = subtype;
        utf8 = Encoding.UTF8.GetBytes(NormalizeLineEnds(text));
        Transfer = TransferEncodings.ChooseForText(utf8, eightBitAllowed);
    }

    public TransferEncoding Transfer { get; }

    /// <summary>True when the body goes out as written, so a boundary must not occur in it.</summary>
    public bool IsUnencoded => Transfer is TransferEncoding.SevenBit or TransferEncoding.EightBit;

    public bool Contains(string boundary) =>
        IsUnencoded && utf8.AsSpan().IndexOf(Encoding.ASCII.GetBytes("--" + boundary)) >= 0;

    public override async ValueTask WriteAsync(MimeOutput output, CancellationToken cancellationToken)
    {
        output.Write(ContentHeaders.ContentType("text/" + subtype, [("charset", "utf-8")], fileName: null, utf8Headers: false));
        output.Write($"Content-Transfer-Encoding: {Transfer.Name()}\r\n\r\n");
        switch (Transfer)
        {
            case TransferEncoding.QuotedPrintable:
                output.Write(QuotedPrintableEncoder.Encode(utf8));
                break;
            case TransferEncoding.Base64:
                var base64 = new Base64LineWriter(output);
                base64.Write(utf8);
                base64.Complete();
                break;
            default:
                output.Write(utf8);
                break;
        }

        await output.FlushIfFullAsync(cancellationToken);
    }

    private static string NormalizeLineEnds(string text) =>
        text.ReplaceLineEndings("\r\n");
}
