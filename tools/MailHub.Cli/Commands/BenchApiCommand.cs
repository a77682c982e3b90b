using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub bench-api conversations --url U --email E --password P [--requests 200] [--warmup 20] [--deep 20000]:
/// latency of GET /api/conversations through the running host, one request at a time, per kind of call, as JSON lines.
/// </summary>
internal static class BenchApiCommand
{
    private const string Usage =
        "usage: mailhub bench-api conversations --url http://127.0.0.1:5080 --email E --password P [--requests 200] [--warmup 20] " +
        "[--deep 20000]\n  the password may also come from MAILHUB_PASSWORD; the default search terms fit `mailhub seed conversations`";

    private static readonly JsonSerializerOptions Lines = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private sealed record Kind(string Name, IReadOnlyList<string> Queries);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
            options[args[i]] = args[i + 1];
        var password = options.GetValueOrDefault("--password") ?? Environment.GetEnvironmentVariable("MAILHUB_PASSWORD");
        if (args.Length == 0 || args[0] != "conversations" || args.Length % 2 == 0 || !options.ContainsKey("--url")
            || !options.ContainsKey("--email") || password is null)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var requests = int.Parse(options.GetValueOrDefault("--requests", "200"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(options.GetValueOrDefault("--warmup", "20"), CultureInfo.InvariantCulture);
        var deep = int.Parse(options.GetValueOrDefault("--deep", "20000"), CultureInfo.InvariantCulture);

        using var http = new HttpClient { BaseAddress = new Uri(options["--url"]), Timeout = TimeSpan.FromMinutes(2) };
        var login = await http.PostAsJsonAsync("/api/auth/token", new { email = options["--email"], password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var first = await GetAsync(http, "/api/conversations?limit=1");
        var mailbox = first["items"]!.AsArray()[0]!["mailboxId"]!.GetValue<string>();
        var kinds = new List<Kind>
        {
            new("first-page", [""]),
            new("status", ["status=open", "status=pending", "status=closed"]),
            new("mailbox", [$"mailbox={mailbox}"]),
            new("unassigned", ["assignee=unassigned"]),
            new("deep-cursor", await DeepCursorsAsync(http, deep)),
            new("q-chinese-1", ["q=退", "q=票", "q=蓝", "q=驱"]),
            new("q-chinese-2", ["q=退款", "q=发票", "q=保修", "q=序列"]),
            new("q-chinese-3", ["q=优惠券", "q=说明书", "q=驱动程", "q=以旧换"]),
            new("q-english", ["q=refund", "q=invoice", "q=warranty", "q=chargeback"]),
            new("q-sender", ["q=wang.fang", "q=@163.com", "q=schmidt", "q=ouyang.zihan"]),
        };
        foreach (var kind in kinds)
        {
            for (var i = 0; i < warmup; i++)
                await GetAsync(http, PathOf(kind.Queries[i % kind.Queries.Count]));
            var times = new double[requests];
            var items = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < requests; i++)
            {
                var query = kind.Queries[i % kind.Queries.Count];
                var clock = Stopwatch.StartNew();
                var page = await GetAsync(http, PathOf(query));
                times[i] = clock.Elapsed.TotalMilliseconds;
                items[query] = page["items"]!.AsArray().Count;
            }
            Array.Sort(times);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                kind = kind.Name,
                requests,
                p50 = Percentile(times, 0.50),
                p95 = Percentile(times, 0.95),
                p99 = Percentile(times, 0.99),
                max = Math.Round(times[^1], 1),
                itemsOnFirstPage = kind.Name == "deep-cursor" ? null : items,
            }, Lines));
        }
        return 0;
    }

    private static string PathOf(string query) => "/api/conversations" + (query.Length == 0 ? "" : "?" + EscapeValues(query));

    private static string EscapeValues(string query) =>
        string.Join('&', query.Split('&').Select(pair => pair.Split('=', 2) is [var key, var value] ? $"{key}={Uri.EscapeDataString(value)}" : pair));

    /// <summary>Cursors from every 2,000 rows beyond the first 2,000, down to <paramref name="depth"/>, followed page by page.</summary>
    private static async Task<IReadOnlyList<string>> DeepCursorsAsync(HttpClient http, int depth)
    {
        var cursors = new List<string>();
        string? next = null;
        for (var seen = 0; seen < depth;)
        {
            var page = await GetAsync(http, "/api/conversations?limit=200" + (next is null ? "" : "&cursor=" + next));
            seen += page["items"]!.AsArray().Count;
            next = page["next"]?.GetValue<string>();
            if (next is null)
                break;
            if (seen >= 2000 && seen % 2000 == 0)
                cursors.Add("cursor=" + next);
        }
        return cursors.Count > 0 ? cursors : throw new InvalidOperationException($"Fewer than 2,000 conversations: seed first (mailhub seed conversations).");
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
}
