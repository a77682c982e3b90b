using System.Globalization;
using MailHub.Core.Accounts;

namespace MailHub.Host.Api.Auth;

/// <summary>Why an invitation link does not work, and what the invitee does about it.</summary>
internal static class InvitationProblems
{
    public static IResult Unknown() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This invitation link does not work",
        detail: "It was used already, or replaced by a newer link. If you chose your password, sign in with it; otherwise ask your "
            + "administrator for a new link.");

    public static IResult Expired(Invitation invitation) => Results.Problem(statusCode: StatusCodes.Status410Gone,
        title: "This invitation link expired",
        detail: $"It worked until {invitation.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: "
            + "ask your administrator for a new link.");
}
