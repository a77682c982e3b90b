using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace MailHub.Host.Web;

/// <summary>
/// The web console (src/MailHub.Console, built into wwwroot by this project's build): its files, and index.html for
/// every other path outside /api so the console's own routes (/conversations/…) load on a reload or a pasted link.
/// </summary>
internal static class ConsoleFiles
{
    /// <summary>Serves wwwroot: the hashed assets cached for a year, index.html never (it names the current assets).</summary>
    public static void UseConsoleFiles(this WebApplication app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
        });

    /// <summary>
    /// After every other endpoint: an unknown /api path is a 404 problem (a script's typo must not get the console's
    /// page with 200), anything else is the console's index.html.
    /// </summary>
    public static void MapConsoleFallback(this WebApplication app)
    {
        app.MapFallback("/api/{**path}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound,
            title: "No such API endpoint", detail: "See /docs for the API's endpoints."));
        app.MapFallbackToFile("index.html", new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }
}
