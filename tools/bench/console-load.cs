#:package Microsoft.Playwright
#:property PublishAot=false

// The console's two figures for tools/bench/console-load.sh, measured in Debian's Chromium (headless) against a running
// MailHub: from pressing "Sign in" to the first page of the conversation list on screen, and from a click on a
// conversation of that list to its messages on screen. Each run is a fresh browser context (no cache, no cookie), as an
// agent's first visit of the day. Prints one JSON line per run, then one per figure with p50/p95/max.
//   dotnet run --file tools/bench/console-load.cs -c Release -- URL EMAIL PASSWORD [RUNS=10]
// LIST_ITEM, LIST_LINK and MESSAGE (CSS selectors) say what "on screen" is and what is clicked; the defaults are the
// console's own (a row of the list, its subject, a message of the thread).
// With LIVE_SMTP=host:port and LIVE_TO=address (a sandbox mailbox's), the third figure instead: the list open (view=all,
// so EMAIL is a supervisor's or the admin's), RUNS mails sent one after another over plain SMTP, each timed from the
// server's 250 after DATA to the row with its subject visible in that list (new conversations arrive live).
// TIMINGS=1 also prints, per run, every request the page made from the sign-in click to the list on screen (start and
// end in ms after the click, from the browser's Resource Timing): the critical path to profile.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: console-load URL EMAIL PASSWORD [RUNS=10]");
    return 2;
}
var (url, email, password) = (args[0].TrimEnd('/'), args[1], args[2]);
var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
var listItem = Environment.GetEnvironmentVariable("LIST_ITEM") ?? "li[data-conversation]";
var link = Environment.GetEnvironmentVariable("LIST_LINK") ?? ".list-row-subject";
var message = Environment.GetEnvironmentVariable("MESSAGE") ?? "article.thread-message";
var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
if (Environment.GetEnvironmentVariable("LIVE_SMTP") is { Length: > 0 } smtp)
{
    await LiveAsync(IPEndPoint.Parse(smtp), Environment.GetEnvironmentVariable("LIVE_TO")!);
    return 0;
}
var signIns = new List<double>();
var opens = new List<double>();
for (var run = 0; run <= runs; run++)
{
    await using var context = await browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1440, Height = 900 } });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(60_000);
    await page.GotoAsync(url + "/");
    // The Chinese console (its fonts are part of the cost); Ant Design spaces a two-character button: "登 录".
    await page.GetByLabel("邮箱", new() { Exact = true }).FillAsync(email);
    await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
    var signIn = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^登\\s?录$") });

    var clickedAt = await page.EvaluateAsync<double>("performance.now()");
    var clock = Stopwatch.StartNew();
    await signIn.ClickAsync();
    var items = page.Locator(listItem);
    await items.First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
    var signInMs = clock.Elapsed.TotalMilliseconds;
    if (Environment.GetEnvironmentVariable("TIMINGS") is { Length: > 0 })
        Console.WriteLine(await page.EvaluateAsync<string>("""
            t0 => JSON.stringify(performance.getEntriesByType("resource").filter(e => e.startTime >= t0)
              .map(e => [new URL(e.name).pathname + new URL(e.name).search, Math.round(e.startTime - t0), Math.round(e.responseEnd - t0)]))
            """, clickedAt));
    var shown = await items.CountAsync();

    // A conversation a few rows down, as an agent picks one (not the one the list may have opened already).
    var target = items.Nth(Math.Min(3, shown - 1)).Locator(link);
    clock.Restart();
    await target.ClickAsync();
    await page.Locator(message).First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
    var openMs = clock.Elapsed.TotalMilliseconds;
    if (run == 0)
        continue; // the first run warms the host (JIT, PostgreSQL's cache): not counted
    signIns.Add(signInMs);
    opens.Add(openMs);
    Console.WriteLine(JsonSerializer.Serialize(new { run, signInToListMs = Math.Round(signInMs, 1), clickToConversationMs = Math.Round(openMs, 1), listItems = shown }));
}
Print("sign-in-to-first-page", signIns);
Print("click-to-open-conversation", opens);
return 0;

async Task LiveAsync(IPEndPoint server, string to)
{
    await using var context = await browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1440, Height = 900 } });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(60_000);
    await page.GotoAsync(url + "/conversations?view=all");
    await page.GetByLabel("邮箱", new() { Exact = true }).FillAsync(email);
    await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
    await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^登\\s?录$") }).ClickAsync();
    var samples = new List<double>();
    var tag = Guid.NewGuid().ToString("N")[..8];
    for (var run = 0; run <= runs; run++)
    {
        var subject = $"Live {tag} #{run}";
        var accepted = await SendAsync(server, "customer@example.com", to, subject); // at the 250 after DATA
        await page.Locator(listItem).Filter(new() { HasText = subject }).First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var ms = accepted.Elapsed.TotalMilliseconds;
        if (run == 0)
            continue; // the first one waits for the sign-in and the list as well: not counted
        samples.Add(ms);
        Console.WriteLine(JsonSerializer.Serialize(new { run, smtp250ToRowMs = Math.Round(ms, 1) }));
    }
    Print("smtp-250-to-row-in-open-list", samples);
}

// EHLO, MAIL, RCPT, DATA over plain SMTP; a clock started at the 250 that accepts the message.
static async Task<Stopwatch> SendAsync(IPEndPoint server, string from, string to, string subject)
{
    using var tcp = new TcpClient { NoDelay = true };
    await tcp.ConnectAsync(server);
    await using var stream = tcp.GetStream();
    using var reader = new StreamReader(stream, Encoding.ASCII);
    async Task Expect(string code)
    {
        string line;
        do line = await reader.ReadLineAsync() ?? throw new IOException("the server closed the connection");
        while (line.Length > 3 && line[3] == '-');
        if (!line.StartsWith(code, StringComparison.Ordinal))
            throw new IOException($"expected {code}, the server said: {line}");
    }
    async Task Send(string text, string code)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await Expect(code);
    }
    await Expect("220");
    await Send("EHLO bench.example.com\r\n", "250");
    await Send($"MAIL FROM:<{from}>\r\n", "250");
    await Send($"RCPT TO:<{to}>\r\n", "250");
    await Send("DATA\r\n", "354");
    var id = Guid.NewGuid().ToString("N");
    await Send($"From: Bench Customer <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{id}@example.com>\r\n" +
        $"Date: {DateTimeOffset.UtcNow:R}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, a question about my order.\r\n.\r\n", "250");
    var clock = Stopwatch.StartNew();
    await Send("QUIT\r\n", "221");
    return clock;
}

static void Print(string figure, List<double> samples)
{
    samples.Sort();
    double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        figure, runs = samples.Count, p50Ms = Math.Round(At(0.5), 1), p95Ms = Math.Round(At(0.95), 1), maxMs = Math.Round(samples[^1], 1),
    }));
}
