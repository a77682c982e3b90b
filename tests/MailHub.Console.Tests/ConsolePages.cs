using System.Text.RegularExpressions;

namespace MailHub.Console.Tests;

/// <summary>What every console test does: sign in through the form, by the names a user reads.</summary>
public static class ConsolePages
{
    /// <summary>Signs in with the English form ("Email", "Password", "Sign in") and waits for the conversations.</summary>
    public static async Task SignInAsync(this IPage page, ConsoleHost host, string email, string password)
    {
        await page.GotoAsync(host.Url + "/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/conversations"));
    }
}
