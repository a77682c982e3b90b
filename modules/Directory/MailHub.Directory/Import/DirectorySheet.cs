using System.Data;
using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace MailHub.People.Import;

/// <summary>A row of an uploaded sheet: its number as the spreadsheet shows it (the header is row 1) and its cells by column.</summary>
internal sealed record SheetRow(int Number, IReadOnlyDictionary<DirectoryColumn, string?> Cells)
{
    public string? this[DirectoryColumn column] => Cells.TryGetValue(column, out var value) ? value : null;
}

/// <summary>The rows of an upload, and where each column is (0 is A), to name a cell as the spreadsheet does.</summary>
internal sealed record SheetContent(IReadOnlyList<SheetRow> Rows, IReadOnlyDictionary<DirectoryColumn, int> Columns);

/// <summary>The sheet cannot be read as the directory's: <see cref="Exception.Message"/> says what to fix.</summary>
internal sealed class SheetUnreadableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads and writes the directory's spreadsheet (XLSX or CSV) with MiniExcel; the first row is the header.</summary>
internal static class DirectorySheet
{
    public static SheetContent Read(Stream file, SheetFormat format, int maxRows)
    {
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = MiniExcel.Query(file, useHeaderRow: false, excelType: ExcelTypeOf(format), configuration: Configuration(format))
                .Cast<IDictionary<string, object?>>()
                .Take(maxRows + 2) // the header, the rows allowed, and one more to tell that there are too many
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SheetUnreadableException(format == SheetFormat.Csv
                ? "The file is not a CSV file the directory can read: save it from the template as CSV (UTF-8) and upload it again."
                : "The file is not an XLSX workbook: save it from the template as Excel Workbook (.xlsx) and upload it again.", e);
        }
        if (raw.Count == 0)
            throw new SheetUnreadableException("The file is empty: fill in the template (its first row is the header) and upload it again.");

        var columns = HeaderOf(raw[0]);
        var rows = new List<SheetRow>(raw.Count);
        for (var i = 1; i < raw.Count; i++)
        {
            var cells = new Dictionary<DirectoryColumn, string?>();
            foreach (var (letter, column) in columns)
                cells[column] = Text(raw[i].TryGetValue(letter, out var value) ? value : null);
            if (cells.Values.Any(v => v is not null))
                rows.Add(new SheetRow(i + 1, cells)); // blank rows keep their number but are not rows to import
        }
        if (rows.Count > maxRows)
            throw new SheetUnreadableException($"The file has more than {maxRows:N0} rows: split it and upload the parts one after the other.");
        return new SheetContent(rows, columns.ToDictionary(c => c.Value, c => IndexOf(c.Key)));
    }

    private static int IndexOf(string letters) => letters.Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;

    public static void Write(Stream file, SheetFormat format, SheetLanguage language, IEnumerable<IReadOnlyDictionary<DirectoryColumn, string?>> rows)
    {
        // A table rather than row dictionaries: MiniExcel writes its header even when there are no rows.
        using var table = new DataTable();
        foreach (var column in DirectoryColumns.All)
            table.Columns.Add(column.Header(language), typeof(string));
        foreach (var row in rows)
            table.Rows.Add(DirectoryColumns.All.Select(c => (object?)(row.TryGetValue(c, out var value) ? value ?? "" : "")).ToArray());
        MiniExcel.SaveAs(file, table, excelType: ExcelTypeOf(format), configuration: Configuration(format));
    }

    private static Dictionary<string, DirectoryColumn> HeaderOf(IDictionary<string, object?> header)
    {
        var columns = new Dictionary<string, DirectoryColumn>();
        foreach (var (letter, value) in header)
        {
            if (Text(value) is { } text && DirectoryColumns.OfHeader(text) is { } column && !columns.ContainsValue(column))
                columns[letter] = column;
        }
        var missing = DirectoryColumns.Required.Where(c => !columns.ContainsValue(c)).ToList();
        if (missing.Count > 0)
            throw new SheetUnreadableException("Row 1 must be the template's header; it lacks "
                + string.Join(", ", missing.Select(c => $"\"{c.English}\" ({c.Chinese})"))
                + ": download the template and copy the rows into it.");
        return columns;
    }

    private static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            double d => d.ToString("0.##########", CultureInfo.InvariantCulture), // a mobile typed as a number
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static ExcelType ExcelTypeOf(SheetFormat format) => format == SheetFormat.Csv ? ExcelType.CSV : ExcelType.XLSX;

    // CSV in UTF-8 with a byte-order mark, which Excel needs to show Chinese; a file without one is read as UTF-8 too.
    private static IConfiguration? Configuration(SheetFormat format) => format == SheetFormat.Csv
        ? new CsvConfiguration { StreamWriterFunc = stream => new StreamWriter(stream, new System.Text.UTF8Encoding(true)) }
        : null;
}
