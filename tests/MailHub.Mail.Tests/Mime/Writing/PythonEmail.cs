using System.Diagnostics;
using System.Text.Json;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>
/// Reads a written message back with Python's standard email package (policy.default), an independent parser, and
/// returns what it saw as JSON. python3 is part of the CI image: a missing interpreter fails the test, it does not skip it.
/// </summary>
internal static class PythonEmail
{
    private const string Script = """
        import sys, json, base64, email, email.policy
        raw = open(sys.argv[1], 'rb').read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        # Python reads 8-bit header bytes as surrogate escapes; RFC 6532 says they are UTF-8.
        def fix(s):
            return None if s is None else str(s).encode('utf-8', 'surrogateescape').decode('utf-8')
        def addrs(name):
            h = msg[name]
            return [] if h is None else [[fix(a.display_name), fix(a.addr_spec)] for a in h.addresses]
        def shape(part):
            if part.is_multipart():
                return part.get_content_type() + '(' + ','.join(shape(p) for p in part.iter_parts()) + ')'
            return part.get_content_type()
        defects = []
        parts = []
        for part in msg.walk():
            defects += [type(d).__name__ + ':' + str(d) for d in part.defects]
            for key, value in part.items():
                defects += [key + ':' + type(d).__name__ + ':' + str(d) for d in getattr(value, 'defects', [])]
            if part.is_multipart():
                continue
            ctype = part['Content-Type']
            parts.append({
                'type': part.get_content_type(),
                'filename': fix(part.get_filename()),
                'name': fix(ctype.params.get('name')) if ctype is not None else None,
                'cid': part['Content-ID'],
                'disposition': part.get_content_disposition(),
                'cte': part['Content-Transfer-Encoding'],
                'data': base64.b64encode(part.get_payload(decode=True)).decode(),
            })
        plain = msg.get_body(('plain',))
        html = msg.get_body(('html',))
        print(json.dumps({
            'subject': fix(msg['subject']),
            'from': addrs('from'), 'to': addrs('to'), 'cc': addrs('cc'), 'reply_to': addrs('reply-to'),
            'bcc': msg['bcc'],
            'message_id': msg['message-id'], 'in_reply_to': msg['in-reply-to'], 'references': msg['references'],
            'date': msg['date'].datetime.isoformat() if msg['date'] else None,
            'text': plain.get_content() if plain is not None else None,
            'html': html.get_content() if html is not None else None,
            'shape': shape(msg), 'parts': parts, 'defects': defects,
        }, ensure_ascii=False))
        """;

    /// <summary>
    /// Defects Python reports on purpose-made output: <c>name="=?utf-8?...?="</c> on Content-Type is not standard but is
    /// what Outlook reads; raw UTF-8 headers (RFC 6532) are legal with SMTPUTF8 though Python's parser flags them.
    /// </summary>
    public static IEnumerable<string> UnexpectedDefects(JsonElement read) =>
        read.GetProperty("defects").EnumerateArray().Select(d => d.GetString()!).Where(d =>
            d != "Content-Type:InvalidHeaderDefect:encoded word inside quoted string"
            && d != "Content-Type:InvalidHeaderDefect:missing trailing whitespace after encoded-word"
            && !d.Contains(":UndecodableBytesDefect:Non-ASCII characters found in header token", StringComparison.Ordinal));

    public static async Task<JsonElement> ReadAsync(byte[] raw)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mailhub-mimewrite-{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(path, raw);
        try
        {
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(path);
            start.Environment["PYTHONIOENCODING"] = "utf-8";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"python3 failed to read the message: {await stderr}");
            return JsonDocument.Parse(await stdout).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
