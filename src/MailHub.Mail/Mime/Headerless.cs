using MimeKit;

namespace MailHub.Mail.Mime;

/// <summary>Mail MimeKit cannot read as a message (no header section): one text/plain part holding all of it.</summary>
internal static class Headerless
{
    public static MimeMessage Read(Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var text = RawText.Decode(copy.GetBuffer().AsSpan(0, (int)copy.Length), MailEncodings.GB18030);
        var message = new MimeMessage();
        message.Headers.Clear(); // no invented Date or Message-ID
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }
}
