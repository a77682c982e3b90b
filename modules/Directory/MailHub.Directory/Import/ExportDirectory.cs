using FastEndpoints;
using MailHub.People.Bulk;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.People.Import;

/// <summary>GET /api/directory/export (admins): every member in the import's columns, so the file re-imports unchanged.</summary>
internal sealed class ExportDirectory(NpgsqlDataSource dataSource) : Endpoint<SheetRequest>
{
    public override void Configure()
    {
        Get("/directory/export");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<byte[]>(StatusCodes.Status200OK, SheetFormats.XlsxMediaType, SheetFormats.CsvMediaType));
        Summary(s =>
        {
            s.Summary = "The directory as a sheet (admins).";
            s.Description = "Every member, deactivated ones included, by account, in the import template's columns (format=xlsx, the "
                + "default, or csv; headers in Chinese with locale=zh-CN, else English). Uploading the file to POST /api/directory/import "
                + "finds every row unchanged.";
        });
    }

    public override async Task HandleAsync(SheetRequest request, CancellationToken cancellationToken)
    {
        var format = SheetFormats.Parse(request.Format)!.Value;
        var language = SheetFormats.Language(request.Locale);
        DirectorySnapshot directory;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            directory = await DirectorySnapshot.ReadAsync(connection, null, cancellationToken);
        var rows = directory.Members.Select(m => (IReadOnlyDictionary<DirectoryColumn, string?>)new Dictionary<DirectoryColumn, string?>
        {
            [DirectoryColumns.Account] = m.Account,
            [DirectoryColumns.Name] = m.Name,
            [DirectoryColumns.Departments] = string.Join(DirectoryColumns.ListSeparator, m.DepartmentIds.Select(directory.PathOf)),
            [DirectoryColumns.Email] = m.Email,
            [DirectoryColumns.Mobile] = m.Mobile,
            [DirectoryColumns.Position] = m.Position,
            [DirectoryColumns.Status] = DirectoryColumns.StatusText(m.Active, language),
        });
        using var file = new MemoryStream();
        DirectorySheet.Write(file, format, language, rows);
        var name = language == SheetLanguage.Chinese ? "通讯录" : "directory";
        await Send.ResultAsync(Results.File(file.ToArray(), format.MediaType(), $"{name}-{DateTime.UtcNow:yyyyMMdd}.{format.Extension()}"));
    }
}
