using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Html;
using MailHub.Conversations.Reading;
using MailHub.Conversations.RemoteImages;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Messages;

/// <summary>GET /api/messages/{id}/remote-image?url=: one remote image of the message's HTML.</summary>
internal sealed record MessageRemoteImageRequest([property: RouteParam] Guid Id, [property: QueryParam] string Url);

internal sealed class MessageRemoteImageRequestValidator : Validator<MessageRemoteImageRequest>
{
    public MessageRemoteImageRequestValidator()
    {
        RuleFor(r => r.Url).NotEmpty().WithMessage("Name the image: ?url= with the address of an image the message shows.")
            .MaximumLength(8192)
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .WithMessage("Only http and https images are fetched.");
    }
}

/// <summary>
/// GET /api/messages/{id}/remote-image: the image proxy behind "Show images". The console's Content-Security-Policy loads
/// images from MailHub only, and a mail's images go to the sender's server only when the agent asks; so MailHub fetches
/// them, and only those the message's HTML shows (not an open proxy), from public addresses only (not a way into MailHub's
/// own network).
/// </summary>
internal sealed class GetMessageRemoteImage(ConversationQueries queries, ConversationAccessGuard guard, RemoteImageFetcher fetcher)
    : Endpoint<MessageRemoteImageRequest>
{
    public override void Configure()
    {
        Get("/messages/{id:guid}/remote-image");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/gif", "image/jpeg", "image/webp", "image/avif", "image/bmp", "image/x-icon")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway));
        Summary(s =>
        {
            s.Summary = "A remote image of a message, fetched by MailHub.";
            s.Description = "Fetches an image the message's HTML shows (url exactly as in its img src; GET /api/conversations/{id}?images=true "
                + "points the HTML at these URLs) and answers its bytes: http and https only, PNG, GIF, JPEG, WebP, AVIF, BMP or icon "
                + "(no SVG), at most MailHub:Conversations:RemoteImages:MaxBytes (5 MB), up to 3 redirects, without cookies, "
                + "credentials or referrer, and only from public addresses (loopback, private and link-local ones are refused unless "
                + "AllowPrivateAddresses). Answers 404 for an unknown message or a URL the message does not show, 403 for a "
                + "conversation of another team, 502 with the reason when the image cannot be fetched or is refused.";
        });
    }

    public override async Task HandleAsync(MessageRemoteImageRequest request, CancellationToken cancellationToken)
    {
        var message = await queries.MessageAsync(request.Id, cancellationToken);
        if (message is null)
        {
            await Send.ResultAsync(Problems.NotFound("message", request.Id));
            return;
        }
        var (_, refusal) = await guard.CheckAsync(User, message.ConversationId, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var shown = message.Html is null ? [] : HtmlSanitizer.Sanitize(message.Html, _ => null).RemoteImages;
        if (!shown.Contains(request.Url, StringComparer.Ordinal))
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The message shows no image at this URL",
                detail: "Only the images a message's HTML shows are fetched: take the URL from GET /api/conversations/{id}?images=true."));
            return;
        }
        var image = await fetcher.FetchAsync(request.Url, cancellationToken);
        if (image.Bytes is null)
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The image could not be shown",
                detail: image.Refusal));
            return;
        }
        HttpContext.Response.Headers.CacheControl = "private, max-age=86400";
        await Send.ResultAsync(Results.Bytes(image.Bytes, image.ContentType));
    }
}
