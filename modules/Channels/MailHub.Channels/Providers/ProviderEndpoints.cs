using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Channels.Providers;

/// <summary>GET /api/channels/providers: the presets the mailbox form offers.</summary>
internal static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/channels/providers", () => Results.Ok(ProviderPresets.All.Select(p => new
        {
            id = p.Id,
            name = p.Name,
            nameZh = p.NameZh,
            imap = p.Imap,
            pop3 = p.Pop3,
            smtp = p.Smtp,
            smtpAlternatives = p.SmtpAlternatives,
            authorizationCode = p.AuthorizationCode,
            oauth2 = p.OAuth2,
            passwordHelp = p.PasswordHelp,
            passwordHelpZh = p.PasswordHelpZh,
            quirks = p.Quirks,
        })))
        .WithTags("Channels")
        .WithSummary("Mail providers with their IMAP/POP3/SMTP servers, where to get an authorization code, and their quirks.");
}
