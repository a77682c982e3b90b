using System.Net;
using System.Net.Http.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests.Doors;

public sealed class ConsoleCookieTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_session_cookie_and_a_readable_xsrf_token_and_opens_the_api()
    {
        var console = await host.ClientAsync();
        var (signIn, _) = await console.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        var me = await signIn.JsonAsync();
        Assert.Equal(MailHubFactory.AdminEmail, me.GetProperty("email").GetString());
        Assert.False(me.GetProperty("mustChangePassword").GetBoolean());
        var session = Doors.SetCookie(signIn, "MailHub.Session")!.ToLowerInvariant();
        Assert.Contains("httponly", session, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", session, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", session, StringComparison.Ordinal); // plain HTTP: a Secure cookie would never come back
        Assert.Contains("expires=", session, StringComparison.Ordinal);
        var xsrf = Doors.SetCookie(signIn, "XSRF-TOKEN")!.ToLowerInvariant();
        Assert.DoesNotContain("httponly", xsrf, StringComparison.Ordinal); // the console's script reads it
        Assert.Contains("samesite=strict", xsrf, StringComparison.Ordinal);

        // The cookie alone (no Authorization header) is a signed-in caller.
        var again = await console.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");
        Assert.Equal("admin", again.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Over_HTTPS_the_cookies_are_Secure()
    {
        var console = await host.ClientAsync(https: true);
        var (signIn, _) = await console.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        Assert.Contains("secure", Doors.SetCookie(signIn, "MailHub.Session")!.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("secure", Doors.SetCookie(signIn, "XSRF-TOKEN")!.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_signed_in_by_the_cookie_needs_the_xsrf_header_and_a_bearer_request_does_not()
    {
        var console = await host.ClientAsync();
        var (_, xsrf) = await console.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        var forged = await console.SendAsync(Doors.Post("/api/directory/departments", new { name = "Forged" }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Missing or stale anti-forgery token", (await forged.JsonAsync()).GetProperty("title").GetString());
        var wrong = await console.SendAsync(Doors.Post("/api/directory/departments", new { name = "Forged" }).WithXsrf("not-the-token"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

        var real = await console.SendAsync(Doors.Post("/api/directory/departments", new { name = "Real" }).WithXsrf(xsrf));
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        var names = (await console.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/directory/departments")).EnumerateArray()
            .Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("Real", names);
        Assert.DoesNotContain("Forged", names);

        // A script's bearer token is no ambient credential: no anti-forgery token needed.
        var script = await host.CreateClientAsync();
        var scripted = await script.PostAsJsonAsync("/api/directory/departments", new { name = "Scripted" });
        Assert.Equal(HttpStatusCode.Created, scripted.StatusCode);
    }

    [Fact]
    public async Task Signing_out_with_the_cookie_needs_the_xsrf_header_ends_the_session_and_drops_the_cookie()
    {
        var console = await host.ClientAsync();
        var (signIn, xsrf) = await console.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        var cookie = Doors.SetCookie(signIn, "MailHub.Session")!.Split(';')[0];

        Assert.Equal(HttpStatusCode.Forbidden, (await console.SendAsync(Doors.Post("/api/auth/sign-out"))).StatusCode);
        var signOut = await console.SendAsync(Doors.Post("/api/auth/sign-out").WithXsrf(xsrf));
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/api/auth/me")).StatusCode);
        // The old cookie, kept by someone who copied it, is refused too: the session is gone, not just the browser's cookie.
        var copied = await host.ClientAsync();
        var replay = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        replay.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copied.SendAsync(replay)).StatusCode);
    }

    [Fact]
    public async Task Me_renews_the_xsrf_token_for_a_cookie_session()
    {
        var console = await host.ClientAsync();
        await console.SignInAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        var me = await console.GetAsync("/api/auth/me");
        var xsrf = Doors.CookieValue(me, "XSRF-TOKEN");

        Assert.False(string.IsNullOrEmpty(xsrf));
        var created = await console.SendAsync(Doors.Post("/api/directory/departments", new { name = "After reload" }).WithXsrf(xsrf!));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
