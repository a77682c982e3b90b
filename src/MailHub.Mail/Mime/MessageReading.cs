using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MimeKit;
using MimeKit.Utils;

namespace MailHub.Mail.Mime;

/// <summary>A mailbox as the corpus schema writes it: the decoded display name (or null) and the addr-spec.</summary>
public sealed record AddressReading(string? Name, string Address)
{
    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";
}

/// <summary>One attachment as the corpus schema describes it.</summary>
public sealed record AttachmentReading(string? FileName, string ContentType, long? Size, string? Sha256, string? ContentId, bool Inline);

/// <summary>
/// What a person reading the message sees, in exactly the shape of the MIME corpus's expected readings
/// (shared/mime-corpus/README.md): `mailhub parse --jsonl`, the inbound and sandbox detail endpoints print it and the
/// corpus tests compare it.
/// </summary>
public sealed record MessageReading(
    string? MessageId,
    IReadOnlyList<string> InReplyTo,
    IReadOnlyList<string> References,
    string? Subject,
    string? Date,
    IReadOnlyList<AddressReading> From,
    IReadOnlyList<AddressReading> To,
    IReadOnlyList<AddressReading> Cc,
    IReadOnlyList<AddressReading> ReplyTo,
    string? Text,
    string? Html,
    IReadOnlyList<AttachmentReading> Attachments)
{
    public static MessageReading Of(LoadedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = mail.Message;
        var headers = message.Headers;
        return new MessageReading(
            message.MessageId,
            ThreadIds.InReplyTo(message),
            ThreadIds.References(message),
            FirstSubject(headers),
            mail.Date is { } d ? d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null,
            Addresses(headers, HeaderId.From, message.From),
            Addresses(headers, HeaderId.To, message.To),
            Addresses(headers, HeaderId.Cc, message.Cc),
            Addresses(headers, HeaderId.ReplyTo, message.ReplyTo),
            mail.TextBody,
            mail.HtmlBody,
            [.. mail.Attachments.Select(Attachment)]);
    }

    private static AttachmentReading Attachment(MimeEntity entity)
    {
        var (size, sha256) = PartContent.Measure(entity);
        return new AttachmentReading(PartContent.FileName(entity), PartContent.MediaType(entity), size, sha256,
            PartContent.ContentId(entity), entity.ContentDisposition?.Disposition.Equals(ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>The first Subject, decoded and unfolded, trailing blanks kept (MimeKit's Subject trims them).</summary>
    private static string? FirstSubject(HeaderList headers)
    {
        var index = headers.IndexOf(HeaderId.Subject);
        if (index < 0)
            return null;
        var text = Rfc2047.DecodeText(ParserOptions.Default, headers[index].RawValue);
        return text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).TrimStart();
    }

    /// <summary>Every mailbox of the first such field (MimeKit's lists join all of them), group members included.</summary>
    private static List<AddressReading> Addresses(HeaderList headers, HeaderId id, InternetAddressList all)
    {
        var first = headers.IndexOf(id);
        var list = first >= 0 && headers.LastIndexOf(id) != first && InternetAddressList.TryParse(headers[first].RawValue, out var parsed) ? parsed : all;
        if (first >= 0 && !list.Mailboxes.Any() && SpacedAddrSpec.Quote(headers[first].Value) is { } quoted && InternetAddressList.TryParse(quoted, out var requoted))
            list = requoted;
        return [.. list.Mailboxes.Select(m => new AddressReading(string.IsNullOrEmpty(m.Name) ? null : m.Name, m.Address))];
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

    private static void WriteAddresses(Utf8JsonWriter writer, string name, IReadOnlyList<AddressReading> values)
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
