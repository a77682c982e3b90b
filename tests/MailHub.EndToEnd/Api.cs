using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.EndToEnd;

/// <summary>The API calls of the scenario, each asserting the status a QA person would expect.</summary>
internal static class Api
{
    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PutAsync(HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string path) => client.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Polls <paramref name="path"/> until <paramref name="until"/> holds (20 s): the flow is asynchronous past SMTP's 250.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string path, Func<JsonElement, bool> until, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement last;
        do
        {
            last = await GetAsync(client, path);
            if (until(last))
                return last;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Waited 20 s for {what}; GET {path} last answered {last}");
    }
}
