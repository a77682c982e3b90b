using System.Globalization;
using System.Text;
using MailHub.Mail.Net;

namespace MailHub.Mail.Imap;

/// <summary>
/// Reads IMAP responses (RFC 9051 §9 grammar, leniently) from the buffered connection: untagged data at any moment,
/// literals, NIL, quoted strings with escapes, 8-bit text. It pulls bytes as they arrive, so a server that sends one
/// byte at a time parses the same. Message bodies in FETCH go to a sink as a stream, never into memory.
/// </summary>
internal sealed class ImapParser(MailStreamReader reader, ProtocolLog log)
{
    private readonly List<byte> logLine = [];
    private readonly List<byte> token = [];
    private readonly int maxToken = reader.MaxLineLength;

    public delegate ValueTask BodySink(uint sequenceNumber, uint? uid, BoundedReadStream content, CancellationToken ct);

    public async ValueTask<ImapResponse> ReadAsync(BodySink? sink, CancellationToken ct)
    {
        logLine.Clear();
        var response = await ReadResponseAsync(sink, ct);
        if (log.Enabled)
            log.Server(logLine.ToArray());
        return response;
    }

    private async ValueTask<ImapResponse> ReadResponseAsync(BodySink? sink, CancellationToken ct)
    {
        var first = await PeekAsync(ct);
        if (first == '+')
        {
            await NextAsync(ct);
            if (await PeekAsync(ct) == ' ')
                await NextAsync(ct);
            return new ImapResponse { Kind = ImapResponseKind.Continuation, Name = "+", Text = await ReadTextAsync(ct) };
        }
        var tag = await ReadAtomAsync(ct);
        await ExpectSpaceAsync(ct);
        if (tag != "*")
        {
            var status = (await ReadAtomAsync(ct)).ToUpperInvariant();
            return await ReadStatusAsync(ImapResponseKind.Tagged, tag, status, ct);
        }
        var name = await ReadAtomAsync(ct);
        if (uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            await ExpectSpaceAsync(ct);
            var what = (await ReadAtomAsync(ct)).ToUpperInvariant();
            if (what == "FETCH")
            {
                await ExpectSpaceAsync(ct);
                var items = await ReadFetchAsync(number, sink, ct);
                await ReadTextAsync(ct);
                return new ImapResponse { Kind = ImapResponseKind.Untagged, Number = number, Name = what, Fetch = items };
            }
            return new ImapResponse { Kind = ImapResponseKind.Untagged, Number = number, Name = what, Values = await ReadValuesToEndAsync(ct) };
        }
        name = name.ToUpperInvariant();
        if (name is "OK" or "NO" or "BAD" or "BYE" or "PREAUTH")
            return await ReadStatusAsync(ImapResponseKind.Untagged, null, name, ct);
        return new ImapResponse { Kind = ImapResponseKind.Untagged, Name = name, Values = await ReadValuesToEndAsync(ct) };
    }

    private async ValueTask<ImapResponse> ReadStatusAsync(ImapResponseKind kind, string? tag, string status, CancellationToken ct)
    {
        string? code = null;
        if (await PeekAsync(ct) == ' ')
            await NextAsync(ct);
        if (await PeekAsync(ct) == '[')
        {
            await NextAsync(ct);
            token.Clear();
            var depth = 0;
            while (true)
            {
                var b = await NextAsync(ct);
                if (b is (byte)'\r' or (byte)'\n')
                    throw Malformed("unterminated response code");
                if (b == '[')
                    depth++;
                if (b == ']' && depth-- == 0)
                    break;
                Add(b);
            }
            code = Decode();
            if (await PeekAsync(ct) == ' ')
                await NextAsync(ct);
        }
        return new ImapResponse { Kind = kind, Tag = tag, Name = status, Code = code, Text = await ReadTextAsync(ct) };
    }

