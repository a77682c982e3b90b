using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.People.Tests;

/// <summary>Short-hands for the directory API as an admin would call it.</summary>
internal static class DirectoryApi
{
    public const string Password = "agent-password-1";

    public static async Task<Guid> CreateDepartmentAsync(this HttpClient admin, string name, Guid? parentId = null)
    {
        var response = await admin.PostAsJsonAsync("/api/directory/departments", new { name, parentId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreateMemberAsync(this HttpClient admin, string account, string name, Guid departmentId, string role = "agent")
    {
        var response = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name, email = $"{account}@example.cn", password = Password, role, departmentIds = new[] { departmentId },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Task<HttpClient> LoginAsync(this MailHubFactory factory, string account) =>
        factory.CreateClientAsync($"{account}@example.cn", Password);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The field names of a validation problem's errors.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
            await Task.Delay(100, timeout.Token);
    }
}
