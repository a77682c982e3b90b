using System.Globalization;
using System.Text.Json;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime.Corpus;

/// <summary>One field where our reading and the expected one disagree.</summary>
public sealed record FieldDifference(string Field, string Expected, string Actual)
{
    public override string ToString() => $"{Field}:\n    expected {Expected}\n    actual   {Actual}";
}

/// <summary>Compares a reading with an .expected.json by the corpus README's comparison rules.</summary>
internal static class ReadingComparer
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<FieldDifference> Compare(JsonElement expected, MessageReading actual)
    {
        var differences = new List<FieldDifference>();
        void Check(string field, object? e, object? a)
        {
            var es = JsonSerializer.Serialize(e, Json);
            var @as = JsonSerializer.Serialize(a, Json);
            if (es != @as)
                differences.Add(new FieldDifference(field, es, @as));
        }
        Check("messageId", expected.GetProperty("messageId").GetString(), actual.MessageId);
        Check("inReplyTo", Strings(expected.GetProperty("inReplyTo")), actual.InReplyTo);
        Check("references", Strings(expected.GetProperty("references")), actual.References);
        Check("subject", expected.GetProperty("subject").GetString(), actual.Subject);
        Check("date", Instant(expected.GetProperty("date").GetString()), Instant(actual.Date));
        Check("from", Addresses(expected.GetProperty("from")), Addresses(actual.From));
        Check("to", Addresses(expected.GetProperty("to")), Addresses(actual.To));
        Check("cc", Addresses(expected.GetProperty("cc")), Addresses(actual.Cc));
        Check("replyTo", Addresses(expected.GetProperty("replyTo")), Addresses(actual.ReplyTo));
        Check("text", BodyText(expected.GetProperty("text").GetString()), BodyText(actual.Text));
        Check("html", BodyText(expected.GetProperty("html").GetString()), BodyText(actual.Html));
        var expectedAttachments = expected.GetProperty("attachments").EnumerateArray().ToList();
        var actualAttachments = actual.Attachments;
        var attachmentsExpected = new List<string>();
        var attachmentsActual = new List<string>();
        for (var i = 0; i < Math.Max(expectedAttachments.Count, actualAttachments.Count); i++)
        {
            var e = i < expectedAttachments.Count ? expectedAttachments[i] : (JsonElement?)null;
            var a = i < actualAttachments.Count ? actualAttachments[i] : null;
            // message/* bytes are the reference's re-serialization, and constructed readings leave size null:
            // compare type, name, id and disposition only.
            var typeOnly = (e is { } ee && (ee.GetProperty("contentType").GetString()!.StartsWith("message/", StringComparison.Ordinal)
                || ee.GetProperty("size").ValueKind == JsonValueKind.Null))
                || (a is not null && a.ContentType.StartsWith("message/", StringComparison.Ordinal));
            attachmentsExpected.Add(e is { } x ? Attachment(
                x.GetProperty("fileName").GetString(), x.GetProperty("contentType").GetString()!,
                typeOnly ? null : x.GetProperty("size").GetInt64(), typeOnly ? null : x.GetProperty("sha256").GetString(),
                x.GetProperty("contentId").GetString(), x.GetProperty("inline").GetBoolean()) : "(none)");
            attachmentsActual.Add(a is not null ? Attachment(a.FileName, a.ContentType, typeOnly ? null : a.Size, typeOnly ? null : a.Sha256, a.ContentId, a.Inline) : "(none)");
        }
        Check("attachments", attachmentsExpected, attachmentsActual);
        return differences;
    }

    private static string Attachment(string? fileName, string contentType, long? size, string? sha256, string? contentId, bool inline) =>
        $"{contentType} name={fileName ?? "null"} size={size?.ToString(CultureInfo.InvariantCulture) ?? "-"} sha256={sha256 ?? "-"} cid={contentId ?? "null"} inline={inline}";

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Addresses compare case-insensitively and as sets.</summary>
    private static List<string> Addresses(JsonElement array) =>
        Addresses(array.EnumerateArray().Select(e => new AddressReading(e.GetProperty("name").GetString(), e.GetProperty("address").GetString()!)));

    private static List<string> Addresses(IEnumerable<AddressReading> list) =>
        [.. list.Select(a => $"{(string.IsNullOrEmpty(a.Name) ? "" : a.Name)} <{a.Address.ToLowerInvariant()}>").Order(StringComparer.Ordinal)];

    /// <summary>Dates compare as instants with their offset.</summary>
    private static string? Instant(string? date) =>
        date is null ? null : DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? $"{d.UtcDateTime:O} {d.Offset}" : "unparseable " + date;

    /// <summary>CRLF as LF, trailing blanks at line ends and blank lines at either end dropped.</summary>
    private static string? BodyText(string? text)
    {
        if (text is null)
            return null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
            lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', lines);
    }
}
