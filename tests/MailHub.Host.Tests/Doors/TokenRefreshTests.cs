using System.Net;
using System.Net.Http.Json;
using MailHub.Testing;

namespace MailHub.Host.Tests.Doors;

public sealed class TokenRefreshTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task A_refresh_token_gives_a_new_bearer_token_that_opens_the_api()
    {
        var client = await host.ClientAsync();
        var token = await client.TokenAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var renewed = (await refresh.Content.ReadFromJsonAsync<Doors.TokenResponse>())!;
        Assert.NotEqual(token.AccessToken, renewed.AccessToken);
        Assert.True(renewed.ExpiresIn > 0);
        var me = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(renewed.AccessToken));
        Assert.Equal(MailHubFactory.AdminEmail, (await me.JsonAsync()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task After_sign_out_neither_the_token_nor_its_refresh_token_works()
    {
        var client = await host.ClientAsync();
        var token = await client.TokenAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);
        var other = await client.TokenAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        var signOut = await client.SendAsync(Doors.Post("/api/auth/sign-out").Bearer(token.AccessToken));
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        var me = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(token.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal("Sign in again", (await refresh.JsonAsync()).GetProperty("title").GetString());
        // Another sign-in of the same account is another session: still signed in.
        var otherMe = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").Bearer(other.AccessToken));
        Assert.Equal(HttpStatusCode.OK, otherMe.StatusCode);
    }

    [Fact]
    public async Task A_made_up_or_missing_refresh_token_is_refused()
    {
        var client = await host.ClientAsync();

        var madeUp = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "CfDJ8-not-a-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, madeUp.StatusCode);
        var missing = await client.PostAsJsonAsync("/api/auth/refresh", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.JsonAsync()).GetProperty("errors").TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task An_access_token_is_not_a_refresh_token()
    {
        var client = await host.ClientAsync();
        var token = await client.TokenAsync(MailHubFactory.AdminEmail, MailHubFactory.AdminPassword);

        var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.AccessToken });

        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }
}
