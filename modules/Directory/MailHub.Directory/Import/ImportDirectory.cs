using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.People.Import;

/// <summary>An upload of the directory's sheet: the file (multipart field "file"), its format, and whether to apply the good rows.</summary>
internal sealed class ImportDirectoryRequest
{
    [QueryParam]
    public string? Format { get; init; }

    /// <summary>False (the default): a preview, nothing written.</summary>
    [QueryParam]
    public bool? Apply { get; init; }

    public IFormFile? File { get; init; }
}

internal sealed class ImportDirectoryRequestValidator : Validator<ImportDirectoryRequest>
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public ImportDirectoryRequestValidator()
    {
        RuleFor(r => r.Format).Must(f => SheetFormats.Parse(f) is not null).WithMessage("Use format=xlsx or format=csv.");
        RuleFor(r => r.File).NotNull().WithMessage("Send the filled-in template as the multipart field \"file\".");
        RuleFor(r => r.File!.Length).LessThanOrEqualTo(MaxBytes).When(r => r.File is not null)
            .WithMessage("The file is over 20 MB: split it and upload the parts one after the other.");
    }
}

/// <summary>POST /api/directory/import (admins).</summary>
internal sealed class ImportDirectory(DirectoryImport import) : Endpoint<ImportDirectoryRequest, ImportResponse>
{
    public override void Configure()
    {
        Post("/directory/import");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        AllowFileUploads();
        Description(d => d.ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Preview or apply an upload of the directory's sheet (admins).";
            s.Description = "The file (multipart field file; format=xlsx or csv) is the template filled in: a header row (English or Chinese "
                + "headers) and one member per row. With apply=false (the default) nothing changes: the answer lists every row's outcome "
                + "(created, updated, unchanged, error) and each error with its row as the spreadsheet numbers it (the header is row 1), "
                + "its column and cell, and why. With apply=true the rows without errors are written in one transaction (upserted by "
                + "account; departments the paths name are created) and the rows with errors are left out. Refused (400) for a file that "
                + $"is not such a sheet, over 20 MB or over {DirectoryImport.MaxRows:N0} rows.";
        });
    }

    public override async Task HandleAsync(ImportDirectoryRequest request, CancellationToken cancellationToken)
    {
        var format = SheetFormats.Parse(request.Format)!.Value;
        await using var file = request.File!.OpenReadStream();
        // MiniExcel reads an XLSX (a zip) by seeking; the upload's stream may not seek.
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        try
        {
            await Send.OkAsync(await import.RunAsync(buffer, format, request.Apply == true, cancellationToken), cancellationToken);
        }
        catch (SheetUnreadableException unreadable)
        {
            await Send.ResultAsync(Problems.Invalid("file", unreadable.Message));
        }
        catch (Exception e) when (e is DuplicateEmailException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Only a change made in the console between the comparison and the commit gets here (imports take turns).
            await Send.ResultAsync(Problems.Conflict("file", "A member's account or e-mail was taken in the console while the file was "
                + "applied; nothing was imported. Upload the file again to see the rows as they are now."));
        }
    }
}