    private async ValueTask<Dictionary<string, object?>> ReadFetchAsync(uint number, BodySink? sink, CancellationToken ct)
    {
        if (await NextAsync(ct) != '(')
            throw Malformed("FETCH without '('");
        var items = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            var b = await PeekAsync(ct);
            if (b == ' ')
            {
                await NextAsync(ct);
                continue;
            }
            if (b == ')')
            {
                await NextAsync(ct);
                return items;
            }
            var key = (await ReadAtomAsync(ct)).ToUpperInvariant();
            await ExpectSpaceAsync(ct);
            var next = await PeekAsync(ct);
            var isBody = key.StartsWith("BODY[", StringComparison.Ordinal) || key.StartsWith("BINARY[", StringComparison.Ordinal) ||
                         key is "RFC822" or "RFC822.TEXT" or "RFC822.HEADER";
            if (isBody && sink is not null && next is (byte)'{' or (byte)'~')
            {
                var length = await ReadLiteralLengthAsync(ct);
                var uid = items.TryGetValue("UID", out var u) && uint.TryParse(u as string, out var parsed) ? parsed : (uint?)null;
                var content = new BoundedReadStream(reader, length, ct);
                await sink(number, uid, content, ct);
                await content.DrainAsync(ct);
                items[key] = length;
            }
            else
            {
                items[key] = await ReadValueAsync(ct);
            }
        }
    }

    private async ValueTask<List<object?>> ReadValuesToEndAsync(CancellationToken ct)
    {
        var values = new List<object?>();
        while (true)
        {
            var b = await PeekAsync(ct);
            if (b == ' ')
            {
                await NextAsync(ct);
            }
            else if (b is (byte)'\r' or (byte)'\n')
            {
                await ReadTextAsync(ct);
                return values;
            }
            else if (b == ')')
            {
                // Unbalanced: be lenient and skip it.
                await NextAsync(ct);
            }
            else
            {
                values.Add(await ReadValueAsync(ct));
            }
        }
    }

    private async ValueTask<object?> ReadValueAsync(CancellationToken ct)
    {
        var b = await PeekAsync(ct);
        switch (b)
        {
            case (byte)'(':
                await NextAsync(ct);
                var list = new List<object?>();
                while (true)
                {
                    var c = await PeekAsync(ct);
                    if (c == ')')
                    {
                        await NextAsync(ct);
                        return list;
                    }
                    if (c == ' ')
                    {
                        await NextAsync(ct);
                        continue;
                    }
                    if (c is (byte)'\r' or (byte)'\n')
                        throw Malformed("unterminated list");
                    list.Add(await ReadValueAsync(ct));
                }
            case (byte)'"':
                return await ReadQuotedAsync(ct);
            case (byte)'{':
            case (byte)'~':
                var length = await ReadLiteralLengthAsync(ct);
                if (length > maxToken)
                    throw Malformed($"a literal of {length} bytes where at most {maxToken} are accepted");
                var bytes = new byte[length];
                var read = 0;
                while (read < length)
                    read += await reader.ReadAsync(bytes.AsMemory(read), length - read, ct);
                return Encoding.UTF8.GetString(bytes);
            default:
                var atom = await ReadAtomAsync(ct);
                return atom.Equals("NIL", StringComparison.OrdinalIgnoreCase) ? null : atom;
        }
    }

    private async ValueTask<long> ReadLiteralLengthAsync(CancellationToken ct)
    {
        var b = await NextAsync(ct);
        if (b == '~')
            b = await NextAsync(ct);
        if (b != '{')
            throw Malformed("literal without '{'");
        long length = 0;
        while (true)
        {
            b = await NextAsync(ct);
            if (b is >= (byte)'0' and <= (byte)'9' && length < long.MaxValue / 10)
                length = length * 10 + (b - '0');
            else if (b == '+')
                continue;
            else if (b == '}')
                break;
            else
                throw Malformed("bad literal length");
        }
        if (await NextAsync(ct) == '\r')
            await NextAsync(ct);
        if (log.Enabled)
            logLine.AddRange(Encoding.ASCII.GetBytes($"[{length} bytes]"));
        return length;
    }

    private async ValueTask<string> ReadQuotedAsync(CancellationToken ct)
    {
        await NextAsync(ct);
        token.Clear();
        while (true)
        {
            var b = await NextAsync(ct);
            if (b == '"')
                return Decode();
            if (b == '\\')
                b = await NextAsync(ct);
            else if (b is (byte)'\r' or (byte)'\n')
                throw Malformed("unterminated quoted string");
            Add(b);
        }
    }

    /// <summary>An atom; brackets are kept whole, so BODY[HEADER.FIELDS (FROM)]&lt;0&gt; is one atom.</summary>
    private async ValueTask<string> ReadAtomAsync(CancellationToken ct)
    {
        token.Clear();
        var depth = 0;
        while (true)
        {
            var b = await PeekAsync(ct);
            if (b is (byte)'\r' or (byte)'\n')
                break;
            if (depth == 0 && b is (byte)' ' or (byte)'(' or (byte)')' or (byte)'"' or (byte)'{')
                break;
            if (depth == 0 && b == ']')
                break;
            if (b == '[')
                depth++;
            else if (b == ']')
                depth--;
            Add(await NextAsync(ct));
        }
        if (token.Count == 0)
            throw Malformed($"an unexpected '{(char)await PeekAsync(ct)}'");
        return Decode();
    }

    /// <summary>The rest of the line (8-bit text as UTF-8), consuming the line end.</summary>
    private async ValueTask<string> ReadTextAsync(CancellationToken ct)
    {
        token.Clear();
        while (true)
        {
            var b = await NextAsync(ct);
            if (b == '\n')
                break;
            if (b != '\r')
                Add(b);
        }
        return Decode();
    }

    private async ValueTask ExpectSpaceAsync(CancellationToken ct)
    {
        if (await NextAsync(ct) != ' ')
            throw Malformed("a missing space");
    }

    private ValueTask<byte> PeekAsync(CancellationToken ct) =>
        reader.Buffered > 0 ? ValueTask.FromResult(reader.Span[0]) : reader.PeekByteAsync(ct);

    private async ValueTask<byte> NextAsync(CancellationToken ct)
    {
        byte b;
        if (reader.Buffered > 0)
        {
            b = reader.Span[0];
            reader.Consume(1);
        }
        else
        {
            b = await reader.ReadByteAsync(ct);
        }
        if (log.Enabled && b is not (byte)'\r' and not (byte)'\n')
            logLine.Add(b);
        return b;
    }

    private void Add(byte b)
    {
        if (token.Count >= maxToken)
            throw Malformed($"a token longer than {maxToken} bytes");
        token.Add(b);
    }

    private string Decode() => Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(token));

    private static MailProtocolException Malformed(string what) =>
        new(MailErrorKind.Protocol, $"The IMAP server sent a malformed response: {what}.");
}
