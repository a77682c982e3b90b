using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Api;

internal static class UploadEndpoints
{
    public static void MapUploads(this IEndpointRouteBuilder api) =>
        api.MapPost("/attachments", async (HttpContext context, UploadStore uploads, IOptions<ConversationsOptions> options,
            CancellationToken cancellationToken) =>
        {
            var max = options.Value.MaxUploadBytes;
            // Room for the multipart framing around the file; the file itself is checked exactly below.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = max + 64 * 1024;
            if (context.Request.ContentLength > max + 64 * 1024)
                return TooLarge(max);
            if (!context.Request.HasFormContentType)
                return Problems.BadRequest("Send the file as multipart/form-data.");
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + 64 * 1024 }, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return TooLarge(max);
            }
            var file = form.Files.FirstOrDefault();
            if (file is null)
                return Problems.BadRequest("Send one file in a multipart/form-data field named 'file'.");
            if (file.Length > max)
                return TooLarge(max);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var contentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType;
            var fileName = Path.GetFileName(file.FileName);
            var id = await uploads.SaveAsync(fileName, contentType, buffer.ToArray(), context.User.AccountId(), cancellationToken);
            return Results.Created($"/api/attachments/{id}", new { id, fileName, contentType, size = file.Length });
        })
        .DisableAntiforgery()
        .WithTags("Conversations")
        .WithSummary("Upload a file to attach to a reply (multipart/form-data; capped by MailHub:Conversations:MaxUploadBytes).");

    private static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
            detail: $"Attachments may be at most {max / (1024 * 1024.0):0.#} MB; share larger files by link.");
}
