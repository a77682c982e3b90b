using System.Text;
using System.Text.Json;
using MailHub.Mail.Mime;

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
                using var message = MimeMessage.Parse(File.ReadAllBytes(file).AsMemory());
                MessageReading.Of(message).WriteProperties(writer);
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
            using var message = MimeMessage.Parse(File.ReadAllBytes(file).AsMemory());
            o.AppendLine($"header fallback charset: {message.HeaderFallbackEncoding.WebName}");
            o.AppendLine("-- headers (raw | decoded)");
            foreach (var h in message.Headers)
            {
                var raw = h.RawText.Trim();
                var decoded = message.Headers.FallbackEncoding is var fb ? HeaderText.DecodeUnstructured(h.RawValue.Span, fb) : raw;
                o.AppendLine($"{h.Name}: {Cut(raw)}");
                if (decoded != raw)
                    o.AppendLine($"{new string(' ', h.Name.Length)}  => {Cut(decoded)}");
            }
            var reading = MessageReading.Of(message);
            o.AppendLine("-- reading");
            o.AppendLine($"message-id: {reading.MessageId}");
            o.AppendLine($"date: {reading.Date}");
            o.AppendLine($"from: {string.Join(", ", reading.From)}");
            o.AppendLine($"to: {string.Join(", ", reading.To)}");
            o.AppendLine($"cc: {string.Join(", ", reading.Cc)}");
            o.AppendLine($"subject: {reading.Subject}");
            o.AppendLine("-- parts");
            WriteTree(o, message.Body, 0, message);
            if (message.DeliveryStatus is { } dsn)
            {
                o.AppendLine($"-- delivery status (original message {dsn.OriginalMessageId})");
                foreach (var r in dsn.Recipients)
                    o.AppendLine($"{r.FinalRecipient}: {r.Action} {r.Status} {r.DiagnosticCode}");
            }
            o.AppendLine($"-- text ({reading.Text?.Length ?? 0} chars)");
            o.AppendLine(Cut(reading.Text ?? "", 600));
            foreach (var w in message.Warnings)
                o.AppendLine($"warning: {w}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            o.AppendLine($"error: {e.Message}");
        }
        await Console.Out.WriteAsync(o.ToString());
    }

    private static void WriteTree(StringBuilder o, MimeEntity entity, int depth, MimeMessage message)
    {
        var indent = new string(' ', depth * 2);
        if (entity is Multipart multipart)
        {
            o.AppendLine($"{indent}{multipart.ContentType.MimeType} boundary={multipart.ContentType.Boundary}");
            foreach (var part in multipart.Parts)
                WriteTree(o, part, depth + 1, message);
            return;
        }
        var leaf = (MimePart)entity;
        var role = ReferenceEquals(leaf, message.TextPart) ? " [text body]" : ReferenceEquals(leaf, message.HtmlPart) ? " [html body]" : "";
        var charset = leaf.Charset is { } c ? $" charset={c} (read as {Charsets.Find(c)?.WebName ?? "raw: utf-8 or " + message.HeaderFallbackEncoding.WebName})" : "";
        o.AppendLine($"{indent}{leaf.ContentType.MimeType}{charset} {leaf.TransferEncoding} {leaf.Content.Length} bytes" +
            $"{(leaf.FileName is { } f ? $" file=\"{f}\"" : "")}{(leaf.ContentDisposition is { } d ? $" disposition={d.Type}" : "")}{role}");
    }

    private static string Cut(string s, int max = 200) => s.Length <= max ? s : s[..max] + "…";
}
