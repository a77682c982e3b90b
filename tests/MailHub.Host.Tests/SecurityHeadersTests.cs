using System.Net;
using System.Text.RegularExpressions;
using MailHub.Testing;
using Microsoft.Extensions.Configuration;

namespace MailHub.Host.Tests;

/// <summary>The headers a browser acts on, on an API answer, on the /docs page and on a 404; HSTS only over HTTPS.</summary>
public sealed partial class SecurityHeadersTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task An_api_answer_cannot_be_sniffed_framed_or_leak_its_url_and_runs_no_inline_script()
    {
        var client = await host.CreateClientAsync();

        var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        var csp = Csp(response);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self' data: blob:", csp["img-src"]);
        Assert.Equal("'self' ws: wss:", csp["connect-src"]);
        Assert.DoesNotContain("unsafe-inline", csp["script-src"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_and_a_refusal_carry_the_headers_too()
    {
        var anonymous = host.CreateClient();

        var missing = await anonymous.GetAsync("/api/no-such-endpoint");
        var refused = await anonymous.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertCommonHeaders(missing);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertCommonHeaders(refused);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/conversations/0193a0c4-4a4f-7000-8000-000000000001")]
    public async Task The_console_is_served_at_every_path_outside_the_api_under_the_same_headers_and_never_cached(string path)
    {
        var response = await host.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache, "index.html names the current build's scripts: never cached");
        AssertCommonHeaders(response);
    }

    [Fact]
    public async Task The_docs_page_allows_its_own_inline_script_by_a_fresh_nonce_and_nothing_else_inline()
    {
        var client = host.CreateClient();

        var first = await client.GetAsync("/docs/");
        var second = await client.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        AssertCommonHeaders(first);
        var scriptSrc = Csp(first)["script-src"];
        Assert.DoesNotContain("unsafe-inline", scriptSrc, StringComparison.Ordinal);
        var nonce = NoncePattern().Match(scriptSrc).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var page = await first.Content.ReadAsStringAsync();
        // Every script tag of the page, the inline one included, carries this response's nonce.
        var scripts = ScriptTagPattern().Matches(page);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value, StringComparison.Ordinal));
        Assert.NotEqual(nonce, NoncePattern().Match(Csp(second)["script-src"]).Groups[1].Value);
    }

    [Fact]
    public void Https_is_configured_by_an_https_url_a_kestrel_endpoint_or_https_ports_and_not_by_http_loopback()
    {
        static bool Configured(params (string Key, string Value)[] settings) => Api.SecurityHeaders.HttpsConfigured(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

        Assert.False(Configured());
        Assert.False(Configured(("urls", "http://127.0.0.1:5080")));
        Assert.True(Configured(("urls", "http://127.0.0.1:5080; https://0.0.0.0:5443")));
        Assert.True(Configured(("Kestrel:Endpoints:Web:Url", "https://mailhub.example.cn")));
        Assert.True(Configured(("https_ports", "443")));
    }

    [Fact]
    public async Task Plain_http_gets_no_redirect_and_no_hsts()
    {
        var response = await host.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        var csp = Csp(response);
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'none'", csp["object-src"]);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath} has no {name} header");

    private static Dictionary<string, string> Csp(HttpResponseMessage response) =>
        Header(response, "Content-Security-Policy").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePattern();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTagPattern();
}
