using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHub.Core.Database;
using NSwag.Generation;

namespace MailHub.Host.Api;

/// <summary>
/// <c>MailHub.Host openapi --out FILE</c>: writes the document the host serves at /openapi/v1.json without running
/// anything. The services are registered (MailHubServices) and the endpoints mapped as in Program.cs, but nothing is started: no
/// embedded PostgreSQL (a connection string that is never opened), no silo, no listener. The TypeScript client
/// (src/MailHub.Client) is generated from this file by tools/api-client.sh, which CI runs with --check.
/// The file is the same on every run: no "servers" entry (the served copy names the request's host), paths and
/// schemas sorted by name so a new endpoint is a small diff.
/// </summary>
internal static class OpenApiExport
{
    private const string Usage = "usage: MailHub.Host openapi --out FILE\n"
        + "  writes the OpenAPI document (as served at /openapi/v1.json) to FILE; starts no database, silo or listener";

    public static bool IsRequested(string[] args) => args is ["openapi", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["openapi", "--out", var file] || string.IsNullOrWhiteSpace(file))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = await BuildAsync();
        var document = await app.Services.GetRequiredService<IOpenApiDocumentGenerator>().GenerateAsync("v1");
        var path = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Canonical(document.ToJson()));
        Console.WriteLine($"OpenAPI document written to {path}");
        return 0;
    }

    /// <summary>The host as Program.cs builds it, with its endpoints mapped, never started.</summary>
    private static async Task<WebApplication> BuildAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(OpenApiExport).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // With a connection string no embedded PostgreSQL is started; nothing here opens a connection.
            [$"ConnectionStrings:{DatabaseRegistration.ConnectionStringName}"] = "Host=127.0.0.1;Database=mailhub-openapi-export",
            // A shared database's silo needs an address to advertise; it is configured, never started.
            ["MailHub:Cluster:AdvertisedAddress"] = "127.0.0.1",
            // Standard output says where the file went, and warnings; not FastEndpoints' start-up timing.
            ["Logging:LogLevel:Default"] = "Warning",
        });

        await builder.AddMailHubAsync();

        var app = builder.Build();
        app.UseMailHubApi(MailHubModules.All);
        // A started host hands the endpoints mapped on it to routing (and so to the API explorer NSwag reads) when it
        // builds its request pipeline; this one never starts, so it hands them over here as that step does.
        app.UseRouting();
        app.UseEndpoints(_ => { });
        return app;
    }

    /// <summary>NSwag's JSON with the paths and the component schemas in name order, indented, ending in a newline.</summary>
    internal static string Canonical(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        Sort(document, "paths");
        if (document["components"] is JsonObject components)
            Sort(components, "schemas");
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return document.ToJsonString(options) + "\n";
    }

    private static void Sort(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject unsorted)
            return;
        var sorted = new JsonObject();
        foreach (var (key, value) in unsorted.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            unsorted.Remove(key);
            sorted[key] = value;
        }
        parent[name] = sorted;
    }
}
