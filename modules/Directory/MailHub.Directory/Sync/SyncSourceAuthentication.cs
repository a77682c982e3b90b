using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.People.Sync;

/// <summary>
/// A sync source's token (<c>Authorization: Bearer mhsync_...</c>) as a credential of its own scheme. Only the sync endpoint
/// names this scheme: everywhere else the API authenticates with its default scheme (console cookie or console bearer token),
/// which cannot read a sync token, so the token can do nothing but push its own source's directory.
/// </summary>
internal sealed class SyncSourceAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SyncSourceStore sources)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DirectorySyncSource";

    /// <summary>The role of a sync token's principal: no endpoint but the sync asks for it.</summary>
    public const string Role = "directory-sync";

    /// <summary>The claim naming the token's source.</summary>
    public const string SourceClaim = "mailhub:sync-source";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var token = header[bearer.Length..].Trim();
        if (!token.StartsWith(SyncSourceStore.TokenPrefix, StringComparison.Ordinal))
            return AuthenticateResult.NoResult();
        if (await sources.FindByTokenAsync(token, Context.RequestAborted) is not { } source)
            return AuthenticateResult.Fail("No sync source has this token: it was renewed or the source was removed.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"sync source {source}"),
            new Claim(ClaimTypes.Role, Role),
            new Claim(SourceClaim, source),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
