using System.Text;
using System.Text.Json;
using MailHub.Mail.Mime;
using MimeKit;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub parse [--jsonl] &lt;file-or-folder&gt;...: reads messages the way MailHub does. With --jsonl, one JSON object per
/// message (the MIME corpus schema plus "file"); without, a summary for a person looking at a garbled mail.
/// </summary>
internal static class ParseCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jsonl = args.Contains("--jsonl");
        var inputs = args.Where(a => a != "--jsonl").ToList();
        if (inputs.Count == 0)
        {
            await Console.Error.WriteLineAsync("usage: mailhub parse [--jsonl] <file-or-folder>...");
            return 2;
        }
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else if (File.Exists(input))
                files.Add(input);
            else
                await Console.Error.WriteLineAsync($"mailhub parse: '{input}' is neither a file nor a folder; skipped.");
        }
        var stdout = Console.OpenStandardOutput();
        foreach (var file in files)
        {
            if (jsonl)
                WriteJsonLine(stdout, file);
            else
                await WriteSummaryAsync(file);
        }
        await stdout.FlushAsync();
        return 0;
    }

    private static void WriteJsonLine(Stream stdout, string file)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, MessageReading.JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("file", Path.GetFileName(file));
            try
            {
                using var mail = MailReader.Load(File.ReadAllBytes(file));
                MessageReading.Of(mail).WriteProperties(writer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                writer.WriteString("error", e.Message);
            }
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        stdout.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task WriteSummaryAsync(string file)
    {
        var o = new StringBuilder();
        o.AppendLine($"== {file}");
        try
        {
            using var mail = MailReader.Load(File.ReadAllBytes(file));
            var message = mail.Message;
            o.AppendLine($"raw 8-bit text not in UTF-8 read as: {mail.FallbackEncoding.WebName}");
            o.AppendLine("-- headers (raw | decoded)");
            foreach (var h in message.Headers)
            {
                var raw = Encoding.UTF8.GetString(h.RawValue).Trim();
                var decoded = h.Value.Trim();
                o.AppendLine($"{h.Field}: {Cut(raw)}");
                if (decoded != raw)
                    o.AppendLine($"{new string(' ', h.Field.Length)}  => {Cut(decoded)}");
            }
            var reading = MessageReading.Of(mail);
            o.AppendLine("-- reading");
            o.AppendLine($"message-id: {reading.MessageId}");
            o.AppendLine($"date: {reading.Date}");
            o.AppendLine($"from: {string.Join(", ", reading.From)}");
            o.AppendLine($"to: {string.Join(", ", reading.To)}");
            o.AppendLine($"cc: {string.Join(", ", reading.Cc)}");
            o.AppendLine($"subject: {reading.Subject}");
            o.AppendLine("-- parts");
            if (message.Body is { } body)
                WriteTree(o, body, 0, mail);
            if (mail.DeliveryStatus is { } dsn)
            {
                o.AppendLine($"-- delivery status (original message {dsn.OriginalMessageId})");
                foreach (var r in dsn.Recipients)
                    o.AppendLine($"{r.FinalRecipient}: {r.Action} {r.Status} {r.DiagnosticCode}");
            }
            o.AppendLine($"-- text ({reading.Text?.Length ?? 0} chars)");
            o.AppendLine(Cut(reading.Text ?? "", 600));
            foreach (var problem in mail.Problems)
                o.AppendLine($"problem: {problem}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            o.AppendLine($"error: {e.Message}");
        }
        await Console.Out.WriteAsync(o.ToString());
    }

    private static void WriteTree(StringBuilder o, MimeEntity entity, int depth, LoadedMail mail)
    {
        var indent = new string(' ', depth * 2);
        if (entity is Multipart multipart)
        {
            o.AppendLine($"{indent}{multipart.ContentType.MimeType} boundary={multipart.ContentType.Boundary}");
            foreach (var child in multipart)
                WriteTree(o, child, depth + 1, mail);
            return;
        }
        var role = ReferenceEquals(entity, mail.TextPart) ? " [text body]" : ReferenceEquals(entity, mail.HtmlPart) ? " [html body]" : "";
        var charset = entity.ContentType.Charset is { } c
            ? $" charset={c} (read as {(entity.ContentType.CharsetEncoding is { CodePage: not 20127 } e ? e.WebName : "raw: utf-8 or " + mail.FallbackEncoding.WebName)})"
            : "";
        var encoding = entity is MimePart leaf ? $" {leaf.ContentTransferEncoding}" : "";
        var size = mail.Attachments.Contains(entity) || entity is MimePart ? $" {PartContent.Measure(entity).Size} bytes" : "";
        var file = PartContent.FileName(entity) is { } f ? $" file=\"{f}\"" : "";
        var disposition = entity.ContentDisposition is { } d ? $" disposition={d.Disposition}" : "";
        o.AppendLine($"{indent}{entity.ContentType.MimeType}{charset}{encoding}{size}{file}{disposition}{role}");
    }

    private static string Cut(string s, int max = 200) => s.Length <= max ? s : s[..max] + "…";
}
