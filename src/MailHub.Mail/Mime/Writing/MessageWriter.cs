using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>Writes a <see cref="MessageBuilder"/>: the RFC 5322 header section, then the MIME body tree.</summary>
internal static class MessageWriter
{
    public static async Task WriteAsync(MessageBuilder message, Stream stream, MimeWriteOptions options, CancellationToken cancellationToken)
    {
        var from = message.From
            ?? throw new InvalidOperationException("The message has no From address: set MessageBuilder.From to the mailbox it is sent from.");
        var utf8 = options.Utf8Headers;

        // Build the body first: a bad attachment or address should fail before anything reaches the stream.
        var body = BodyTree.Build(message, options);
        message.Date ??= options.TimeProvider.GetLocalNow();
        message.MessageId = MessageIds.Normalize(
            message.MessageId ?? (options.MessageIdFactory ?? MessageIds.New)(MessageIds.AsciiDomain(from.Domain)));

        var headers = new StringBuilder();
        headers.Append(HeaderFolder.Fold("From", AddressFormatter.Tokens([from], utf8)));
        AppendAddresses(headers, "To", message.To, utf8);
        AppendAddresses(headers, "Cc", message.Cc, utf8);
        AppendAddresses(headers, "Reply-To", message.ReplyTo, utf8);
        headers.Append(HeaderFolder.Fold("Subject", UnstructuredText.Tokens(message.Subject ?? string.Empty, utf8)));
        headers.Append(HeaderFolder.Fold("Date", [HeaderToken.Literal(RfcDate.Format(message.Date.Value))]));
        headers.Append(HeaderFolder.Fold("Message-ID", [HeaderToken.Literal(message.MessageId)]));
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            headers.Append(HeaderFolder.Fold("In-Reply-To", [HeaderToken.Literal(MessageIds.Normalize(message.InReplyTo))]));
        }

        if (message.References.Count > 0)
        {
            headers.Append(HeaderFolder.Fold("References", message.References.Select(id => HeaderToken.Literal(MessageIds.Normalize(id)))));
        }

        foreach (var header in message.Headers)
        {
            headers.Append(HeaderFolder.Fold(header.Name, UnstructuredText.Tokens(header.Value, utf8)));
        }

        headers.Append("MIME-Version: 1.0\r\n");

        var output = new MimeOutput(stream);
        output.Write(headers.ToString());
        await body.WriteAsync(output, cancellationToken);
        output.EnsureLineStart();
        await output.FlushAsync(cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static void AppendAddresses(StringBuilder headers, string name, IList<MailboxAddress> list, bool utf8)
    {
        if (list.Count > 0)
        {
            headers.Append(HeaderFolder.Fold(name, AddressFormatter.Tokens([.. list], utf8)));
        }
    }
}
