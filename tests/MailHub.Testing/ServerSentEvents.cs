using System.Net;
using System.Text.Json;
using Xunit;

namespace MailHub.Testing;

/// <summary>
/// Reads a text/event-stream response (the format of the WHATWG HTML standard, "server-sent events"):
/// lines "event: name" and "data: json", an empty line ending each event.
/// </summary>
public sealed class ServerSentEvents : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ServerSentEvents(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    /// <summary>Opens the stream at <paramref name="path"/> and waits for its first ("ready") event.</summary>
    public static async Task<ServerSentEvents> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new ServerSentEvents(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        Assert.Equal("ready", (await events.NextAsync(cancellationToken)).Name);
        return events;
    }

    /// <summary>The next event: its name and JSON data.</summary>
    public async Task<(string Name, JsonElement Data)> NextAsync(CancellationToken cancellationToken)
    {
        string name = "message", data = "";
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
                return (name, JsonDocument.Parse(data).RootElement.Clone());
            if (line.StartsWith("event:", StringComparison.Ordinal))
                name = line["event:".Length..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
                data += line["data:".Length..].Trim();
        }
        throw new EndOfStreamException("The event stream ended.");
    }

    /// <summary>The first event named <paramref name="name"/> whose data matches; a failure naming <paramref name="what"/> when the token ends first.</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool> matches, string what, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var next = await NextAsync(cancellationToken);
                if (next.Name == name && matches(next.Data))
                    return next.Data;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The event stream brought no {what} in time.");
            throw;
        }
    }

    /// <summary>
    /// Reads events until each expected one has come, in whatever order they come (changes made one after the other
    /// may reach a stream in another order); a failure naming those still missing when the token ends.
    /// </summary>
    public async Task WaitForAllAsync(IEnumerable<ExpectedEvent> expected, CancellationToken cancellationToken)
    {
        var missing = expected.ToList();
        try
        {
            while (missing.Count > 0)
            {
                var next = await NextAsync(cancellationToken);
                missing.RemoveAll(e => e.Name == next.Name && e.Matches(next.Data));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The event stream brought no {string.Join(", no ", missing.Select(e => e.What))} in time.");
            throw;
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}

/// <summary>An event a test waits for: its name, what its data must say, and what it stands for in a failure.</summary>
public sealed record ExpectedEvent(string Name, Func<JsonElement, bool> Matches, string What);
