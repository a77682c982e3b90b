using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

/// <summary>
/// An invited member and the one-time link to send them: it opens the console's page where they choose their password
/// and are signed in. The link works once, until expiresAt; it is shown only in this answer.
/// </summary>
internal sealed record MemberInvitationResponse(MemberResponse Member, string Link, DateTimeOffset ExpiresAt)
{
    /// <summary>The console's invitation page (<c>/welcome</c>) on the host the admin called; the token in the fragment never reaches a server log.</summary>
    public static MemberInvitationResponse Of(Member member, HttpRequest request, string token, DateTimeOffset expiresAt) =>
        new(MemberResponse.Of(member), $"{request.Scheme}://{request.Host}{request.PathBase}/welcome#{token}", expiresAt);
}
