using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Api;

/// <summary>
/// POST /api/attachments: one file in the multipart/form-data field <c>file</c>. Describes the form for the document;
/// the endpoint reads the form itself (<see cref="UploadAttachment"/>), to raise the body size limit to the upload cap first.
/// </summary>
internal sealed record UploadAttachmentRequest(IFormFile File);

/// <summary>The stored upload: its id goes in a reply's attachments.</summary>
internal sealed record UploadAttachmentResponse(Guid Id, string FileName, string ContentType, long Size);

/// <summary>POST /api/attachments: a file uploaded before it is attached to a reply.</summary>
internal sealed class UploadAttachment(UploadStore uploads, IOptions<ConversationsOptions> options)
    : Endpoint<UploadAttachmentRequest, UploadAttachmentResponse>
{
    // Room for the multipart framing around the file; the file itself is checked exactly.
    private const int Framing = 64 * 1024;

    public override void Configure()
    {
        Post("/attachments");
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<UploadAttachmentResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        Summary(s =>
        {
            s.Summary = "Upload a file to attach to a reply.";
            s.Description = "One file in the multipart/form-data field file, at most MailHub:Conversations:MaxUploadBytes (25 MB by "
                + "default). Answers 201 with its id (give it in a reply's attachments), file name, content type and size; 400 "
                + "without a file, 413 when it is too large.";
        });
    }

    public override async Task HandleAsync(UploadAttachmentRequest request, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxUploadBytes;
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max + Framing;
        if (HttpContext.Request.ContentLength > max + Framing)
        {
            await Send.ResultAsync(TooLarge(max));
            return;
        }
        if (!HttpContext.Request.HasFormContentType)
        {
            await Send.ResultAsync(Problems.Invalid("file", "Send the file as multipart/form-data."));
            return;
        }
        IFormCollection form;
        try
        {
            form = await HttpContext.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + Framing }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            await Send.ResultAsync(TooLarge(max));
            return;
        }
        var file = form.Files.FirstOrDefault();
        if (file is null)
        {
            await Send.ResultAsync(Problems.Invalid("file", "Send one file in a multipart/form-data field named 'file'."));
            return;
        }
        if (file.Length > max)
        {
            await Send.ResultAsync(TooLarge(max));
            return;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var contentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType;
        var fileName = Path.GetFileName(file.FileName);
        var id = await uploads.SaveAsync(fileName, contentType, buffer.ToArray(), User.AccountId(), cancellationToken);
        await Send.ResultAsync(TypedResults.Created($"/api/attachments/{id}", new UploadAttachmentResponse(id, fileName, contentType, file.Length)));
    }

    private static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
            detail: $"Attachments may be at most {max / (1024 * 1024.0):0.#} MB; share larger files by link.");
}
