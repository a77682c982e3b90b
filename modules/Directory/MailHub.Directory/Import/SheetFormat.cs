namespace MailHub.People.Import;

/// <summary>The file formats of the template, the import and the export.</summary>
internal enum SheetFormat
{
    Xlsx,
    Csv,
}

internal static class SheetFormats
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvMediaType = "text/csv";

    public static string MediaType(this SheetFormat format) => format == SheetFormat.Csv ? CsvMediaType : XlsxMediaType;

    public static string Extension(this SheetFormat format) => format == SheetFormat.Csv ? "csv" : "xlsx";

    /// <summary>Null for anything but xlsx or csv (case-insensitive); missing means xlsx.</summary>
    public static SheetFormat? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "xlsx" => SheetFormat.Xlsx,
        "csv" => SheetFormat.Csv,
        _ => null,
    };

    /// <summary>Chinese for zh, zh-CN and the like; English for anything else.</summary>
    public static SheetLanguage Language(string? locale) =>
        locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? SheetLanguage.Chinese : SheetLanguage.English;
}
