using System.Net;
using MailHub.Testing;

namespace MailHub.People.Tests;

/// <summary>A host whose Search limit is two calls an hour, so the third is refused whatever the machine's speed.</summary>
public sealed class SearchLimitedHost : MailHubFactory
{
    public SearchLimitedHost()
    {
        Settings["MailHub:RateLimits:Search:PermitLimit"] = "2";
        Settings["MailHub:RateLimits:Search:Window"] = "01:00:00";
    }
}

public sealed class SuggestRateLimitTests(SearchLimitedHost host) : IClassFixture<SearchLimitedHost>
{
    [Fact]
    public async Task Suggestions_past_the_search_limit_answer_429_with_when_to_try_again()
    {
        var admin = await host.CreateClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/directory/suggestions?q=li")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/directory/suggestions?q=lil")).StatusCode);

        var refused = await admin.GetAsync("/api/directory/suggestions?q=lile");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/directory/customers?q=lile")).StatusCode);
    }
}
