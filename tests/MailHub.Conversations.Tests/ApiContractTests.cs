using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.Conversations.Tests;

/// <summary>
/// What a client of the conversation API reads when it gets something wrong: a 400 problem whose errors name the
/// request field (as the OpenAPI document's validators say), and the event stream opened the way a browser's
/// EventSource must (the token in the query).
/// </summary>
public sealed class ApiContractTests(MailHubFactory host) : IClassFixture<MailHubFactory>
{
    [Theory]
    [InlineData("/api/conversations?status=archived", "status", "Unknown status 'archived': use open, pending, snoozed or closed.")]
    [InlineData("/api/conversations?view=everything", "view", "Unknown view 'everything': use mine, unassigned, teams or all.")]
    [InlineData("/api/conversations?sort=oldest", "sort", "Unknown sort 'oldest': use latest or waiting.")]
    [InlineData("/api/conversations?assignee=bob", "assignee", "assignee is 'me', 'unassigned' or an agent's id.")]
    [InlineData("/api/conversations?cursor=not-ours", "cursor", "The cursor is not one this API gave out for this sort: start again without it.")]
    public async Task A_list_filter_it_does_not_know_is_refused_naming_the_filter(string path, string field, string message)
    {
        var client = await host.CreateClientAsync();
        await AssertRefusedAsync(await client.GetAsync(path), field, message);
    }

    [Fact]
    public async Task Replies_notes_and_templates_without_their_text_are_refused_naming_the_field()
    {
        var client = await host.CreateClientAsync();
        var conversation = Guid.NewGuid();

        await AssertRefusedAsync(await client.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text = " ", cc = new[] { "boss@example.cn" } }),
            "text", "Write the reply: give text, html, or both.");
        await AssertRefusedAsync(await client.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "" }), "text", "Write the note's text.");
        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/conversations/templates", new { name = "  ", text = "您好" }), "name", "Name the template.");
        await AssertRefusedAsync(await client.PutAsJsonAsync($"/api/conversations/templates/{Guid.NewGuid()}", new { name = "退款" }),
            "text", "Write the template's text.");
        await AssertRefusedAsync(await client.GetAsync($"/api/conversations/templates/{Guid.NewGuid()}/render"),
            "conversation", "Name the conversation to fill the template in for: ?conversation={id}.");

        // With its text, an unknown conversation is the refusal.
        var unknown = await client.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "VIP" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_call_without_a_body_is_answered_when_it_names_json_as_its_content_type_as_scripts_send_it()
    {
        var client = await host.CreateClientAsync();
        HttpRequestMessage Bodiless(HttpMethod method, string path) =>
            new(method, path) { Content = new StringContent("", System.Text.Encoding.UTF8, "application/json") };

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bodiless(HttpMethod.Get, "/api/conversations?status=open"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Bodiless(HttpMethod.Post, $"/api/conversations/{Guid.NewGuid()}/close"))).StatusCode);
    }

    [Fact]
    public async Task An_upload_without_a_file_is_refused_naming_the_file_field()
    {
        var client = await host.CreateClientAsync();
        using var form = new MultipartFormDataContent { { new StringContent("说明"), "note" } };
        await AssertRefusedAsync(await client.PostAsync("/api/attachments", form), "file", "Send one file in a multipart/form-data field named 'file'.");
    }

    [Fact]
    public async Task The_event_stream_takes_the_token_in_the_query_as_an_EventSource_sends_it()
    {
        var signIn = await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = MailHubFactory.AdminEmail, password = MailHubFactory.AdminPassword });
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/events/stream", timeout.Token)).StatusCode);
        using var stream = await ServerSentEvents.OpenAsync(host.CreateClient(), "/api/events/stream?access_token=" + Uri.EscapeDataString(token), timeout.Token);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }
}
