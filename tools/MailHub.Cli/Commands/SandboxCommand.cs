using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub sandbox wait|chaos ...: the QA sandbox of a running MailHub, through its API (GET /api/sandbox/messages/wait,
/// GET/PUT /api/sandbox/chaos), for shell scripts and CI. Every subcommand takes --url (MAILHUB_URL, else
/// http://127.0.0.1:5080) and --token (MAILHUB_TOKEN): a bearer token of an admin or supervisor (POST /api/auth/token).
/// </summary>
internal static class SandboxCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private const string Usage = """
        usage: mailhub sandbox wait --to ADDRESS [--subject TEXT] [--since ISO-TIME] [--timeout 30]
               mailhub sandbox chaos show
               mailhub sandbox chaos set [--add] --direction inbound|outbound [--stage connect|ehlo|auth|mail|rcpt|data]
                   [--pattern '*@example.com'] --action reply|delay|drop|bounce [--code 451] [--text TEXT] [--status 5.1.1]
                   [--probability 100] [--delay SECONDS]
               mailhub sandbox chaos set --rules FILE.json   (the {"rules": [...]} of PUT /api/sandbox/chaos; - for stdin)
               mailhub sandbox chaos clear
          every subcommand: [--url URL] (MAILHUB_URL, else http://127.0.0.1:5080) [--token TOKEN] (MAILHUB_TOKEN)
          wait prints the captured message as JSON and exits 0, or exits 1 when nothing matched within the timeout;
          chaos set replaces every rule with this one (--add: adds it to those in force) and prints the rules in force.
        """;

    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            return args[0] switch
            {
                "wait" => await WaitAsync(Options.Parse(args[1..])),
                "chaos" when args.Length > 1 && args[1] is "show" or "set" or "clear" => await ChaosAsync(args[1], Options.Parse(args[2..])),
                _ => UsageError($"unknown sandbox command '{string.Join(' ', args.Take(2))}'"),
            };
        }
        catch (UsageException e)
        {
            return UsageError(e.Message);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"mailhub sandbox: could not reach MailHub ({e.Message}); check --url or MAILHUB_URL.");
            return 1;
        }
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine("mailhub sandbox: " + message);
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static async Task<int> WaitAsync(Options options)
    {
        var to = options.Take("--to") ?? throw new UsageException("wait needs --to ADDRESS");
        var subject = options.Take("--subject");
        var since = options.Take("--since");
        var timeout = options.TakeNumber("--timeout") ?? 30;
        using var http = options.Client(TimeSpan.FromSeconds(timeout + 30));
        options.EnsureAllTaken();

        var query = $"?to={Uri.EscapeDataString(to)}&timeout={timeout.ToString(CultureInfo.InvariantCulture)}";
        if (subject is not null)
            query += "&subject=" + Uri.EscapeDataString(subject);
        if (since is not null)
            query += "&since=" + Uri.EscapeDataString(since);
        using var response = await http.GetAsync("/api/sandbox/messages/wait" + query);
        if (response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            await Console.Error.WriteLineAsync($"mailhub sandbox: nothing to {to}{(subject is null ? "" : $" with \"{subject}\" in the subject")} was captured within {timeout} s.");
            return 1;
        }
        if (!response.IsSuccessStatusCode)
            return await FailAsync(response);
        var item = await response.Content.ReadFromJsonAsync<JsonObject>();
        // The whole message (headers, text, HTML, attachments: the `mailhub parse` schema), with the envelope of the capture.
        using var detail = await http.GetAsync($"/api/sandbox/messages/{item!["id"]!.GetValue<string>()}");
        if (!detail.IsSuccessStatusCode)
            return await FailAsync(detail);
        Console.WriteLine((await detail.Content.ReadFromJsonAsync<JsonNode>())!.ToJsonString(Pretty));
        return 0;
    }

    private static async Task<int> ChaosAsync(string verb, Options options)
    {
        using var http = options.Client(TimeSpan.FromSeconds(60));
        JsonArray rules;
        switch (verb)
        {
            case "show":
                options.EnsureAllTaken();
                return await PrintAsync(await http.GetAsync("/api/sandbox/chaos"));
            case "clear":
                options.EnsureAllTaken();
                rules = [];
                break;
            default:
                if (options.Take("--rules") is { } file)
                {
                    options.EnsureAllTaken();
                    var text = file == "-" ? await Console.In.ReadToEndAsync() : await File.ReadAllTextAsync(file);
                    var document = JsonNode.Parse(text) ?? throw new UsageException($"{file} holds no JSON");
                    rules = (document is JsonArray array ? array : document["rules"]?.AsArray())?.DeepClone().AsArray()
                        ?? throw new UsageException($"{file} should hold {{\"rules\": [...]}} as PUT /api/sandbox/chaos takes it");
                    break;
                }
                var add = options.TakeFlag("--add");
                var rule = new JsonObject
                {
                    ["direction"] = options.Take("--direction") ?? throw new UsageException("set needs --direction inbound|outbound"),
                    ["action"] = options.Take("--action") ?? throw new UsageException("set needs --action reply|delay|drop|bounce"),
                };
                Copy(options, rule, "--stage", "stage");
                Copy(options, rule, "--pattern", "pattern");
                Copy(options, rule, "--text", "text");
                Copy(options, rule, "--status", "status");
                if (options.TakeNumber("--code") is { } code)
                    rule["code"] = (int)code;
                if (options.TakeNumber("--probability") is { } probability)
                    rule["probability"] = (int)probability;
                if (options.TakeNumber("--delay") is { } delay)
                    rule["delaySeconds"] = delay;
                options.EnsureAllTaken();
                rules = [];
                if (add)
                {
                    using var current = await http.GetAsync("/api/sandbox/chaos");
                    if (!current.IsSuccessStatusCode)
                        return await FailAsync(current);
                    foreach (var existing in (await current.Content.ReadFromJsonAsync<JsonObject>())!["rules"]!.AsArray())
                        rules.Add(existing!.DeepClone());
                }
                rules.Add(rule);
                break;
        }
        return await PrintAsync(await http.PutAsJsonAsync("/api/sandbox/chaos", new JsonObject { ["rules"] = rules }));
    }

    private static void Copy(Options options, JsonObject rule, string option, string field)
    {
        if (options.Take(option) is { } value)
            rule[field] = value;
    }

    private static async Task<int> PrintAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                return await FailAsync(response);
            Console.WriteLine((await response.Content.ReadFromJsonAsync<JsonNode>())!.ToJsonString(Pretty));
            return 0;
        }
    }

    /// <summary>The API's problem (title, detail, and each field's errors), as it says what to do next.</summary>
    private static async Task<int> FailAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var message = $"mailhub sandbox: {(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem)
            {
                message += problem["title"] is { } title ? $": {title}" : "";
                message += problem["detail"] is { } detail ? $"\n  {detail}" : "";
                if (problem["errors"] is JsonObject errors)
                {
                    foreach (var (field, list) in errors)
                        message += $"\n  {field}: {string.Join(" ", list!.AsArray().Select(e => e!.ToString()))}";
                }
            }
        }
        catch (JsonException)
        {
            message += body.Length > 0 ? "\n  " + body : "";
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            message += "\n  Pass a token with --token or MAILHUB_TOKEN (POST /api/auth/token answers one as accessToken).";
        else if (response.StatusCode == HttpStatusCode.Forbidden)
            message += "\n  The token's account may not do this: reading the sandbox takes an admin or supervisor, changing its rules an admin.";
        await Console.Error.WriteLineAsync(message);
        return 1;
    }

    private sealed class UsageException(string message) : Exception(message);

    /// <summary>"--name value" pairs and lone flags, each taken once; what is left over is a mistake worth telling.</summary>
    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                if (!name.StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"unexpected '{name}'");
                options._values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            }
            return options;
        }

        public string? Take(string name)
        {
            if (!_values.Remove(name, out var value))
                return null;
            return value ?? throw new UsageException($"{name} needs a value");
        }

        public bool TakeFlag(string name) => _values.Remove(name, out var value) && (value is null ? true : throw new UsageException($"{name} takes no value"));

        public double? TakeNumber(string name) => Take(name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw new UsageException($"{name} is a number, not '{text}'")
            : null;

        public HttpClient Client(TimeSpan timeout)
        {
            var env = Environment.GetEnvironmentVariable("MAILHUB_URL");
            var url = Take("--url") ?? (string.IsNullOrEmpty(env) ? DefaultUrl : env);
            var token = Take("--token") ?? Environment.GetEnvironmentVariable("MAILHUB_TOKEN");
            var http = new HttpClient { BaseAddress = new Uri(url), Timeout = timeout };
            if (!string.IsNullOrEmpty(token))
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http;
        }

        public void EnsureAllTaken()
        {
            if (_values.Count > 0)
                throw new UsageException($"unknown option {string.Join(", ", _values.Keys)}");
        }
    }
}
