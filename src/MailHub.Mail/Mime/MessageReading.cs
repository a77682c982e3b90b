using System.Text.Encodings.Web;
using System.Text.Json;

namespace MailHub.Mail.Mime;

/// <summary>One attachment as the corpus schema describes it.</summary>
public sealed record AttachmentReading(string? FileName, string ContentType, long? Size, string? Sha256, string? ContentId, bool Inline);

/// <summary>
/// What a person reading the message sees, in exactly the shape of the MIME corpus's expected readings
/// (shared/mime-corpus/README.md): the CLI prints it and the corpus tests compare it.
/// </summary>
public sealed record MessageReading(
    string? MessageId,
    IReadOnlyList<string> InReplyTo,
    IReadOnlyList<string> References,
    string? Subject,
    string? Date,
    IReadOnlyList<MailboxAddress> From,
    IReadOnlyList<MailboxAddress> To,
    IReadOnlyList<MailboxAddress> Cc,
    IReadOnlyList<MailboxAddress> ReplyTo,
    string? Text,
    string? Html,
    IReadOnlyList<AttachmentReading> Attachments)
{
    public static MessageReading Of(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var date = message.Date;
        return new MessageReading(
            message.MessageId,
            message.InReplyTo,
            message.References,
            message.Subject,
            date is { } d ? MailDate.Format(d) : null,
            message.From,
            message.To,
            message.Cc,
            message.ReplyTo,
            message.TextBody,
            message.HtmlBody,
            [.. message.Attachments.Select(a => new AttachmentReading(a.FileName, a.ContentType, a.Size, a.Sha256, a.ContentId, a.Inline))]);
    }

    /// <summary>Relaxed escaping so that Chinese and other text prints as itself.</summary>
    public static JsonWriterOptions JsonOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the properties of the reading (without the enclosing braces) in the README's order.</summary>
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("messageId", MessageId);
        WriteStrings(writer, "inReplyTo", InReplyTo);
        WriteStrings(writer, "references", References);
        writer.WriteString("subject", Subject);
        writer.WriteString("date", Date);
        WriteAddresses(writer, "from", From);
        WriteAddresses(writer, "to", To);
        WriteAddresses(writer, "cc", Cc);
        WriteAddresses(writer, "replyTo", ReplyTo);
        writer.WriteString("text", Text);
        writer.WriteString("html", Html);
        writer.WriteStartArray("attachments");
        foreach (var a in Attachments)
        {
            writer.WriteStartObject();
            writer.WriteString("fileName", a.FileName);
            writer.WriteString("contentType", a.ContentType);
            if (a.Size is { } size)
                writer.WriteNumber("size", size);
            else
                writer.WriteNull("size");
            writer.WriteString("sha256", a.Sha256);
            writer.WriteString("contentId", a.ContentId);
            writer.WriteBoolean("inline", a.Inline);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The reading as one line of JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            WriteProperties(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
            writer.WriteStringValue(v);
        writer.WriteEndArray();
    }

    private static void WriteAddresses(Utf8JsonWriter writer, string name, IReadOnlyList<MailboxAddress> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStartObject();
            writer.WriteString("name", v.Name);
            writer.WriteString("address", v.Address);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
