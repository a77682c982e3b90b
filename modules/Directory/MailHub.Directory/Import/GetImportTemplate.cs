using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Import;

/// <summary>GET /api/directory/import/template (admins): the sheet to fill in, with its header row and an example row.</summary>
internal sealed class GetImportTemplate : Endpoint<SheetRequest>
{
    public override void Configure()
    {
        Get("/directory/import/template");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<byte[]>(StatusCodes.Status200OK, SheetFormats.XlsxMediaType, SheetFormats.CsvMediaType));
        Summary(s =>
        {
            s.Summary = "The import template (admins).";
            s.Description = "An XLSX (format=xlsx, the default) or CSV (format=csv) file with the header row in Chinese (locale=zh-CN) or "
                + "English (locale=en, the default) and one example row: account (1 to 32 letters, digits, '.', '_' or '-'), name, "
                + "departments (a path from the top of the tree with '/', several with ';'), email, mobile (with or without a country "
                + "code), position and status (active or inactive; 在职 or 停用). An import reads the headers in either language.";
        });
    }

    public override async Task HandleAsync(SheetRequest request, CancellationToken cancellationToken)
    {
        var format = SheetFormats.Parse(request.Format)!.Value;
        var language = SheetFormats.Language(request.Locale);
        var example = language == SheetLanguage.Chinese
            ? Example("zhangsan", "张三", "总部/售后;总部/销售", "+86 138 0013 8000", "客服")
            : Example("zhangsan", "Zhang San", "Headquarters/Support;Headquarters/Sales", "+86 138 0013 8000", "Support agent");
        using var file = new MemoryStream();
        DirectorySheet.Write(file, format, language, [example]);
        var name = language == SheetLanguage.Chinese ? "通讯录导入模板" : "directory-template";
        await Send.ResultAsync(Results.File(file.ToArray(), format.MediaType(), $"{name}.{format.Extension()}"));

        IReadOnlyDictionary<DirectoryColumn, string?> Example(string account, string name, string departments, string mobile, string position) =>
            new Dictionary<DirectoryColumn, string?>
            {
                [DirectoryColumns.Account] = account,
                [DirectoryColumns.Name] = name,
                [DirectoryColumns.Departments] = departments,
                [DirectoryColumns.Email] = "zhangsan@example.cn",
                [DirectoryColumns.Mobile] = mobile,
                [DirectoryColumns.Position] = position,
                [DirectoryColumns.Status] = DirectoryColumns.StatusText(true, language),
            };
    }
}
