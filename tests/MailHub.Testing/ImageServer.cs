using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailHub.Testing;

/// <summary>One request the image server got: its path and query, and its headers (names lower-case).</summary>
public sealed record ImageServerRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A web server on a loopback port standing for the servers a customer's mail loads its images from: it answers what
/// <see cref="Serve"/> and <see cref="Redirect"/> set up (404 otherwise) and records every request it got.
/// </summary>
public sealed class ImageServer : IAsyncDisposable
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private ImageServer(WebApplication app) => _app = app;

    /// <summary>Every request so far, in order.</summary>
    public ConcurrentQueue<ImageServerRequest> Requests { get; } = new();

    /// <summary>The server's base address, http://127.0.0.1:port.</summary>
    public string BaseUrl => _app.Urls.First();

    public static async Task<ImageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ImageServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    public string Url(string path) => BaseUrl + path;

    /// <summary>Answers GET <paramref name="path"/> with the body and content type given.</summary>
    public void Serve(string path, string contentType, byte[] body) => _routes[path] = async context =>
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    };

    /// <summary>Answers GET <paramref name="path"/> with 302 to <paramref name="location"/>.</summary>
    public void Redirect(string path, string location) => _routes[path] = context =>
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    private Task AnswerAsync(HttpContext context)
    {
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        Requests.Enqueue(new ImageServerRequest(pathAndQuery,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal)));
        if (_routes.TryGetValue(pathAndQuery, out var answer))
            return answer(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
