using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Unsubscribe;

/// <summary>What the one-click POST answers to a mail client.</summary>
internal sealed record UnsubscribeResponse(bool Unsubscribed);

/// <summary>
/// POST /api/campaigns/unsubscribe?t=: RFC 8058 one-click unsubscribe, without sign-in (the signed token is the credential).
/// Mail clients POST "List-Unsubscribe=One-Click" (§3.2) to the List-Unsubscribe URL; the landing page's button posts here too.
/// </summary>
internal sealed class UnsubscribeOneClick(Unsubscribing unsubscribing) : EndpointWithoutRequest<UnsubscribeResponse>
{
    public override void Configure()
    {
        Post("/campaigns/unsubscribe");
        AllowAnonymous();
        AllowFormData(urlEncoded: true);
        Description(d => d.ProducesProblem(StatusCodes.Status400BadRequest));
        Summary(s =>
        {
            s.Summary = "One-click unsubscribe (RFC 8058), without sign-in: the address of the signed token t is suppressed at once.";
            s.Description = "The URL of every campaign message's List-Unsubscribe header; mail clients POST List-Unsubscribe=One-Click. "
                + "Answers 200 {unsubscribed: true} (an HTML page when the landing page's button sent it); 400 for a token that is not "
                + "valid. Nothing but the token is in the URL.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var token = HttpContext.Request.Query["t"].ToString();
        var fromPage = HttpContext.Request.HasFormContentType && (await HttpContext.Request.ReadFormAsync(cancellationToken))["page"] == "1";
        var email = await unsubscribing.UnsubscribeAsync(token, cancellationToken);
        if (fromPage)
        {
            await Send.StringAsync(Unsubscribing.Page(Language.PrefersChinese(HttpContext.Request), email, token, done: email is not null),
                email is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, "text/html; charset=utf-8", cancellationToken);
            return;
        }
        if (email is null)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid unsubscribe link",
                detail: "The token t is not valid or was cut short: use the unsubscribe link of the e-mail as it is."));
            return;
        }
        await Send.OkAsync(new UnsubscribeResponse(true), cancellationToken);
    }
}
