namespace MailHub.Console.Tests;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, or MAILHUB_CHROMIUM), started once per test class through Playwright; no
/// browser is downloaded. <see cref="RunAsync"/> runs a test and saves a screenshot of each of its pages when it fails.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Executable => Environment.GetEnvironmentVariable("MAILHUB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable), $"No Chromium at {Executable}: tools/test.sh installs Debian's (apt-get install chromium fonts-noto-cjk).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // As root (CI) Chromium refuses its own sandbox; the pages are our console only, on loopback.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="test"/> with a <see cref="Pages"/> that opens pages (each in a browser context of its own, so
    /// each can be another signed-in user); on failure saves every page's screenshot to TestResults/screenshots/.
    /// </summary>
    public async Task RunAsync(string testName, Func<Pages, Task> test)
    {
        var pages = new Pages(_browser!);
        try
        {
            await test(pages);
        }
        catch
        {
            await pages.ScreenshotAsync(testName);
            throw;
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }
}

/// <summary>The pages of one test.</summary>
public sealed class Pages(IBrowser browser) : IAsyncDisposable
{
    private readonly List<(IBrowserContext Context, IPage Page)> _opened = [];

    /// <summary>A new page in a context of its own, its browser language <paramref name="locale"/> (en-US by default).</summary>
    public async Task<IPage> OpenAsync(string locale = "en-US", string timezoneId = "Asia/Shanghai")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            TimezoneId = timezoneId,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        _opened.Add((context, page));
        return page;
    }

    internal async Task ScreenshotAsync(string testName)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < _opened.Count; i++)
        {
            var path = Path.Combine(folder, $"{testName}-{i + 1}.png");
            try
            {
                await _opened[i].Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                System.Console.Error.WriteLine($"Screenshot of the failed test's page {i + 1}: {path}");
            }
            catch (PlaywrightException)
            {
                // The page is gone (closed or crashed): nothing to show.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (context, _) in _opened)
            await context.DisposeAsync();
    }
}
