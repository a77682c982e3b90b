using FastEndpoints;
using MailHub.Campaigns.Suppressions;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MailHub.Campaigns.Audiences;

/// <summary>The form: the list's name, the file (CSV or XLSX), and apply=false to preview without importing.</summary>
internal sealed record UploadAudienceRequest(string Name, IFormFile File, bool? Apply);

/// <summary>A row not imported: row and column as the spreadsheet shows them, the reason (invalid, duplicate, suppressed) and its words.</summary>
internal sealed record AudienceRowError(int Row, string Column, string Reason, string Message);

/// <summary>What was (or, previewed, would be) imported. <c>id</c> is null for a preview.</summary>
internal sealed record UploadAudienceResponse(Guid? Id, string Name, bool Applied, int Imported, int Skipped, IReadOnlyList<string> Fields,
    IReadOnlyList<AudienceRowError> Errors);

/// <summary>POST /api/campaigns/audiences: an audience from an uploaded CSV or XLSX, previewed or imported.</summary>
internal sealed class UploadAudience(AudienceStore audiences, SuppressionStore suppressions, IOptions<CampaignsOptions> options)
    : Endpoint<UploadAudienceRequest, UploadAudienceResponse>
{
    private const int Framing = 64 * 1024;

    public override void Configure()
    {
        Post("/campaigns/audiences");
        Roles(Core.Accounts.Roles.Admin);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<UploadAudienceResponse>(StatusCodes.Status200OK, "application/json")
            .Produces<UploadAudienceResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        Summary(s =>
        {
            s.Summary = "Upload an audience (admins): a CSV or XLSX of addresses, names and custom fields; preview or import.";
            s.Description = "multipart/form-data with name, file and apply (false previews: nothing is stored). Row 1 is the header: an "
                + "email (邮箱) column, optionally name (姓名), every other column a custom field usable as a merge field. Each row "
                + "that is not imported is listed with its row, column and reason (invalid, duplicate, suppressed), in Chinese when "
                + "Accept-Language asks for it. Answers 201 with the new audience's id when imported, 200 for a preview; 400 when "
                + "the file cannot be read (the detail says how to save it), 413 above MailHub:Campaigns:MaxUploadBytes.";
        });
    }

    public override async Task HandleAsync(UploadAudienceRequest request, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxUploadBytes;
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max + Framing;
        var chinese = Language.PrefersChinese(HttpContext.Request);
        if (!HttpContext.Request.HasFormContentType)
        {
            await Send.ResultAsync(Problems.Invalid("file", "Send the list as multipart/form-data with the fields name, file and apply."));
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
        var name = form["name"].ToString().Trim();
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        var apply = !string.Equals(form["apply"].ToString(), "false", StringComparison.OrdinalIgnoreCase);
        var errors = new FieldErrors();
        if (file is null)
            errors.Add("file", "Send the CSV or XLSX file in the form field 'file'.");
        if (apply && name.Length == 0)
            errors.Add("name", "Give the list a name, e.g. \"Newsletter 2026\".");
        if (name.Length > 200)
            errors.Add("name", "Keep the list's name to 200 characters.");
        if (errors.Any)
        {
            await Send.ResultAsync(errors.ToResult());
            return;
        }
        if (file!.Length > max)
        {
            await Send.ResultAsync(TooLarge(max));
            return;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        AudienceSheetContent sheet;
        try
        {
            sheet = AudienceSheet.Read(buffer.ToArray(), options.Value.MaxAudienceRows);
        }
        catch (AudienceSheetException e)
        {
            await Send.ResultAsync(Problems.Invalid("file", chinese ? e.Chinese : e.Message));
            return;
        }
        var suppressed = await suppressions.LookupAsync(
            sheet.Rows.Select(r => r[sheet.Email]).OfType<string>().Select(AudienceImport.Normalize).OfType<string>(), cancellationToken);
        var preview = AudienceImport.Check(sheet, suppressed);
        var rowErrors = preview.Errors.Select(e => new AudienceRowError(e.Row, e.Column, e.Reason, RowReasons.Describe(e.Reason, e.Detail, chinese))).ToList();
        if (!apply)
        {
            await Send.OkAsync(new UploadAudienceResponse(null, name, false, preview.Rows.Count, preview.Errors.Count, preview.Fields, rowErrors),
                cancellationToken);
            return;
        }
        var id = await audiences.CreateAsync(name, preview, cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/campaigns/audiences/{id}";
        await Send.ResponseAsync(new UploadAudienceResponse(id, name, true, preview.Rows.Count, preview.Errors.Count, preview.Fields, rowErrors),
            StatusCodes.Status201Created, cancellationToken);
    }

    private static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
            detail: $"A list may be at most {max / (1024 * 1024.0):0.#} MB: split it and upload the parts as separate lists.");
}
