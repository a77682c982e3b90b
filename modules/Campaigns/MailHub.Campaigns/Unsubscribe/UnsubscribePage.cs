using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Unsubscribe;

/// <summary>
/// GET /api/campaigns/unsubscribe?t=: the landing page of the link in a message's body, in Chinese or English
/// (Accept-Language, or lang=). Its button posts the one-click unsubscribe; the GET itself changes nothing, since mail
/// scanners open links.
/// </summary>
internal sealed class UnsubscribePage(Unsubscribing unsubscribing) : EndpointWithoutRequest<string>
{
    public override void Configure()
    {
        Get("/campaigns/unsubscribe");
        AllowAnonymous();
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<string>(StatusCodes.Status200OK, "text/html"));
        Summary(s =>
        {
            s.Summary = "The unsubscribe landing page (zh/en), without sign-in.";
            s.Description = "An HTML page naming the (masked) address with a button that unsubscribes it at once; 400 with a page saying "
                + "so for a token that is not valid.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var token = HttpContext.Request.Query["t"].ToString();
        var email = unsubscribing.EmailOf(token);
        await Send.StringAsync(Unsubscribing.Page(Language.PrefersChinese(HttpContext.Request), email, token, done: false),
            email is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, "text/html; charset=utf-8", cancellationToken);
    }
}
