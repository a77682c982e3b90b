using Scalar.AspNetCore;

namespace MailHub.Host.Api;

/// <summary>
/// The headers every answer carries (API, console, /docs, errors, 404s), and HTTPS redirection with HSTS when the host
/// listens on HTTPS. Set when the response starts, so answers written by later middleware (status code pages, the
/// exception handler, Scalar) get them too.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The console's policy: its own scripts only (no inline script, no eval), images also from data: and blob: URLs
    /// (pasted screenshots, attachment previews), SignalR over ws:/wss:, and no framing by anyone. Inline styles are
    /// allowed because component libraries set style attributes and inject &lt;style&gt; at run time; a style cannot run script.
    /// </summary>
    public const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string DocsPath = "/docs";

    /// <summary>Whether the host listens on HTTPS: an https URL in urls (ASPNETCORE_URLS) or a Kestrel endpoint, or https_ports.</summary>
    public static bool HttpsConfigured(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""));
        return urls.Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrWhiteSpace(configuration["https_ports"]);
    }

    public static void UseMailHubSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // Conversation ids are in the console's URLs: a link in a customer's mail learns nothing of them.
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = Policy(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        if (!HttpsConfigured(app.Configuration))
            return; // plain HTTP (loopback by default): nothing to redirect to, and HSTS would lock browsers out
        app.UseHsts();
        app.UseHttpsRedirection();
    }

    /// <summary>
    /// /docs (Scalar) starts itself with an inline module script: it is allowed by the nonce Scalar writes on its script
    /// tags for this response (<c>WithNonce()</c> in <see cref="OpenApiSetup"/>), never by 'unsafe-inline'. "Try it" sends
    /// requests to this host only.
    /// </summary>
    private static string Policy(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(DocsPath)
            || context.Items[ScalarOptions.NonceHttpContextItemKey] is not string nonce)
            return ConsolePolicy;
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    }
}
