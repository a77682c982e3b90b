using System.Globalization;
using MiniExcelLibs;

namespace MailHub.Campaigns.Audiences;

/// <summary>The file cannot be read as an audience: <see cref="Exception.Message"/> (English) and <see cref="Chinese"/> say what to fix.</summary>
internal sealed class AudienceSheetException(string message, string chinese, Exception? inner = null) : Exception(message, inner)
{
    public string Chinese { get; } = chinese;
}

/// <summary>A column of the upload: its letter as the spreadsheet shows it (A, B, ...) and its header.</summary>
internal sealed record SheetColumn(string Letter, string Header);

/// <summary>One data row: its number as the spreadsheet shows it (the header is row 1) and its cells by column letter.</summary>
internal sealed record SheetRow(int Number, IReadOnlyDictionary<string, string?> Cells)
{
    public string? this[SheetColumn? column] => column is not null && Cells.TryGetValue(column.Letter, out var value) ? value : null;
}

/// <summary>An upload read: the e-mail and name columns, the custom fields' columns, and the rows.</summary>
internal sealed record AudienceSheetContent(SheetColumn Email, SheetColumn? Name, IReadOnlyList<SheetColumn> Fields, IReadOnlyList<SheetRow> Rows);

/// <summary>
/// Reads an audience from CSV (UTF-8) or XLSX with MiniExcel. Row 1 is the header: a column named email (邮箱, e-mail,
/// 电子邮件, 邮件地址) holds the address, name (姓名, 名字) the name, and every other named column is a custom field.
/// </summary>
internal static class AudienceSheet
{
    private static readonly HashSet<string> EmailHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "email", "e-mail", "mail", "email address", "邮箱", "电子邮件", "邮件地址", "邮箱地址", "电子邮箱" };

    private static readonly HashSet<string> NameHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "name", "full name", "姓名", "名字", "名称" };

    /// <summary>XLSX when the file is a ZIP (what an .xlsx is), else CSV.</summary>
    public static bool IsXlsx(ReadOnlySpan<byte> start) => start.Length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4;

    public static AudienceSheetContent Read(byte[] file, int maxRows)
    {
        var xlsx = IsXlsx(file);
        List<IDictionary<string, object?>> raw;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            raw = MiniExcel.Query(stream, useHeaderRow: false, excelType: xlsx ? ExcelType.XLSX : ExcelType.CSV)
                .Cast<IDictionary<string, object?>>()
                .Take(maxRows + 2)
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new AudienceSheetException(
                "The file is neither an XLSX workbook nor a CSV file in UTF-8: save it as Excel Workbook (.xlsx) or CSV UTF-8 and upload it again.",
                "文件不是 XLSX 工作簿，也不是 UTF-8 编码的 CSV：请另存为 Excel 工作簿（.xlsx）或 CSV UTF-8 后重新上传。", e);
        }
        if (raw.Count == 0)
            throw new AudienceSheetException("The file is empty: its first row is the header (email, name, then any custom fields).",
                "文件为空：第一行是表头（email、name，然后是自定义字段）。");

        var header = raw[0].Select(cell => (Letter: cell.Key, Text: Text(cell.Value))).Where(c => c.Text is not null)
            .Select(c => new SheetColumn(c.Letter, c.Text!)).ToList();
        var email = header.FirstOrDefault(c => EmailHeaders.Contains(c.Header))
            ?? throw new AudienceSheetException("Row 1 has no \"email\" column: name the column of addresses \"email\" (or 邮箱).",
                "第 1 行没有 \"email\" 列：请把地址所在列命名为 \"email\"（或“邮箱”）。");
        var name = header.FirstOrDefault(c => NameHeaders.Contains(c.Header));
        var fields = header.Where(c => c != email && c != name)
            .GroupBy(c => c.Header, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();

        var rows = new List<SheetRow>(raw.Count);
        for (var i = 1; i < raw.Count; i++)
        {
            var cells = raw[i].ToDictionary(c => c.Key, c => Text(c.Value), StringComparer.Ordinal);
            if (cells.Values.Any(v => v is not null))
                rows.Add(new SheetRow(i + 1, cells));
        }
        if (rows.Count > maxRows)
            throw new AudienceSheetException($"The file has more than {maxRows:N0} rows: split it and upload the parts as separate lists.",
                $"文件超过 {maxRows:N0} 行：请拆分后分别上传为多个列表。");
        return new AudienceSheetContent(email, name, fields, rows);
    }

    private static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
