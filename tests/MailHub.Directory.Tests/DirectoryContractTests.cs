using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.People.Tests;

/// <summary>What a client generated from /openapi/v1.json learns about the directory's forms and answers.</summary>
public sealed class DirectoryContractTests(MailHubFactory factory) : IClassFixture<MailHubFactory>
{
    [Fact]
    public async Task The_document_carries_the_member_forms_rules_and_the_kinds_of_suggestion()
    {
        var client = await factory.CreateClientAsync();
        var schemas = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");

        var member = schemas.GetProperty("CreateMemberRequest");
        Assert.Equal(["account", "departmentIds", "email", "name", "password"],
            member.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        var account = member.GetProperty("properties").GetProperty("account");
        Assert.Equal(32, account.GetProperty("maxLength").GetInt32());
        Assert.Equal("^[A-Za-z0-9._-]{1,32}$", account.GetProperty("pattern").GetString());
        Assert.Equal(8, member.GetProperty("properties").GetProperty("password").GetProperty("minLength").GetInt32()); // PasswordPolicy.MinLength
        Assert.Equal(["recent", "member", "customer"], schemas.GetProperty("SuggestionKind").GetProperty("enum").EnumerateArray().Select(k => k.GetString()));
    }
}
